"""Adding many published pages at once, the tree kept valid (issue 18: Wagtail's `add_child`
takes about half a second a page, so 35,000 communes or a national import of actions would take
hours).

Each page's place in Treebeard's tree (path, depth, the parent's numchild) is computed here as
`add_child` would, after the parent's last child, and the rows are written a batch at a time:
the `wagtailcore_page` rows, then the specific rows, then the search index in bulk. Nothing else
runs: no revision (a page without one opens in the editor from its own fields), no log entry,
no signal. The caller refreshes what depends on pages (the occurrences table, caches). Slugs
must be unique among siblings: the caller chooses them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Substr
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

BATCH = 1000
# Parents' paths per `IN (...)` list, below SQLite's limit.
IN_LIST = 900
# The fields of wagtailcore_page a new page takes from its specific instance.
PAGE_FIELDS = [field for field in Page._meta.concrete_fields if not field.primary_key]


def add_children(pairs: Sequence[tuple[Page, Page]], *, batch_size: int = BATCH) -> list[Page]:
    """Saves each `(parent, page)`: `page` a new, unsaved instance of a specific page model
    (all of one model), published under `parent` (saved), after its last child. Returns the
    pages, saved. The parents' `numchild` is raised in the database and on the instances."""
    if not pairs:
        return []
    model = type(pairs[0][1])
    if any(type(page) is not model for _parent, page in pairs):
        raise ValueError("add_children adds pages of one model at a time.")
    if list(model._meta.parents) != [Page]:
        raise ValueError(f"{model.__name__} must inherit from Page directly.")
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    next_step = _next_steps({parent.pk: parent for parent, _page in pairs}.values())
    added: dict[int, int] = defaultdict(int)
    for parent, page in pairs:
        step = next_step[parent.pk]
        next_step[parent.pk] = step + 1
        added[parent.pk] += 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = page.locale_id or parent.locale_id
        page.content_type = content_type
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.draft_title or page.title
        page.first_published_at = page.last_published_at = page.first_published_at or now
        page.latest_revision_created_at = None
    pages = [page for _parent, page in pairs]
    with transaction.atomic():
        for at in range(0, len(pages), batch_size):
            _insert(model, pages[at : at + batch_size])
        by_count: dict[int, list[int]] = defaultdict(list)
        for parent_id, count in added.items():
            by_count[count].append(parent_id)
        for count, parent_ids in by_count.items():
            for at in range(0, len(parent_ids), IN_LIST):
                Page.objects.filter(pk__in=parent_ids[at : at + IN_LIST]).update(
                    numchild=F("numchild") + count
                )
    for parent, _page in pairs:
        if parent.pk in added:
            parent.numchild += added.pop(parent.pk)
    for backend in get_search_backends(with_auto_update=True):
        for at in range(0, len(pages), batch_size):
            backend.add_bulk(model, pages[at : at + batch_size])
    return pages


def _next_steps(parents: Iterable[Page]) -> dict[int, int]:
    """For each parent (by id), the number of the step after its last child's: one query per
    depth and list of parents (a deleted child leaves a gap that numchild would not show)."""
    by_depth: dict[int, list[Page]] = defaultdict(list)
    for parent in parents:
        by_depth[parent.depth].append(parent)
    steps = {}
    for depth, same_depth in by_depth.items():
        length = depth * Page.steplen
        for at in range(0, len(same_depth), IN_LIST):
            chunk = same_depth[at : at + IN_LIST]
            last = dict(
                Page.objects.filter(depth=depth + 1)
                .annotate(parent_path=Substr("path", 1, length))
                .filter(parent_path__in=[parent.path for parent in chunk])
                .order_by()  # Page's ordering by path would be grouped by too
                .values("parent_path")
                .annotate(last=Max("path"))
                .values_list("parent_path", "last")
            )
            for parent in chunk:
                last_path = last.get(parent.path)
                steps[parent.pk] = Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1
    return steps


def _insert(model: type[Page], pages: list[Page]) -> None:
    """The rows of `pages` in wagtailcore_page, then in the model's own table (Django's
    bulk_create refuses models with a parent table)."""
    rows = Page.objects.bulk_create(
        [
            Page(**{field.attname: getattr(page, field.attname) for field in PAGE_FIELDS})
            for page in pages
        ]
    )
    for page, row in zip(pages, rows, strict=True):
        page.pk = page.id = page.page_ptr_id = row.pk
        page._state.adding = False
        page._state.db = row._state.db
    model._base_manager._insert(pages, fields=model._meta.local_concrete_fields)
