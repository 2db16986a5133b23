"""What the page types' API answers carry besides their columns, so that a front end renders a
page from its answer alone: an index page's children (its bodies: pages/api.py).

The return annotations are the fields' types in the OpenAPI document (core/openapi.py).
"""

from __future__ import annotations

from django.urls import reverse
from typing_extensions import TypedDict

from core.addresses import absolute, page_url
from core.serializers import WholeObjectField

# An index lists this many of its children at most; `/api/v2/pages/?child_of=<id>` pages on.
MAX_CHILDREN = 100


class ChildSummary(TypedDict):
    id: int
    type: str
    title: str
    slug: str
    html_url: str | None
    detail_url: str


class ChildrenField(WholeObjectField):
    """The page's live public children in the tree's order (at most MAX_CHILDREN). In a
    page's own answer only: a listing gives null (it would ask once per page)."""

    def to_representation(self, page) -> list[ChildSummary] | None:
        view = self.context.get("view")
        if getattr(view, "action", None) != "detail_view":
            return None
        children = page.get_children().live().public().order_by("path")[:MAX_CHILDREN]
        return [
            {
                "id": child.pk,
                "type": f"{child.specific_class._meta.app_label}.{child.specific_class.__name__}",
                "title": child.title,
                "slug": child.slug,
                "html_url": page_url(child),
                "detail_url": absolute(reverse("wagtailapi:pages:detail", args=(child.pk,))),
            }
            for child in children
            if child.specific_class is not None
        ]
