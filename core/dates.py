"""Dates as French writes them: the first of the month is "1er" ("samedi 1er mai 2027"), every
other day a plain number. `date_text` is Django's `date_format` with that rule, for the code
that writes dates (kits, messages); the templates' `date` filter does the same
(core/templatetags/dates.py, a builtin of every template: no `{% load %}` to forget)."""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat, formats
from django.utils.translation import get_language

FIRST = r"j\e\r"  # "1" then the letters "er", escaped from the format's own letters


def first_of_month(pattern: str) -> str:
    """`pattern` with each day of the month (`j`) followed by "er"; an escaped `\\j` is a
    letter, left alone."""
    out = []
    escaped = False
    for char in pattern:
        if escaped:
            escaped = False
            out.append(char)
        elif char == "\\":
            escaped = True
            out.append(char)
        else:
            out.append(FIRST if char == "j" else char)
    return "".join(out)


def date_text(value: dt.date | dt.datetime, pattern: str | None = None) -> str:
    """`value` in `pattern` (a format string or a format's name, DATE_FORMAT by default) in the
    active language, the first of the month as "1er" in French."""
    resolved = formats.get_format(pattern or "DATE_FORMAT")
    if getattr(value, "day", None) == 1 and (get_language() or "").split("-")[0] == "fr":
        resolved = first_of_month(resolved)
    return dateformat.format(value, resolved)
