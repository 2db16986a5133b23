"""Keeping the occurrences table (pages.models.Occurrence) true: the rows of the live, public
actions over a rolling window, a month back and 18 months ahead.

Rows are derived from what the database holds of an action (its published version: Wagtail
keeps drafts in revisions), never from a page object in memory, so a draft saved changes
nothing. pages/signals.py calls `refresh` and `refresh_under` when a page is saved, published,
unpublished, moved or given or rid of a view restriction, and when a cancelled date is added or
removed; a deleted action takes its rows with it (the foreign key cascades). `extend_window` is
the nightly job (core/schedules.py): it drops the days that left the window and adds those that
entered it, and marks the actions over (`mark_ended`: what is to come is read through the index
of the others). `rebuild` writes every row again (after migrate, when the table is empty).

Readers (pages/agenda/queries.py) ask `covers(start, end)` first: a window the table does not
cover (a month of 2019) is expanded from the actions as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from wagtail.models import Page

from ..tree import public_only
from . import recurrence
from .recurrence import PARIS

BACK = dt.timedelta(days=31)
AHEAD = dt.timedelta(days=548)  # 18 months
# What the nightly job rereads at the far end of the window: it catches up on up to a month
# of nights it did not run.
CATCH_UP = dt.timedelta(days=31)
# A reader trusts the table this far short of the window's ends (a job a day or two late).
SLACK = dt.timedelta(days=2)
BATCH = 500


def window(now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The UTC window the table holds today: from midnight (Paris) a month ago, 18 months on."""
    day = (now or dt.datetime.now(dt.UTC)).astimezone(PARIS).date()
    midnight = dt.datetime.combine(day, dt.time.min, tzinfo=PARIS).astimezone(dt.UTC)
    return midnight - BACK, midnight + AHEAD


def covers(start: dt.datetime, end: dt.datetime) -> bool:
    """Whether the table holds every occurrence overlapping [start, end)."""
    first, last = window()
    return start >= first + SLACK and end <= last - SLACK


def listed_actions() -> QuerySet:
    """The actions the table holds: live, and public (no view restriction on them or above)."""
    from ..models import ActionPage

    return public_only(ActionPage.objects.live())


def rows_of(action, start: dt.datetime, end: dt.datetime) -> list:
    """The rows of one action (as the database holds it) overlapping [start, end)."""
    from ..models import ActionStatus, Occurrence

    cancelled_days = action.exdates  # kept in step with its ActionCancellations on save
    whole = action.status == ActionStatus.CANCELLED
    return [
        Occurrence(
            action_id=action.pk,
            start=occurrence.start,
            end=occurrence.end,
            length=occurrence.end - occurrence.start,
            all_day=action.all_day,
            cancelled=whole or occurrence.local_start.date() in cancelled_days,
            path=action.path,
            locale_id=action.locale_id,
        )
        for occurrence in recurrence.occurrences(
            start=action.start,
            end=action.end,
            rrule=action.rrule,
            window_start=start,
            window_end=end,
        )
    ]


def _rewrite(action_ids: Iterable[int], start: dt.datetime, end: dt.datetime) -> int:
    """Deletes the rows of these actions and writes those of the ones still listed, in one
    transaction. Returns how many rows were written."""
    from ..models import ActionPage, Occurrence

    ids = list(action_ids)
    written = 0
    with transaction.atomic():
        for at in range(0, len(ids), BATCH):
            chunk = ids[at : at + BATCH]
            # Two rewrites of one action at once would both delete, then both write: the
            # second waits for the first here (PostgreSQL; SQLite writes one at a time).
            list(
                ActionPage.objects.select_for_update(of=("self",))
                .filter(pk__in=chunk)
                .values_list("pk", flat=True)
            )
            Occurrence.objects.filter(action_id__in=chunk).delete()
            actions = (
                listed_actions()
                .filter(pk__in=chunk)
                .only(
                    "pk",
                    "path",
                    "locale_id",
                    "start",
                    "end",
                    "all_day",
                    "rrule",
                    "exdates_text",
                    "status",
                )
            )
            rows = [row for action in actions for row in rows_of(action, start, end)]
            Occurrence.objects.bulk_create(rows, batch_size=BATCH)
            written += len(rows)
    return written


def refresh(action) -> int:
    """Rewrites the rows of one action (a page or its id) from the database, in one
    transaction: none when it is not live or not public."""
    return _rewrite([getattr(action, "pk", action)], *window())


def refresh_under(page: Page) -> int:
    """Rewrites the rows of every action at and below `page` (moved, unpublished, restricted)."""
    from ..models import ActionPage

    ids = ActionPage.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
    return _rewrite(ids, *window())


def forget_under(path: str) -> None:
    """Deletes the rows of the actions at and below the page at `path` (being deleted)."""
    from ..models import Occurrence

    Occurrence.objects.filter(path__startswith=path).delete()


def rebuild() -> int:
    """Writes every row again, from the actions."""
    from ..models import Occurrence

    with transaction.atomic():
        Occurrence.objects.all().delete()
        return _rewrite(listed_actions().values_list("pk", flat=True), *window())


def extend_window(now: dt.datetime | None = None) -> dict:
    """The nightly job: drops the occurrences that ended before the window, and writes again
    the actions that may have one in its last month (a series going on, an action that starts
    then), which adds the days that entered it. Running it twice changes nothing."""
    from ..models import Occurrence

    start, end = window(now)
    tail = end - CATCH_UP
    still_on = Q(recurrence_last_day__isnull=True) | Q(recurrence_last_day__gte=tail.date())
    near_end = listed_actions().filter(
        Q(rrule="", start__lt=end, end__gte=tail) | (~Q(rrule="") & Q(start__lt=end) & still_on)
    )
    with transaction.atomic():
        dropped, _detail = Occurrence.objects.filter(end__lt=start).delete()
        written = _rewrite(near_end.values_list("pk", flat=True), start, end)
        ended = mark_ended(now)
    return {"dropped": dropped, "written": written, "ended": ended}


def mark_ended(now: dt.datetime | None = None) -> int:
    """Marks the actions over (`ActionPage.ended`): every occurrence ended before today, or
    before `now`'s day when it is earlier (never a day to come, which would hide an action
    still on today). Drafts and private actions alike: the mark says nothing but their dates.
    Returns how many were marked."""
    from ..models import ActionPage
    from .queries import over_before, today

    day = today()
    if now is not None:
        day = min(day, now.astimezone(PARIS).date())
    return ActionPage.objects.filter(over_before(day), ended=False).update(ended=True)


def fill_after_migrate(**kwargs) -> None:
    """post_migrate: an existing database gets its rows (the table is new, or was emptied)."""
    from ..models import Occurrence

    if not Occurrence.objects.exists() and listed_actions().exists():
        rebuild()
