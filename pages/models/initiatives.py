"""Initiatives: existing initiatives and good practices of a territory, under its "initiatives"
index (InitiativeIndexPage), published only after moderation (see the workflows app)."""

import re

from django.core.paginator import Paginator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.widgets import BaseChooser
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.widgets import AdminImageChooser
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.privatemedia import is_private
from core.vocabulary import ActionKind

from .. import fallback
from ..blocks import BodyBlock
from ..headless import FrontEndPreviewMixin
from ..payload import ChildrenField
from ..permission_testers import (
    InitiativeIndexPermissionTester,
    InitiativePermissionTester,
    may_publish_unattended,
)
from ..tree import public_only
from .forms import PageForm

# Who may see who proposed an initiative (its reviewers): asked of the functions registered
# under this hook (workflows/wagtail_hooks.py), since the pages know no workflow.
MAY_SEE_SUBMITTER_HOOK = "may_see_initiative_submitter"
# The admin's address of a submitted photo awaiting moderation, which only its reviewers may
# open (registered by workflows/wagtail_hooks.py): the editor's chooser shows the photo from
# there, since the photo has no public address yet (core/privatemedia.py).
# What people type before a photo's credit, which the page already says ("Photo : Camille").
CREDIT_PREFIX = re.compile(r"^\s*(?:(?:cr[ée]dits?\s+)?photos?\s*(?:[:：-]|$)|©|\(c\))\s*", re.I)
PENDING_PHOTO_URL = "workflows_pending_photo"
PREVIEW_SIDE = 165  # Wagtail's chooser preview: max-165x165


def may_see_submitter(user, page) -> bool:
    """The submitter's name, e-mail and organisation are for the reviewers of the initiative
    (its moderation tasks' reviewers) and the administrators, not for every editor of the
    page (issue 14)."""
    from wagtail import hooks

    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return any(fn(user, page) for fn in hooks.get_hooks(MAY_SEE_SUBMITTER_HOOK))


class ReviewersOnlyPanel(MultiFieldPanel):
    """A group of fields shown only to those `may_see_submitter` lets in: in the editor, and
    in the comparison of revisions (which a group makes of all its children, shown or not)."""

    class BoundPanel(MultiFieldPanel.BoundPanel):
        def allowed(self) -> bool:
            user = getattr(self.request, "user", None)
            return user is not None and may_see_submitter(user, self.instance)

        def is_shown(self):
            return self.allowed() and super().is_shown()

        def get_comparison(self):
            return super().get_comparison() if self.allowed() else []


INITIATIVES_SLUG = "initiatives"
INITIATIVES_PER_PAGE = 12


