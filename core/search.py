"""What a visitor's search is sent to the full-text engines as: its words only. Quotes, brackets,
stars and operators mean something to SQLite's FTS5 and PostgreSQL's tsquery, so a lone quote
(`a"`) made the search fail; the words alone always make a valid query."""

import re

MAX_LENGTH = 200


def plain_words(query: str) -> str:
    """The words of `query`, lower-cased, separated by one space (at most 200 characters)."""
    return " ".join(re.findall(r"\w+", query.lower()))[:MAX_LENGTH]
