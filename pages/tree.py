"""The geometry of the page tree (home, departments, communes), in one place for every app:
Treebeard's materialised paths, and naming the territory a page sits in."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction

# Treebeard's materialised path: each level of the tree adds 4 characters.
PATH_STEP = 4
# The root is depth 1, the national home 2, its departments 3, their communes 4.
DEPARTMENT_DEPTH = 3
COMMUNE_DEPTH = 4
DEPARTMENT_PATH_LENGTH = DEPARTMENT_DEPTH * PATH_STEP
COMMUNE_PATH_LENGTH = COMMUNE_DEPTH * PATH_STEP


def public_only(pages: QuerySet) -> QuerySet:
    """`pages` without those a view restriction (of any type: log-in, password, groups) hides,
    on themselves or on a page above them: what Wagtail's `.public()` keeps, but as a subquery
    of the same SQL query rather than one query more for each listing of a page (issue 14)."""
    restricted_above = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.exclude(Exists(restricted_above))


def attach_places(items: Iterable, page_of: Callable = lambda item: item) -> None:
    """Sets `place` on each item: the title of the commune page its page is under, else the
    name of its page's `place_commune` (an action placed in a commune), else the title of its
    department page, else "". One query for all of them."""
    # pages.models imports the modules that use this one.
    from .models import CommunePage, DepartmentPage

    items = list(items)
    paths = {
        page_of(item).path[:length]
        for item in items
        for length in (DEPARTMENT_PATH_LENGTH, COMMUNE_PATH_LENGTH)
        if len(page_of(item).path) > length
    }
    titles = (
        dict(
            Page.objects.filter(path__in=paths)
            .type(DepartmentPage, CommunePage)
            .values_list("path", "title")
        )
        if paths
        else {}
    )
    for item in items:
        page = page_of(item)
        commune = getattr(page, "place_commune", None)
        item.place = (
            titles.get(page.path[:COMMUNE_PATH_LENGTH])
            or (commune.name if commune is not None else "")
            or titles.get(page.path[:DEPARTMENT_PATH_LENGTH], "")
        )
