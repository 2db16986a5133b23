"""What a visitor's search is sent to the full-text engines as: its words only. Quotes, brackets,
stars and operators mean something to SQLite's FTS5 and PostgreSQL's tsquery, so a lone quote
(`a"`) made the search fail; the words alone always make a valid query.

`search` is the one public search of an indexed model (the idea box, the help centre): Wagtail's
database backend (French stemming on PostgreSQL, FTS5 on SQLite), or where the database offers
no full-text search, every word contained in one of the given fields."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q, QuerySet

MAX_LENGTH = 200


def plain_words(query: str) -> str:
    """The words of `query`, lower-cased, separated by one space (at most 200 characters)."""
    return " ".join(re.findall(r"\w+", query.lower()))[:MAX_LENGTH]


def search(queryset: QuerySet, query: str, fields: Sequence[str]):
    """The rows of `queryset` matching every word of `query`, best first; `queryset` itself
    when the query has no word. `fields`: the text fields of the fallback without full text."""
    query = plain_words(query)
    if not query:
        return queryset
    if full_text_available():
        from wagtail.search.backends import get_search_backend

        return get_search_backend().search(query, queryset, operator="and")
    return contains_every_word(queryset, query, fields)


def full_text_available() -> bool:
    if connection.vendor == "postgresql":
        return True
    if connection.vendor != "sqlite":
        return False
    from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists

    return fts5_available() and fts_table_exists()


def contains_every_word(queryset: QuerySet, query: str, fields: Sequence[str]) -> QuerySet:
    for word in query.split():
        anywhere = (Q(**{f"{name}__icontains": word}) for name in fields)
        queryset = queryset.filter(reduce(or_, anywhere))
    return queryset