class InitiativeIndexPage(FrontEndPreviewMixin, Page):
    """The "initiatives" page of a territory (national, department or commune)."""

    base_form_class = PageForm  # no silent overwrite (core/revisions.py)

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["pages.HomePage", "pages.DepartmentPage", "pages.CommunePage"]
    subpage_types = ["pages.InitiativePage"]
    max_count_per_parent = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro"), APIField("children", serializer=ChildrenField())]

    class Meta:
        verbose_name = _("initiatives index")

    def permissions_for_user(self, user):
        return InitiativeIndexPermissionTester(user, self)

    @property
    def has_workflow(self):
        # Wagtail's create view asks the parent whether a new page may be submitted: a new
        # initiative goes to the initiatives' workflow. (The index itself is not moderated:
        # see InitiativeIndexPermissionTester.can_submit_for_moderation.)
        return InitiativePage.get_default_workflow() is not None or super().has_workflow

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Every live initiative at and below the index's territory, not only its children; in
        # another language, the French index's, each translated where it can be (as the news).
        source = fallback.french_version(self)
        initiatives = initiatives_within(source.get_parent(), locale=source.locale)
        initiatives_page = Paginator(initiatives, INITIATIVES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        if source.pk != self.pk:
            initiatives_page.object_list = initiatives_in_language(
                initiatives_page.object_list, self.locale_id
            )
        context["initiatives_page"] = initiatives_page
        context["propose_url"] = propose_url(self.get_parent().specific, request)
        return context


def initiatives_within(page: Page, locale: Locale | None = None) -> models.QuerySet:
    """The live public initiatives at and below `page` (a territory), the latest first."""
    initiatives = public_only(InitiativePage.objects.live().descendant_of(page))
    if locale is not None:
        initiatives = initiatives.filter(locale=locale)
    return initiatives.prefetch_related("photos__image__renditions").order_by(
        "-first_published_at", "-pk"
    )


def initiatives_in_language(items, locale_id: int) -> list:
    """French initiatives as a page of the locale `locale_id` shows them: each in its live
    translation where it has one, else in French, marked `lang="fr"` (pages/fallback.py). One
    query (and its photos')."""
    return fallback.in_language(
        items, locale_id, InitiativePage.objects.prefetch_related("photos__image__renditions")
    )


def propose_url(territory_page: Page, request=None) -> str:
    """Where to propose an initiative: on a commune's page, its own form; else the national one."""
    from django.urls import reverse

    if getattr(territory_page, "commune_id", None):
        return f"{territory_page.get_url(request)}proposer-une-initiative/"
    return reverse("workflows:propose")


class PhotoChooser(AdminImageChooser):
    """Wagtail's image chooser, whose preview of a photo awaiting moderation comes from the
    reviewers' view rather than a rendition (which would be made, and kept, for nothing)."""

    def get_value_data_from_instance(self, instance):
        if not is_private(instance.file.name):
            return super().get_value_data_from_instance(instance)
        data = BaseChooser.get_value_data_from_instance(self, instance)
        width, height = instance.width or PREVIEW_SIDE, instance.height or PREVIEW_SIDE
        scale = min(1, PREVIEW_SIDE / max(width, height))
        data["preview"] = {
            "url": reverse(PENDING_PHOTO_URL, args=[instance.pk]),
            "width": max(1, round(width * scale)),
            "height": max(1, round(height * scale)),
        }
        data["default_alt_text"] = instance.default_alt_text
        return data


class InitiativePhoto(Orderable):
    page = ParentalKey("pages.InitiativePage", on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    credit = models.CharField(_("credit"), max_length=150, blank=True)
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [
        FieldPanel("image", widget=PhotoChooser),
        FieldPanel("credit"),
        FieldPanel("caption"),
    ]
    api_fields = [
        APIField("image"),
        APIField("thumbnail", serializer=ImageRenditionField("fill-400x250", source="image")),
        APIField("credit"),
        APIField("caption"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    @property
    def credit_line(self) -> str:
        """The credit as the page prints it after "Photo: ": without the "Photo :" (or
        "Crédit photo :", "©") that a submitter often types in front of it."""
        return CREDIT_PREFIX.sub("", self.credit).strip()


class InitiativePage(FrontEndPreviewMixin, Page):
    """An existing initiative or a good practice, told so that other communes can do the same.

    The submitter's name and e-mail (public form) are for its reviewers only: never shown in
    the templates nor the API, nor in the editor of anyone else (ReviewersOnlyPanel)."""

    base_form_class = PageForm  # no silent overwrite (core/revisions.py)

    summary = models.TextField(_("summary"), max_length=500)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices, blank=True)
    gestures = ParentalManyToManyField(
        "snippets.Gesture", blank=True, related_name="initiatives", verbose_name=_("gestures")
    )

    # Public contact of the organisation running it (a mairie, an association).
    contact_name = models.CharField(_("organisation"), max_length=150, blank=True)
    contact_email = models.EmailField(_("public e-mail"), blank=True)
    contact_phone = models.CharField(_("public telephone"), max_length=30, blank=True)
    contact_website = models.URLField(_("website"), blank=True)

    people_helped = models.PositiveIntegerField(_("people helped"), null=True, blank=True)
    hours_given = models.PositiveIntegerField(_("hours given"), null=True, blank=True)
    volunteers = models.PositiveIntegerField(_("volunteers"), null=True, blank=True)
    tips = models.TextField(_("tips for other communes"), blank=True)

    # Who proposed it through the public form: for the moderators only.
    submitted_by_name = models.CharField(_("submitted by"), max_length=150, blank=True)
    submitted_by_email = models.EmailField(_("e-mail of the submitter"), blank=True)
    submitted_by_organisation = models.CharField(
        _("organisation of the submitter"), max_length=150, blank=True
    )

    parent_page_types = ["pages.InitiativeIndexPage"]
    subpage_types: list[str] = []
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("tips"),
        index.FilterField("kind"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("kind"),
        FieldPanel("body"),
        # Wagtail's button says "Add <label>", and each photo is "<Label> 1", "<Label> 2"...
        InlinePanel("photos", label=_("photo"), heading=_("Photos with their credits")),
        FieldPanel("gestures"),
        MultiFieldPanel(
            [
                FieldPanel("people_helped"),
                FieldPanel("hours_given"),
                FieldPanel("volunteers"),
            ],
            heading=_("Results"),
        ),
        FieldPanel("tips"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_website"),
            ],
            heading=_("Public contact"),
        ),
        ReviewersOnlyPanel(
            [
                FieldPanel("submitted_by_name", read_only=True),
                FieldPanel("submitted_by_email", read_only=True),
                FieldPanel("submitted_by_organisation", read_only=True),
            ],
            heading=_("Submission (private)"),
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("kind"),
        SynchronizedField("gestures"),
        SynchronizedField("people_helped"),
        SynchronizedField("hours_given"),
        SynchronizedField("volunteers"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_phone"),
        SynchronizedField("contact_website"),
        SynchronizedField("submitted_by_name"),
        SynchronizedField("submitted_by_email"),
        SynchronizedField("submitted_by_organisation"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("kind"),
        APIField("body"),
        APIField("photos"),
        APIField("gestures"),
        APIField("people_helped"),
        APIField("hours_given"),
        APIField("volunteers"),
        APIField("tips"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("contact_phone"),
        APIField("contact_website"),
    ]
    # Read by pages.api.PagesAPIViewSet: a listing costs the same for 5 or 50 initiatives.
    api_prefetch_related = ["photos__image__renditions", "gestures"]

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def permissions_for_user(self, user):
        return InitiativePermissionTester(user, self)

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        """Wagtail checks the publishing user's permission (our tester); a publication without
        a user (e.g. wagtail-localize's "update and publish" of a translation) is refused when
        the revision was written by someone who may not publish initiatives: it stays a draft."""
        if user is None and not skip_permission_checks and not may_publish_unattended(revision):
            return None
        return super().publish(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            skip_permission_checks=skip_permission_checks,
        )

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def get_workflow(self):
        """The initiatives' own workflow (assigned to this page type by the workflows app's data
        migration), so that news and actions of the same tree are not held for review; else
        one assigned in the page tree."""
        return self.get_default_workflow() or super().get_workflow()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        photos = list(self.photos.select_related("image"))
        for photo in photos:
            # A draft's photo awaiting moderation, in its reviewers' preview: from their view
            # (a rendition would be kept privately, out of the browser's reach).
            private = is_private(photo.image.file.name)
            photo.pending_url = reverse(PENDING_PHOTO_URL, args=[photo.image_id]) if private else ""
        context["photo_list"] = photos
        context["gesture_list"] = fallback.gestures_shown_on(
            self, self.gestures.select_related("locale").order_by("title")
        )
        return context
