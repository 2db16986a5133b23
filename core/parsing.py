"""Reading numbers and dates from a request's parameters, within bounds: one place, so that the
API, the feeds and the pages refuse an out-of-range value with the same clear message instead of
letting the database (a 64-bit integer, a date before year 1 or after 9999) fail on it.

`BadValue` is a ValueError whose message is for the visitor (translated); the API turns it into
`400 {"message": ...}` (core/api.py), the pages into their French 400 page (core/requests.py).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

# The largest id a database row can have (PostgreSQL's bigint, SQLite's integer).
MAX_ID = 2**63 - 1
# The dates anything of the programme can be about.
EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)


class BadValue(ValueError):
    """A parameter's value the site can't use; the message says why, for the visitor."""


def _shown(value: str) -> str:
    return value[:20]


def bounded_int(value: str | int, name: str, minimum: int = 0, maximum: int = MAX_ID) -> int:
    """`value` as a whole number between `minimum` and `maximum` (inclusive), or BadValue."""
    try:
        number = int(str(value).strip()) if len(str(value)) <= 40 else None
    except ValueError:
        number = None
    if number is None:
        raise BadValue(
            _("%(name)s: “%(value)s” is not a whole number.")
            % {"name": name, "value": _shown(str(value))}
        )
    if not minimum <= number <= maximum:
        raise BadValue(
            _("%(name)s must be between %(minimum)s and %(maximum)s.")
            % {"name": name, "minimum": minimum, "maximum": maximum}
        )
    return number


def bounded_day(
    value: str, name: str, earliest: dt.date = EARLIEST_DAY, latest: dt.date = LATEST_DAY
) -> dt.date:
    """`value` (YYYY-MM-DD) as a date between `earliest` and `latest`, or BadValue."""
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadValue(
            _("%(name)s: “%(value)s” is not a date; write it as YYYY-MM-DD.")
            % {"name": name, "value": _shown(value)}
        ) from None
    if not earliest <= day <= latest:
        raise BadValue(
            _("%(name)s: the date must be between %(earliest)s and %(latest)s.")
            % {"name": name, "earliest": earliest.isoformat(), "latest": latest.isoformat()}
        )
    return day
