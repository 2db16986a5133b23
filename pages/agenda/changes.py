"""What a publication changed in an action's dates, for the people who hold a place in it
(volunteers/notices.py tells them): the action cancelled, dates cancelled, or its date or time
changed. Read from what the action was before it was saved (`ActionPage.saved_before`, set
by its save, which publishing a revision does), only for what is still to come.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from . import recurrence
from .recurrence import PARIS

if TYPE_CHECKING:
    from ..models import ActionPage

# The fields that place an action in time.
SCHEDULE_FIELDS = ("start", "end", "all_day", "rrule")


@dataclass(frozen=True)
class ScheduleChange:
    action_cancelled: bool  # the whole action, newly
    cancelled_dates: tuple[dt.date, ...]  # Paris dates of occurrences newly cancelled, to come
    moved: bool  # its date, time or repetition changed (and it is not cancelled)
    start_before: dt.datetime | None  # where it started before a move
    end_before: dt.datetime | None
    sequence_before: int

    @property
    def cancelled(self) -> bool:
        return self.action_cancelled or bool(self.cancelled_dates)


def _dates(text: str) -> set[dt.date]:
    return {dt.date.fromisoformat(line) for line in (text or "").split() if line.strip()}


def _still_to_come(action: ActionPage, now: dt.datetime) -> bool:
    if not action.rrule:
        return action.end >= now
    return bool(
        recurrence.occurrences(
            start=action.start, end=action.end, rrule=action.rrule, window_start=now, limit=1
        )
    )


def _real_dates(action: ActionPage, days: set[dt.date]) -> list[dt.date]:
    """Those of `days` on which the action has an occurrence (an editor may type any date)."""
    if not action.rrule:
        first = action.start.astimezone(PARIS).date()
        return [first] if first in days else []
    found = []
    for day in sorted(days):
        start = dt.datetime.combine(day, dt.time.min, tzinfo=PARIS)
        occurrences = recurrence.occurrences(
            start=action.start,
            end=action.end,
            rrule=action.rrule,
            window_start=start,
            window_end=start + dt.timedelta(days=1, hours=1),
        )
        if any(item.local_start.date() == day for item in occurrences):
            found.append(day)
    return found


def schedule_change(action: ActionPage, now: dt.datetime | None = None) -> ScheduleChange | None:
    """What the last save of `action` changed in its dates that is still to come, or None
    (nothing, an action never saved before, or a save that didn't go through
    `ActionPage.save`). No query."""
    before = getattr(action, "saved_before", None)
    if not before or action.start is None:
        return None
    now = now or timezone.now()
    today = now.astimezone(PARIS).date()
    was_cancelled = before["status"] == "cancelled"
    action_cancelled = (
        action.status == "cancelled" and not was_cancelled and _still_to_come(action, now)
    )
    new_days = {day for day in action.exdates - _dates(before["exdates_text"]) if day >= today}
    cancelled_dates: tuple[dt.date, ...] = ()
    if action.status != "cancelled" and new_days:
        cancelled_dates = tuple(_real_dates(action, new_days))
    moved = (
        action.status != "cancelled"
        and not action.cancelled_once
        and any(before[name] != getattr(action, name) for name in SCHEDULE_FIELDS)
        and (_still_to_come(action, now) or before["end"] >= now)
    )
    if not (action_cancelled or cancelled_dates or moved):
        return None
    return ScheduleChange(
        action_cancelled=action_cancelled,
        cancelled_dates=cancelled_dates,
        moved=moved,
        start_before=before["start"] if moved else None,
        end_before=before["end"] if moved else None,
        sequence_before=before["sequence"],
    )
