"""The occurrences of the live, public actions as rows (issue 18): what the agendas, the
"upcoming" blocks, the kits and the actions API read with a LIMIT, so that their cost depends
on the page they show and not on how many actions France has.

A row is one occurrence of an action over a rolling window (a month back, 18 months ahead),
recurring actions expanded in Paris time as pages/agenda/recurrence.py does; it carries the
action's tree `path` (an agenda under a territory is `path__startswith=scope.path`) and its
locale. pages/agenda/occurrences.py writes them, and only it: rows are derived data.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from .actions import ActionPage


class Occurrence(models.Model):
    action = models.ForeignKey(
        ActionPage, on_delete=models.CASCADE, related_name="occurrence_rows", editable=False
    )
    start = models.DateTimeField(_("start"))  # UTC
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=False)
    # The whole action cancelled, or this date of it (ActionCancellation, exdates).
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # end - start: a reader of what overlaps a moment starts from that moment minus the
    # longest of them (pages/agenda/queries.py `occurrence_rows`), not from the table's first
    # row a month back (the past month of France: 8,500 rows read for the four next actions).
    length = models.DurationField(default=dt.timedelta(0), editable=False)
    path = models.CharField(max_length=255)  # the action page's treebeard path
    locale_id = models.IntegerField()  # the action page's (a plain copy, no join to filter)

    class Meta:
        verbose_name = _("occurrence of an action")
        verbose_name_plural = _("occurrences of actions")
        indexes = [
            models.Index(fields=["start", "id"], name="pages_occurrence_start_id"),
            # varchar_pattern_ops: PostgreSQL answers `LIKE 'path%'` from it whatever the
            # database's collation (other databases leave the operator class out).
            models.Index(
                fields=["path", "start"],
                name="pages_occurrence_path_start",
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
            ),
            models.Index(fields=["end"], name="pages_occurrence_end"),
            models.Index(fields=["length"], name="pages_occurrence_length"),
        ]

    def __str__(self) -> str:
        return f"{self.action_id} @ {self.start.isoformat()}"
