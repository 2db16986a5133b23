"""What every endpoint of the public API shares: its parameters read within bounds, so that a
bad value is a `400 {"message": ...}` (as Wagtail's API answers its own errors) and never a 500.

`RefusesBadParameters` goes first in the bases of every endpoint (cms/api.py registers them;
tests/core/test_bad_requests.py checks that each one has it):
- `limit` and `offset` are whole numbers within bounds (a huge offset overflowed the database);
- `search` is sent as its words only (core/search.py) and `search_operator` is `and` or `or`;
- an id (`/api/v2/pages/<id>/`, `find/?id=`) past the largest a row can have is refused;
- a `core.parsing.BadValue` raised by an endpoint's own filters answers 400, and so does a field
  filter's value that its field cannot read or that overflows the database.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from .parsing import MAX_ID, BadValue, bounded_int
from .search import plain_words

# Past this, a listing is empty anyway; the bound keeps offset + limit inside a 64-bit integer.
MAX_OFFSET = 1_000_000_000
SEARCH_OPERATORS = ("and", "or")


def search_operator(request) -> str | None:
    """`?search_operator=`: `and`, `or` or None; BadRequestError otherwise."""
    operator = request.GET.get("search_operator")
    if operator is not None and operator not in SEARCH_OPERATORS:
        raise BadRequestError(
            _("search_operator: “%(value)s” is unknown; use “and” or “or”.")
            % {"value": operator[:20]}
        )
    return operator


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        offset = bounded_int(request.GET.get("offset", 0), "offset", 0, MAX_OFFSET)
        limit = bounded_int(request.GET.get("limit", min(20, limit_max)), "limit", 0, limit_max)
        self.view = view
        self.total_count = queryset.count()
        return queryset[offset : offset + limit]


class PlainWordsSearchFilter(SearchFilter):
    """Wagtail's `?search=`, given the query's words only and a known operator."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError(_("Filtering by tag cannot be combined with a search."))
        operator = search_operator(request)
        words = plain_words(request.GET["search"])
        if not words:
            return queryset.none()
        try:
            return get_search_backend().search(
                words,
                queryset,
                operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except (FilterFieldError, OrderByFieldError) as error:
            raise BadRequestError(
                _("This search cannot be combined with “%(field)s”.") % {"field": error.field_name}
            ) from error


class RefusesBadParameters:
    """The shared parameter rules of the API's endpoints (see the module)."""

    pagination_class = BoundedPagination

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.filter_backends = [
            PlainWordsSearchFilter if backend is SearchFilter else backend
            for backend in cls.filter_backends
        ]

    def handle_exception(self, exc):
        if isinstance(exc, BadValue):
            exc = BadRequestError(str(exc))
        elif isinstance(exc, ValidationError):
            # A field filter's value the field cannot read (`?first_published_at=demain`).
            exc = BadRequestError(" ".join(exc.messages))
        elif isinstance(exc, OverflowError):
            # A field filter's number past what SQLite stores (`?parent=99999999999999999999`).
            exc = BadRequestError(_("A number of the address is too large."))
        elif isinstance(exc, Http404) and str(exc).endswith(" matches the given query."):
            # Django's English "No Image matches the given query.", in the API's language.
            exc = Http404(_("Nothing here has this id."))
        return super().handle_exception(exc)

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        search_operator(self.request)

    def get_object(self):
        bounded_int(self.kwargs.get("pk", 0), "id", 0, MAX_ID)
        return super().get_object()

    def find_object(self, queryset, request):
        if "id" in request.GET:
            bounded_int(request.GET["id"], "id", 0, MAX_ID)
        return super().find_object(queryset, request)
