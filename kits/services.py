"""The kits' rules: fingerprints, building and storing documents, queueing rebuilds.

A stored document is served while the fingerprint of what it shows (colours, logos, texts,
gestures, actions, template version) is unchanged; otherwise a job rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task
from wagtail.models import Page, Site

from pages.models import CommunePage, DepartmentPage

from .content import KitContent, kit_content
from .documents import (
    KINDS,
    KINDS_BY_FILENAME,
    KINDS_BY_SLUG,
    TEMPLATE_VERSION,
    DocumentKind,
    render,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import KitDocument

PRESS_SEGMENT = "presse/"
QUEUED_FOR_SECONDS = 600


def has_kit(page) -> bool:
    """Departments and communes have a communication kit."""
    return isinstance(page, DepartmentPage | CommunePage)


def fingerprint(content: KitContent, kind: DocumentKind) -> str:
    """A digest of everything `kind` shows for `content`."""
    data = asdict(content)
    data["logos"] = [logo.digest for logo in content.logos]
    payload = json.dumps(
        {"version": TEMPLATE_VERSION, "kind": kind.slug, "content": data}, sort_keys=True
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def fingerprints(content: KitContent) -> dict[str, str]:
    return {kind.slug: fingerprint(content, kind) for kind in KINDS}


def stored_documents(page: Page) -> dict[str, KitDocument]:
    from .models import KitDocument

    return {document.kind: document for document in KitDocument.objects.filter(page=page)}


def fresh_document(page: Page, kind: DocumentKind, content: KitContent) -> KitDocument | None:
    """The stored document of `kind` when it still shows `content`, else None."""
    from .models import KitDocument

    document = KitDocument.objects.filter(
        page=page, kind=kind.slug, fingerprint=fingerprint(content, kind)
    ).first()
    if document is None or not document.file.storage.exists(document.file.name):
        return None
    return document


def build_document(page: Page, kind: DocumentKind, content: KitContent) -> KitDocument:
    """Renders and stores one document (replacing the previous file of that kind)."""
    from .models import KitDocument

    data = render(kind, content)
    document = KitDocument.objects.filter(page=page, kind=kind.slug).first()
    if document is None:
        document = KitDocument(page=page, kind=kind.slug)
    elif document.file:
        document.file.delete(save=False)
    document.fingerprint = fingerprint(content, kind)
    document.built_at = timezone.now()
    document.file.save(kind.filename, ContentFile(data), save=False)
    document.save()
    return document


def build_kit(page_id: int, *, force: bool = False) -> list[str]:
    """The job: (re)builds the documents of a page's kit that are out of date (all with
    `force`), and returns the kinds built. A page that is gone or has no kit builds nothing."""
    page = Page.objects.filter(pk=page_id).specific().first()
    if page is None or not has_kit(page):
        return []
    content = kit_content(page)
    stored = stored_documents(page)
    built = []
    for kind in KINDS:
        document = stored.get(kind.slug)
        up_to_date = (
            document is not None
            and document.fingerprint == fingerprint(content, kind)
            and document.file.storage.exists(document.file.name)
        )
        if force or not up_to_date:
            build_document(page, kind, content)
            built.append(kind.slug)
    cache.delete(_queued_key(page_id))
    return built


def _queued_key(page_id: int) -> str:
    return f"kits:queued:{page_id}"


def queue_kit(page: Page, *, force: bool = False) -> bool:
    """Hands the kit's (re)build to the job queue, once at a time per page: True when queued."""
    if not force and not cache.add(_queued_key(page.pk), True, QUEUED_FOR_SECONDS):
        return False
    if force:
        cache.set(_queued_key(page.pk), True, QUEUED_FOR_SECONDS)
    async_task("kits.services.build_kit", page.pk, force=force, group="kits")
    return True


def queue_kit_on_commit(page: Page) -> None:
    """Queues the rebuild once the transaction that changed the page is committed, so that the
    job reads what was saved."""
    page_id = page.pk
    transaction.on_commit(lambda: queue_kit(Page(pk=page_id)))


# Public addresses


def find_kit_page(request: HttpRequest, path: str):
    """The live department or commune page at `path` (e.g. "mayenne/laval/") of the request's
    site, in the request's language; None when there is none."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page.localized
    page = (
        Page.objects.live()
        .filter(url_path=root.url_path + path)
        .type(DepartmentPage, CommunePage)
        .first()
    )
    return page.specific if page is not None else None


def kind_for_filename(filename: str) -> DocumentKind | None:
    return KINDS_BY_FILENAME.get(filename)


def kit_links(page, request=None) -> dict[str, str] | None:
    """The press page and share image of a department or commune page (relative and absolute
    addresses), or None for any other page."""
    if not has_kit(page):
        return None
    url = page.get_url(request)
    full_url = page.get_full_url(request)
    if not url or not full_url:
        return None
    share = KINDS_BY_SLUG["share-image"].filename
    return {
        "press_url": url + PRESS_SEGMENT,
        "share_image_url": url + PRESS_SEGMENT + share,
        "share_image_full_url": full_url + PRESS_SEGMENT + share,
    }
