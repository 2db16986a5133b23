"""What every endpoint of the public API shares: its parameters read within bounds, so that a
bad value is a `400 {"message": ...}` (as Wagtail's API answers its own errors) and never a 500.

`RefusesBadParameters` goes first in the bases of every endpoint (cms/api.py registers them;
tests/core/test_bad_requests.py checks that each one has it):
- `limit` and `offset` are whole numbers within bounds (a huge offset overflowed the database);
- `search` is sent as its words only (core/search.py) and `search_operator` is `and` or `or`;
- an id (`/api/v2/pages/<id>/`, `find/?id=`) past the largest a row can have is refused;
- a `core.parsing.BadValue` raised by an endpoint's own filters answers 400, and so does a field
  filter's value that its field cannot read or that overflows the database;
- Wagtail's own messages (in English, whatever the request's language) are said in the API's
  language (`in_api_language`), like the project's own.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
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
# How far past the page asked for `meta.total_count` is counted (BoundedPagination).
TOTAL_COUNT_AHEAD = 500


def requested_locale(request):
    """The content language an endpoint answers in: `?locale=` (400 for a language the site
    has no locale for), else the one `Accept-Language` asks for when the request sends it (the
    locale middleware has chosen it; French when it names none the site publishes in), else
    None (the endpoint's default). One query."""
    from django.utils import translation
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    code = request.GET.get("locale")
    if code is None:
        if not request.META.get("HTTP_ACCEPT_LANGUAGE"):
            return None
        try:
            language = get_supported_content_language_variant(translation.get_language())
        except LookupError:
            language = settings.LANGUAGE_CODE
        return Locale.objects.filter(language_code=language).first()
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        raise BadRequestError(_("Unknown language: %(code)s.") % {"code": code[:20]})
    return locale


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
    """`offset` and `limit` within bounds, and `meta.total_count` counted only so far: exact
    when the listing ends within TOTAL_COUNT_AHEAD items past this page, else that bound, with
    `meta.total_count_exact: false` (a COUNT of every page or action of France on each visit
    grew with the data, issue 18). A front end pages on until `total_count_exact` is true."""

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        offset = bounded_int(request.GET.get("offset", 0), "offset", 0, MAX_OFFSET)
        limit = bounded_int(request.GET.get("limit", min(20, limit_max)), "limit", 0, limit_max)
        self.view = view
        bound = offset + limit + TOTAL_COUNT_AHEAD
        # COUNT over a subquery with a LIMIT: the database stops at bound + 1 rows (without
        # the listing's order, which would sort every row first), selecting their ids only:
        # an annotation of the listing (a subquery per row, as the actions' territory codes)
        # stays in the subquery's SELECT otherwise, evaluated for every row counted. One used
        # by a filter stays in its WHERE. A view whose order follows an index (the actions, by
        # start) keeps it: the database walks that index and stops at the bound, where without
        # an order it may join every page of France to the listing's table first.
        counting = queryset
        if isinstance(queryset, QuerySet):
            if not getattr(view, "count_in_listing_order", False):
                counting = counting.order_by()
            counting = counting.values("pk")
        counted = counting[: bound + 1].count()
        self.total_count_exact = counted <= bound
        self.total_count = min(counted, bound)
        return queryset[offset : offset + limit]

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["meta"]["total_count_exact"] = self.total_count_exact
        return response


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


# Wagtail's API answers its own bad requests in English (wagtail/api/v2/filters.py,
# pagination.py, views.py): each message, as a pattern, and what the API says in its language.
WAGTAIL_MESSAGES = [
    (r"type doesn't exist", N_("This page type does not exist.")),
    (
        r"query parameter is not an operation or a recognised field: (?P<names>.*)",
        N_("Unknown parameter: %(names)s."),
    ),
    (r"unknown fields: (?P<names>.*)", N_("Unknown fields: %(names)s.")),
    (r"'(?P<name>.*)' does not support nested fields", N_("“%(name)s” has no fields of its own.")),
    (r"fields error: (?P<detail>.*)", N_("The fields asked for cannot be read: %(detail)s.")),
    (
        r"field filter error\. '(?P<value>.*)' is not a valid value for (?P<name>[^ ]+) \(.*",
        N_("“%(value)s” is not a valid value for %(name)s."),
    ),
    (
        r"field filter error\. null characters are not allowed for (?P<name>.*)",
        N_("%(name)s cannot hold a null character."),
    ),
    (
        r"cannot order by '(?P<name>.*)' \((?:unknown|invalid) field\)",
        N_("The results cannot be ordered by “%(name)s”."),
    ),
    (
        r"cannot (?:order|filter) by '(?P<field>.*)' while searching \(field is not indexed\)",
        N_("This search cannot be combined with “%(field)s”."),
    ),
    (
        r"random ordering cannot be combined with other fields",
        N_("A random order cannot be combined with another."),
    ),
    (
        r"random ordering with offset is not supported",
        N_("A random order cannot be combined with an offset."),
    ),
    (r"search is disabled", N_("Search is not available here.")),
    (
        r"filtering by tag with a search query is not supported",
        N_("Filtering by tag cannot be combined with a search."),
    ),
    (
        r"filtering by (?P<one>\w+) with (?P<other>\w+) is not supported",
        N_("%(one)s cannot be combined with %(other)s."),
    ),
    (
        r"(?P<name>\w+) must be a positive integer",
        N_("%(name)s must be a whole number, 0 or more."),
    ),
    (r"limit cannot be higher than (?P<bound>\d+)", N_("limit cannot be higher than %(bound)s.")),
    (
        r"(?:parent|descendant|ancestor|translation_of) page doesn't exist",
        N_("The page named by the filter does not exist."),
    ),
]


def in_api_language(message: str) -> str:
    """One of Wagtail's English messages (WAGTAIL_MESSAGES) in the API's language; any other
    message unchanged."""
    for pattern, said in WAGTAIL_MESSAGES:
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            return _(said) % {name: value[:100] for name, value in match.groupdict().items()}
    return message


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
        elif isinstance(exc, BadRequestError):
            exc = BadRequestError(in_api_language(str(exc)))
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
