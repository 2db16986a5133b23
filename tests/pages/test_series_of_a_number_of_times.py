"""A series given a number of times rather than an end date (COUNT) is over after its last
time, as one with an end date is after that date: `ActionPage.recurrence_last_day` keeps the day
it ends, so the agenda's queries, the actions API and the nightly job leave it out of the
windows that start later (before, it was never over to them, and the API listed a series
finished years ago among the actions to come)."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps

from pages.agenda import occurrences, recurrence
from pages.agenda.queries import overlapping
from pages.agenda.recurrence import PARIS
from pages.models import ActionPage

pytestmark = pytest.mark.django_db


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def last_day(start, end, count=None, until=None, frequency="weekly"):
    rule = recurrence.build_rrule(
        frequency=frequency,
        interval=1,
        weekdays="",
        monthly_position=0,
        until=until,
        count=count,
        start=start,
        all_day=False,
    )
    return recurrence.last_day(start=start, end=end, rrule=rule, until=until)


def test_the_last_day_of_a_series():
    monday = paris(2027, 3, 1, 10)
    assert last_day(monday, monday + dt.timedelta(hours=2), count=3) == dt.date(2027, 3, 15)
    # An occurrence that ends after midnight: the day it ends.
    night = paris(2027, 3, 6, 22)
    assert last_day(night, night + dt.timedelta(hours=4), count=2) == dt.date(2027, 3, 14)
    # Across the change to summer time, on the wall clock.
    assert last_day(monday, monday + dt.timedelta(hours=2), count=6) == dt.date(2027, 4, 5)
    monthly = paris(2027, 1, 31, 10)
    assert last_day(monthly, monthly + dt.timedelta(hours=1), count=3, frequency="monthly") == (
        dt.date(2027, 5, 31)  # February and April have no 31st
    )
    assert last_day(monday, monday, until=dt.date(2027, 6, 30)) == dt.date(2027, 6, 30)
    assert last_day(monday, monday) is None  # without end
    assert recurrence.last_day(start=monday, end=monday, rrule="", until=None) is None


@pytest.fixture
def series(agenda_tree, add_action, agenda_now):
    laval = agenda_tree["laval"]
    years_ago = agenda_now - dt.timedelta(days=730)
    return {
        "over": add_action(
            laval,
            "Dix fois, il y a deux ans",
            years_ago,
            recurrence_frequency="weekly",
            recurrence_count=10,
        ),
        "going_on": add_action(
            laval,
            "Deux cents fois",
            years_ago,
            recurrence_frequency="weekly",
            recurrence_count=200,
        ),
        "without_end": add_action(laval, "Sans fin", years_ago, recurrence_frequency="weekly"),
    }


def test_saving_keeps_the_last_day(series, agenda_now):
    over = ActionPage.objects.get(pk=series["over"].pk)
    assert over.recurrence_last_day == (agenda_now - dt.timedelta(days=730 - 63)).date()
    assert ActionPage.objects.get(pk=series["without_end"].pk).recurrence_last_day is None
    over.recurrence_count = None
    over.recurrence_until = agenda_now.date()
    over.save()
    assert ActionPage.objects.get(pk=over.pk).recurrence_last_day == agenda_now.date()


def test_a_series_over_is_left_out_of_what_is_to_come(client, series, agenda_now):
    window = ActionPage.objects.all()
    from_today = overlapping(window, agenda_now, agenda_now + dt.timedelta(days=30))
    assert set(from_today.values_list("title", flat=True)) == {"Deux cents fois", "Sans fin"}
    listed = client.get("/api/v2/actions/?fields=title").json()
    assert [item["title"] for item in listed["items"]] == ["Deux cents fois", "Sans fin"]
    # Its own time still finds it.
    then = agenda_now - dt.timedelta(days=700)
    assert "Dix fois, il y a deux ans" in set(
        overlapping(window, then, then + dt.timedelta(days=7)).values_list("title", flat=True)
    )


def test_the_nightly_job_marks_it_over(series):
    occurrences.extend_window()
    ended = set(ActionPage.objects.filter(ended=True).values_list("title", flat=True))
    assert ended == {"Dix fois, il y a deux ans"}


def test_the_migration_gives_the_existing_series_their_last_day(series, agenda_now):
    ActionPage.objects.update(recurrence_last_day=None)
    migration = import_module("pages.migrations.0013_action_recurrence_last_day")
    migration.fill(apps, None)
    days = dict(ActionPage.objects.values_list("title", "recurrence_last_day"))
    assert days == {
        "Dix fois, il y a deux ans": (agenda_now - dt.timedelta(days=730 - 63)).date(),
        "Deux cents fois": (agenda_now - dt.timedelta(days=730 - 199 * 7)).date(),
        "Sans fin": None,
    }
