"""Recurring actions: the editor's plain fields become an RFC 5545 RRULE, and occurrences.

Recurrences are expanded in Paris wall-clock time, then converted to UTC: an action "every first
Saturday at 10:00" stays at 10:00 in Paris across the daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# An occurrence list is always bounded, whatever the rule says.
MAX_OCCURRENCES = 1000


class RecurrenceError(ValueError):
    """The recurrence fields don't make a rule; the message says why, in the user's language."""


@dataclass(frozen=True)
class Occurrence:
    start: dt.datetime  # aware, UTC
    end: dt.datetime  # aware, UTC

    @property
    def local_start(self) -> dt.datetime:
        return self.start.astimezone(PARIS)

    @property
    def local_end(self) -> dt.datetime:
        return self.end.astimezone(PARIS)


def parse_weekdays(text: str) -> list[str]:
    """'MO,WE' (any case, spaces or commas) -> ['MO', 'WE'] in week order; raises on unknown."""
    days = {part.strip().upper() for part in text.replace(" ", ",").split(",") if part.strip()}
    unknown = days - set(WEEKDAYS)
    if unknown:
        raise RecurrenceError(_("Unknown day: %(days)s.") % {"days": ", ".join(sorted(unknown))})
    return [day for day in WEEKDAYS if day in days]


def build_rrule(
    *,
    frequency: str,
    interval: int,
    weekdays: str,
    monthly_position: int,
    until: dt.date | None,
    count: int | None,
    start: dt.datetime,
    all_day: bool,
) -> str:
    """The RRULE (without the "RRULE:" prefix) for these fields; "" when the action doesn't repeat.

    `start` is the first occurrence's start (aware). UNTIL is a DATE for an all-day action and
    the UTC instant of the end of that day in Paris otherwise, as RFC 5545 requires when
    DTSTART carries a TZID.
    """
    if not frequency:
        return ""
    if until is not None and count is not None:
        raise RecurrenceError(_("Give an end date or a number of times, not both."))
    local_start = start.astimezone(PARIS)
    if until is not None and until < local_start.date():
        raise RecurrenceError(_("The repetition ends before the first date."))
    parts = [f"FREQ={frequency.upper()}"]
    if interval and interval > 1:
        parts.append(f"INTERVAL={interval}")
    weekday = WEEKDAYS[local_start.weekday()]
    if frequency == "weekly":
        days = parse_weekdays(weekdays) or [weekday]
        parts.append("BYDAY=" + ",".join(days))
    elif frequency == "monthly":
        if monthly_position:
            parts.append(f"BYDAY={monthly_position}{weekday}")
        else:
            parts.append(f"BYMONTHDAY={local_start.day}")
    else:
        raise RecurrenceError(_("Unknown repetition: %(frequency)s.") % {"frequency": frequency})
    if until is not None:
        if all_day:
            parts.append(f"UNTIL={until:%Y%m%d}")
        else:
            end_of_day = dt.datetime.combine(until, dt.time(23, 59, 59), tzinfo=PARIS)
            parts.append(f"UNTIL={end_of_day.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}")
    if count is not None:
        parts.append(f"COUNT={count}")
    return ";".join(parts)


def _with_local_until(rrule: str) -> str:
    """The rule with a UTC UNTIL turned into Paris wall-clock time, as the expansion runs in it."""
    parts = []
    for part in rrule.split(";"):
        name, _sep, value = part.partition("=")
        if name == "UNTIL" and value.endswith("Z"):
            instant = dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
            value = f"{instant.astimezone(PARIS):%Y%m%dT%H%M%S}"
        parts.append(f"{name}={value}")
    return ";".join(parts)


def last_day(
    *, start: dt.datetime, end: dt.datetime, rrule: str, until: dt.date | None
) -> dt.date | None:
    """The day (Paris) on which a series is over: its end date (`until`, the editor's), or for
    a series of a number of times (COUNT, at most 520), the day its last occurrence ends. None
    for a series without end, and for an action that doesn't repeat (its own `end` says)."""
    if not rrule:
        return None
    if until is not None:
        return until
    if "COUNT=" not in rrule:
        return None
    local_start = start.astimezone(PARIS).replace(tzinfo=None)
    wall = end.astimezone(PARIS).replace(tzinfo=None) - local_start
    last = None
    for last in rrulestr(_with_local_until(rrule), dtstart=local_start):  # noqa: B007
        pass
    return (last + max(wall, dt.timedelta(0))).date() if last is not None else None


def occurrences(
    *,
    start: dt.datetime,
    end: dt.datetime,
    rrule: str,
    exdates: set[dt.date] | frozenset[dt.date] = frozenset(),
    window_start: dt.datetime | None = None,
    window_end: dt.datetime | None = None,
    limit: int = MAX_OCCURRENCES,
) -> list[Occurrence]:
    """The occurrences of an action that overlap the window (aware datetimes), in order.

    A cancelled occurrence (its Paris date in `exdates`) is left out. Without a rule, the action
    itself is the only occurrence.
    """
    local_start = start.astimezone(PARIS).replace(tzinfo=None)
    # An occurrence lasts as long on the wall clock as the first one: "Saturday 23:00 to
    # Sunday 04:00" ends at 04:00 on the night the clocks go forward too, as the editor typed
    # it (and as calendar applications expand DTSTART/DTEND in Europe/Paris).
    wall = end.astimezone(PARIS).replace(tzinfo=None) - local_start
    if not rrule:
        candidates = [(start, end)]
    else:
        rule = rrulestr(_with_local_until(rrule), dtstart=local_start)
        lower = None
        if window_start is not None:
            margin = max(end - start, wall) + dt.timedelta(hours=1)
            lower = (window_start - margin).astimezone(PARIS).replace(tzinfo=None)
        candidates = []
        for local in rule:
            if window_end is not None and local.replace(tzinfo=PARIS) >= window_end:
                break
            if lower is not None and local < lower:
                continue
            begin = local.replace(tzinfo=PARIS).astimezone(dt.UTC)
            finish = (local + wall).replace(tzinfo=PARIS).astimezone(dt.UTC)
            candidates.append((begin, end if begin == start else max(finish, begin)))
            if len(candidates) >= limit:
                break
    result = []
    for begin, finish in candidates:
        if begin.astimezone(PARIS).date() in exdates:
            continue
        if window_start is not None and finish < window_start:
            continue
        if window_end is not None and begin >= window_end:
            continue
        result.append(Occurrence(start=begin.astimezone(dt.UTC), end=finish.astimezone(dt.UTC)))
    return result


def rule_from(*, start: dt.datetime, end: dt.datetime, rrule: str, first: dt.datetime) -> str:
    """The rule of the series `start`/`end`/`rrule` restarted at `first`, one of its
    occurrences: the same rule, its COUNT reduced by the occurrences before `first` (cancelled
    ones count: the rule made them), so that it ends on the same date."""
    parts = rrule.split(";")
    counted = [part for part in parts if part.startswith("COUNT=")]
    if not counted:
        return rrule
    before = occurrences(start=start, end=end, rrule=rrule, window_end=first)
    remaining = max(int(counted[0].partition("=")[2]) - len(before), 1)
    return ";".join(f"COUNT={remaining}" if part in counted else part for part in parts)


def cancelled_starts(
    *,
    start: dt.datetime,
    end: dt.datetime,
    rrule: str,
    exdates: set[dt.date] | frozenset[dt.date],
    after: dt.datetime,
) -> list[Occurrence]:
    """The occurrences of a series that its cancelled dates (`exdates`, Paris dates) remove,
    from `after` on: what an EXDATE must name for the rule to skip them."""
    later = sorted(day for day in exdates if day >= after.astimezone(PARIS).date())
    if not rrule or not later:
        return []
    window_end = dt.datetime.combine(later[-1] + dt.timedelta(days=1), dt.time.min, tzinfo=PARIS)
    return [
        occurrence
        for occurrence in occurrences(
            start=start, end=end, rrule=rrule, window_start=after, window_end=window_end
        )
        if occurrence.start >= after and occurrence.local_start.date() in later
    ]
