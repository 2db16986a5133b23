"""The day a series is over, kept on each action (ActionPage.recurrence_last_day): a series of a
number of times is then left out of the windows after its last time, as one with an end date
already was. The existing series are given theirs here, with the rule of
pages/agenda/recurrence.py `last_day` (copied: a migration does not import app code)."""

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.db import migrations, models

PARIS = ZoneInfo("Europe/Paris")


def last_day(action):
    if action.recurrence_until is not None:
        return action.recurrence_until
    if "COUNT=" not in action.rrule or action.end is None:
        return None
    local_start = action.start.astimezone(PARIS).replace(tzinfo=None)
    wall = action.end.astimezone(PARIS).replace(tzinfo=None) - local_start
    last = None
    for last in rrulestr(action.rrule, dtstart=local_start):  # noqa: B007
        pass
    return (last + max(wall, dt.timedelta(0))).date() if last is not None else None


def fill(apps, schema_editor):
    ActionPage = apps.get_model("pages", "ActionPage")
    series = ActionPage.objects.exclude(rrule="").only(
        "pk", "start", "end", "rrule", "recurrence_until"
    )
    changed = []
    for action in series.iterator(chunk_size=1000):
        action.recurrence_last_day = last_day(action)
        if action.recurrence_last_day is not None:
            changed.append(action)
        if len(changed) == 1000:
            ActionPage.objects.bulk_update(changed, ["recurrence_last_day"])
            changed = []
    ActionPage.objects.bulk_update(changed, ["recurrence_last_day"])


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0012_action_ended"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionpage",
            name="recurrence_last_day",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
