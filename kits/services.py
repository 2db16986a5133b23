"""The kits' rules: fingerprints, building and storing documents, queueing rebuilds.

A stored document is served while nothing it shows may have changed since it was built or last
checked (`current`: two numbers and a date of its record, see kits/models.py), so that a download
reads one row and no content. What may change a kit marks its documents (`mark_changed`, from
kits/signals.py and the daily refresh); the next download then queues a job that gathers the
content, rebuilds the documents whose fingerprint (colours, logos, texts, gestures, actions,
template version) changed and records the others as checked. The previous document is served
meanwhile. A build that fails (a full disk, an unreachable bucket, a broken
rendering) leaves the previous document as it was (core/files.py), raises so that the job queue
runs it again later, and lets a download ask again a minute later.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task
from wagtail.models import Page, Site

from core.files import discard, store_generated, stored_size
from pages.languages import regional_language_of
from pages.models import CommunePage, DepartmentPage
from pages.tree import public_only

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

logger = logging.getLogger("kits")

PRESS_SEGMENT = "presse/"
QUEUED_FOR_SECONDS = 600
# After a failed build, a download may queue the kit again this much later (the failed job is
# also run again by the queue, after Q_CLUSTER's `retry`).
RETRY_AFTER_FAILURE_SECONDS = 60


class KitNotBuilt(Exception):
    """Some documents of a kit could not be built; their previous files are still served."""


def has_kit(page) -> bool:
    """Departments and communes have a communication kit."""
    return isinstance(page, DepartmentPage | CommunePage)


def fingerprint(content: KitContent, kind: DocumentKind) -> str:
    """A digest of everything `kind` shows for `content`."""
    data = asdict(content)
    del data["valid_until"]  # when the document goes out of date, not what it shows
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


def whole(document: KitDocument) -> bool:
    """The document's file is there with the size it was written with: a file emptied or cut
    short (a full disk, a failed copy) is never served."""
    return document.size > 0 and stored_size(document.file.storage, document.file.name) == (
        document.size
    )


def current(document: KitDocument, *, now=None) -> bool:
    """Nothing the document shows may have changed since it was built or checked, by the
    drawing code of this release, and no action it prints is over. Reads no content."""
    now = now or timezone.now()
    return (
        document.built_for == document.changes
        and document.template_version == TEMPLATE_VERSION
        and (document.valid_until is None or document.valid_until > now)
    )


def fresh_document(page: Page, kind: DocumentKind) -> KitDocument | None:
    """The stored document of `kind` when it is current and whole, else None."""
    from .models import KitDocument

    document = KitDocument.objects.filter(page=page, kind=kind.slug).first()
    if document is None or not current(document) or not whole(document):
        return None
    return document


def published_document(request: HttpRequest, path: str, kind: DocumentKind):
    """The stored document of `kind` of the live department or commune page at `path` of the
    request's site, with its page's slug, whatever its state; None when there is none (no such
    page, or nothing stored yet). The fast way of a download: the site (one query), the active
    locale (one) and this row with its page (one)."""
    from .models import KitDocument

    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page.localized
    return (
        KitDocument.objects.filter(
            kind=kind.slug,
            page__url_path=root.url_path + path,
            page__live=True,
            page__content_type__in=_kit_content_types(),
        )
        .select_related("page")
        .only(*DOCUMENT_FIELDS, "page__slug")
        .first()
    )


DOCUMENT_FIELDS = (
    "page_id",
    "kind",
    "fingerprint",
    "file",
    "size",
    "changes",
    "built_for",
    "template_version",
    "valid_until",
)


def _kit_content_types():
    from django.contrib.contenttypes.models import ContentType

    # Cached by Django after the first call: no query on a download.
    return [ContentType.objects.get_for_model(model) for model in (DepartmentPage, CommunePage)]


def mark_changed(pages=None) -> int:
    """Marks the kit documents of `pages` (a queryset of pages, all when None) as possibly out
    of date, in one UPDATE: their next download queues a check. Returns how many were marked."""
    from django.db.models import F

    from .models import KitDocument

    documents = KitDocument.objects.all()
    if pages is not None:
        documents = documents.filter(page__in=pages)
    return documents.update(changes=F("changes") + 1)


def pages_showing(page: Page, *, below: bool = True):
    """The pages whose kit may show something of `page`: the department or commune pages it is
    or is under (an action, its dates, an agenda item) and, `below`, those under it (a
    department's colours, logo and name are printed on its communes' kits)."""
    from django.db.models import Q

    steplen = Page.steplen
    ancestors = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    pages = Q(path__in=ancestors)
    if below:
        pages |= Q(path__startswith=page.path)
    return Page.objects.filter(pages).values("pk")


def mark_every_kit_changed() -> int:
    """The daily job: every kit is checked again on its next download. The gestures a kit
    completes its choice with are those most volunteers chose, nationally: counting them at
    each sign-up would mark every kit of France at every sign-up, for a ranking that moves
    slowly; once a day is enough. The check rebuilds only the documents whose content changed."""
    return mark_changed()


def previous_document(page: Page, kind: DocumentKind) -> KitDocument | None:
    """The stored document of `kind`, whole, whatever it shows: served while its rebuild is
    queued or has failed."""
    from .models import KitDocument

    document = KitDocument.objects.filter(page=page, kind=kind.slug).first()
    if document is None or not whole(document):
        return None
    return document


def build_document(
    page: Page, kind: DocumentKind, content: KitContent, *, built_for: int | None = None
) -> KitDocument:
    """Renders, checks and stores one document under a new name, then points its record to it
    and deletes the previous file once that is committed. Whatever fails before leaves the
    record and the previous file as they were. `built_for`: the record's `changes` read before
    the content was gathered (a change marked while it is built leaves it out of date)."""
    from .models import KitDocument, document_path

    data = render(kind, content)
    document = KitDocument.objects.filter(page=page, kind=kind.slug).first()
    if document is None:
        document = KitDocument(page=page, kind=kind.slug)
    previous = document.file.name if document.file else ""
    storage = document.file.storage
    stored = store_generated(
        storage, document_path(document, kind.filename), data, kind.content_type
    )
    try:
        with transaction.atomic():
            document.file.name = stored
            document.size = len(data)
            document.fingerprint = fingerprint(content, kind)
            document.built_at = timezone.now()
            document.template_version = TEMPLATE_VERSION
            document.valid_until = content.valid_until
            if document.pk is None:
                document.built_for = document.changes = 0
                document.save()
            else:
                if built_for is not None:
                    document.built_for = built_for
                # never `changes`: a mark made meanwhile must stay
                document.save(update_fields=[*CHECKED_FIELDS, "file", "size", "built_at"])
            if previous and previous != stored:
                transaction.on_commit(lambda: discard(storage, previous))
    except BaseException:
        discard(storage, stored)  # no record points to it
        raise
    return document


CHECKED_FIELDS = ["fingerprint", "built_for", "template_version", "valid_until"]


def build_kit(page_id: int, *, force: bool = False) -> list[str]:
    """The job: (re)builds the documents of a page's kit that are out of date (all with
    `force`), and returns the kinds built. A page that is gone or has no kit builds nothing.
    Each document is built on its own; when any fails, the others are still built and the job
    raises KitNotBuilt (the queue runs it again), the previous files being kept."""
    try:
        built, failed = _build_kit(page_id, force=force)
    except Exception:
        cache.set(_queued_key(page_id), True, RETRY_AFTER_FAILURE_SECONDS)
        raise
    if failed:
        cache.set(_queued_key(page_id), True, RETRY_AFTER_FAILURE_SECONDS)
        raise KitNotBuilt(f"page {page_id}: {', '.join(failed)}")
    cache.delete(_queued_key(page_id))
    return built


def _build_kit(page_id: int, *, force: bool) -> tuple[list[str], list[str]]:
    page = Page.objects.filter(pk=page_id).specific().first()
    if page is None or not has_kit(page):
        return [], []
    # Read before the content: a change marked while the content is gathered or drawn leaves
    # the documents out of date (checked again on their next download).
    stored = stored_documents(page)
    content = kit_content(page)
    built, failed = [], []
    for kind in KINDS:
        document = stored.get(kind.slug)
        up_to_date = (
            document is not None
            and document.fingerprint == fingerprint(content, kind)
            and document.template_version == TEMPLATE_VERSION
            and whole(document)
        )
        if up_to_date and not force:
            _record_checked(document, content)
            continue
        try:
            build_document(
                page,
                kind,
                content,
                built_for=document.changes if document is not None else None,
            )
        except Exception:
            logger.exception("kit document not built: page=%s kind=%s", page_id, kind.slug)
            failed.append(kind.slug)
        else:
            built.append(kind.slug)
    return built, failed


def _record_checked(document: KitDocument, content: KitContent) -> None:
    """The document still shows `content`: current again, without drawing it again."""
    if document.built_for == document.changes and document.valid_until == content.valid_until:
        return
    document.built_for = document.changes
    document.valid_until = content.valid_until
    document.save(update_fields=CHECKED_FIELDS)


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


# The kit's language


def kit_language_choices(page: Page) -> list[tuple[str, str]]:
    """The languages the kit of `page` may be printed in (kits.models.KitLanguage)."""
    from .models import KitLanguage

    breton = regional_language_of(page) == "br"
    return [
        (value, label)
        for value, label in KitLanguage.choices
        if breton or value not in (KitLanguage.BRETON, KitLanguage.FRENCH_BRETON)
    ]


def set_kit_language(page: Page, language: str) -> None:
    """Prints the kit of `page` in `language` from now on: its documents are rebuilt."""
    from .models import KitSettings

    KitSettings.objects.update_or_create(page=page, defaults={"language": language})
    mark_changed(Page.objects.filter(pk=page.pk))
    queue_kit_on_commit(page)


# Public addresses


def find_kit_page(request: HttpRequest, path: str):
    """The live department or commune page at `path` (e.g. "mayenne/laval/") of the request's
    site, in the request's language; None when there is none or it is behind a view
    restriction (its press page and documents are public)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page.localized
    page = (
        public_only(Page.objects.live())
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
