"""Previewing a draft in a front end on another site (wagtail-headless-preview, issue 19).

Each page type a front end renders gets a second preview mode, "front end", beside the site's
own: Wagtail keeps the draft as it is in the editor under a signed token (the package's
PagePreview), and the preview panel opens the front end's preview address for the page's site
(WAGTAIL_HEADLESS_PREVIEW's CLIENT_URLS, from HEADLESS_PREVIEW_URLS) with `content_type` and
`token`. The front end asks /api/v2/preview/ with them (cms/api.py): the draft is served there
only, with its token; the public endpoints keep serving the live pages.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview
from wagtail_headless_preview.settings import headless_preview_settings

MODE = "front-end"
# A preview's token opens it for a day (the package forgets its drafts after a day too).
TOKEN_MAX_AGE = dt.timedelta(days=1)


def front_end_configured() -> bool:
    return bool(headless_preview_settings.CLIENT_URLS)


class FrontEndPreviewMixin(HeadlessPreviewMixin):
    """The site's own preview first (the default), then the front end's when one is set."""

    @property
    def preview_modes(self):
        modes = list(super().preview_modes)
        if front_end_configured():
            modes.append((MODE, _("Front end (headless)")))
        return modes

    def get_client_root_url(self, request) -> str:
        """The preview address of the front end of the page's own site (a territory with its
        own address has its own front end), not of the admin's address."""
        site = self.get_site() or Site.find_for_request(request)
        urls = headless_preview_settings.CLIENT_URLS
        root = urls.get(site.hostname if site else "", urls.get("default", ""))
        if headless_preview_settings.ENFORCE_TRAILING_SLASH:
            root = root.rstrip("/") + "/"
        return root

    def serve_preview(self, request, mode_name):
        if mode_name == MODE and front_end_configured():
            return HeadlessPreviewMixin.serve_preview(self, request, mode_name)
        # The page type's own preview (HeadlessPreviewMixin's replaces it for every mode).
        return super(HeadlessPreviewMixin, self).serve_preview(request, mode_name)


def previewed_page(content_type: str, token: str):
    """The draft that `token` keeps for a page of `content_type` (`pages.actionpage`, as the
    preview address gives it), or None: a token altered, older than a day, of another type,
    or of a preview forgotten."""
    app_label, _dot, model = content_type.partition(".")
    try:
        HeadlessPreviewMixin.get_preview_signer().unsign(token, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    preview = (
        PagePreview.objects.filter(
            token=token,
            content_type__app_label=app_label,
            content_type__model=model.lower(),
        )
        .select_related("content_type")
        .first()
    )
    if preview is None or not issubclass(
        preview.content_type.model_class() or object, FrontEndPreviewMixin
    ):
        return None
    return preview.as_page()
