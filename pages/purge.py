"""Which addresses the proxy's page cache (deploy/nginx/) must forget when a page changes, and
the job that tells it (wagtail.contrib.frontend_cache's HTTP backend: a PURGE request to
FRONTEND_CACHE_PURGE_URL for each).

A page shows in more places than its own address: its ancestors' pages (a territory's upcoming
actions and latest news, the home's departments), their agendas (each territory's "actions/"),
their feeds (`agenda.ics` of the page and of every territory above it) and, for a territory, the
site map. The layout of every page below a territory is drawn with its colours, logo and name,
and a page moved, unpublished, deleted or restricted takes its subtree with it: then the
subtree's addresses are purged too, up to MAX_SUBTREE pages (beyond, the proxy's s-maxage,
PAGE_CACHE_SECONDS, bounds how long a copy lives). Addresses with a query string (a filtered
agenda, a second page) are not purged: their s-maxage is a minute (core/http_cache.py).
"""

from __future__ import annotations

import time
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django_q.tasks import async_task
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Page

FEED = "agenda.ics"
MAX_SUBTREE = 2000
# Longer than a page takes to build: the second purge of the job (see `purge`).
REPURGE_SECONDS = 2.0
SITE_ROOT_DEPTH = 1  # the tree's root: no address of its own


def addresses_of(page: Page) -> list[str]:
    """Every absolute address of `page`: one per site (and language) it is under. Reads the
    sites' root paths from Wagtail's cache: no query per page."""
    addresses = []
    for _site_id, root_path, root_url, language in page._get_relevant_site_root_paths():
        try:
            with translation.override(language):
                path = reverse("wagtail_serve", args=(page.url_path[len(root_path) :],))
        except NoReverseMatch:
            continue
        addresses.append(root_url + path)
    return addresses


def _has_feed(page: Page) -> bool:
    from .models import ActionPage, CommunePage, DepartmentPage, HomePage

    return issubclass(
        page.specific_class or Page, (HomePage, DepartmentPage, CommunePage, ActionPage)
    )


def _draws_its_subtree(page: Page) -> bool:
    """A territory's colours, logo and name are in the layout of every page below it."""
    from .models import CommunePage, DepartmentPage, HomePage

    return issubclass(page.specific_class or Page, (HomePage, DepartmentPage, CommunePage))


def pages_to_purge(page: Page, *, subtree: bool = False) -> list[Page]:
    """`page`, the pages above it (up to its home), their agendas, the site map when `page` is a
    territory, and, with `subtree` (or for a territory), the pages below it: 3 queries."""
    from .models import ActionIndexPage, SitemapPage

    chain = list(
        Page.objects.filter(
            path__in=[page.path[:end] for end in range(8, len(page.path) + 1, 4)],
            depth__gt=SITE_ROOT_DEPTH,
        ).order_by("depth")
    )
    if not any(each.pk == page.pk for each in chain):
        chain.append(page)  # deleted: no row any more, its address is still cached
    near = [Q(path__startswith=each.path, depth=each.depth + 1) for each in chain]
    kinds = [ActionIndexPage, SitemapPage] if _draws_its_subtree(page) else [ActionIndexPage]
    related = list(Page.objects.filter(reduce(or_, near)).type(*kinds).order_by("path"))
    below = []
    if (subtree or _draws_its_subtree(page)) and page.pk is not None:
        below = list(
            Page.objects.filter(path__startswith=page.path, depth__gt=page.depth)
            .exclude(pk__in=[each.pk for each in related])
            .order_by("path")[:MAX_SUBTREE]
        )
    seen, pages = set(), []
    for each in [*chain, *related, *below]:
        if each.path not in seen:
            seen.add(each.path)
            pages.append(each)
    return pages


def urls_to_purge(page: Page, *, subtree: bool = False) -> list[str]:
    """The absolute addresses to purge when `page` changes (see the module's docstring)."""
    urls = []
    for each in pages_to_purge(page, subtree=subtree):
        for address in addresses_of(each):
            urls.append(address)
            if _has_feed(each):
                urls.append(address + FEED)
    return list(dict.fromkeys(urls))


def is_enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_on_commit(page: Page, *, subtree: bool = False) -> None:
    """Purges the addresses of `page`'s change once its transaction commits, through a job.
    Read now: a deleted or moved page's addresses are those it had (the job carries public
    addresses of pages, nothing of a person)."""
    if is_enabled() and page.path:
        _queue_on_commit(urls_to_purge(page, subtree=subtree))


def purge_page_on_commit(page: Page) -> None:
    """Purges `page`'s own addresses once the transaction commits: what changed shows there
    alone (an action's places left, after a registration or a cancellation)."""
    if is_enabled() and page.path:
        _queue_on_commit(addresses_of(page))


def purge_site_on_commit(site, *, alias: str = "") -> None:
    """A Site created, changed or deleted (a territory given its own address, moved to another
    one, or back on the national site only): the addresses of its root and the pages below it
    are purged, on the national site (their canonical link changes) and on the Site's own
    address, as they are when called (before a change: the old ones; after: the new ones).
    With `alias` (a second name, redirected to the Site), the same paths on that name."""
    if not is_enabled() or site.root_page_id is None:
        return
    root = Page.objects.filter(pk=site.root_page_id).first()  # its own copy of the roots
    if root is None:
        return
    urls = urls_to_purge(root, subtree=True)
    if alias:
        own = site.root_url.rstrip("/")
        alias_root = own.replace(f"://{site.hostname}", f"://{alias}", 1)
        urls = [alias_root + url[len(own) :] for url in urls if url.startswith(own + "/")]
    _queue_on_commit(urls)


def _queue_on_commit(urls: list[str]) -> None:
    """Adds `urls` to the one purge job of the current transaction, queued when it commits:
    deleting a subtree (Wagtail unpublishes each live page of it, one signal each) or
    publishing many pages in one transaction queues one job, each address in it once."""
    if not urls:
        return
    connection = transaction.get_connection()
    pending = getattr(connection, "_hc_purge", None)
    # A rolled-back transaction dropped its callback with its addresses: start again.
    if pending is None or pending.send not in [entry[1] for entry in connection.run_on_commit]:
        pending = connection._hc_purge = _Pending(connection)
        transaction.on_commit(pending.send)
    pending.urls.update(dict.fromkeys(urls))


class _Pending:
    """The addresses a transaction purges once it commits."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.urls: dict[str, None] = {}

    def send(self) -> None:
        if getattr(self.connection, "_hc_purge", None) is self:
            del self.connection._hc_purge
        async_task("pages.purge.purge", list(self.urls), group="purge")


def purge(urls: list[str], *, again_after: float | None = None) -> None:
    """The job: a PURGE for each address, to every configured backend; then, `again_after`
    seconds later, once more: a copy being rebuilt as the change committed (read before it) is
    stored after the first purge. A backend that cannot be reached is logged by Wagtail's
    backend; the copies then expire by themselves (PAGE_CACHE_SECONDS)."""
    backends = get_backends().values()
    for backend in backends:
        backend.purge_batch(urls)
    again_after = REPURGE_SECONDS if again_after is None else again_after
    if again_after:
        time.sleep(again_after)
        for backend in backends:
            backend.purge_batch(urls)
