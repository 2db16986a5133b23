"""The project's periodic jobs come from one table (core.schedules), made after every migrate:
exactly its schedules exist, a second run changes nothing, a retired one is removed."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule

from core import schedules

pytestmark = pytest.mark.django_db


def rows():
    return sorted(
        Schedule.objects.values_list("name", "func", "schedule_type", "next_run", "repeats")
    )


def test_after_migrate_exactly_the_table_schedules_exist():
    assert sorted(Schedule.objects.values_list("name", "func", "schedule_type")) == sorted(
        (periodic.name, periodic.func, periodic.schedule_type) for periodic in schedules.SCHEDULES
    )


def test_every_scheduled_job_exists():
    for periodic in schedules.SCHEDULES:
        assert callable(import_string(periodic.func)), periodic.func


def test_a_daily_job_with_an_hour_first_runs_at_that_hour_in_paris():
    for periodic in schedules.SCHEDULES:
        if periodic.at is None or periodic.day is not None:  # a monthly one: tests/mailings/
            continue
        next_run = timezone.localtime(Schedule.objects.get(name=periodic.name).next_run)
        assert next_run.time() == periodic.at
        assert timezone.now() < next_run <= timezone.now() + datetime.timedelta(days=1)


def test_running_it_twice_changes_nothing():
    before = rows()
    schedules.ensure_schedules()
    call_command("migrate", verbosity=0)  # the way it runs: after every migrate
    assert rows() == before


def test_a_changed_or_missing_schedule_is_put_back_and_a_retired_one_removed():
    first = schedules.SCHEDULES[0]
    Schedule.objects.filter(name=first.name).update(func="volunteers.jobs.gone", schedule_type="M")
    Schedule.objects.filter(name=schedules.SCHEDULES[1].name).delete()
    # The moderation's digest before there was one digest for every topic.
    retired = "workflows: daily digest of moderation e-mails"
    assert retired in schedules.RETIRED
    Schedule.objects.create(name=retired, func="workflows.jobs.send_digests", schedule_type="D")
    Schedule.objects.create(name="someone's own", func="math.floor", args="1.5", schedule_type="O")

    schedules.ensure_schedules()

    assert Schedule.objects.get(name=first.name).func == first.func
    assert Schedule.objects.get(name=first.name).schedule_type == first.schedule_type
    assert Schedule.objects.filter(name=schedules.SCHEDULES[1].name).exists()
    assert not Schedule.objects.filter(name=retired).exists()
    assert Schedule.objects.filter(name="someone's own").exists()  # not the table's: kept


def test_next_time_is_today_before_the_hour_and_tomorrow_after():
    seven = datetime.time(7, 0)
    morning = timezone.make_aware(datetime.datetime(2026, 3, 2, 6, 30))
    evening = timezone.make_aware(datetime.datetime(2026, 3, 2, 7, 0))
    assert schedules.next_time(seven, morning) == morning.replace(hour=7, minute=0)
    assert schedules.next_time(seven, evening) == evening + datetime.timedelta(days=1)


def test_the_outbox_sweep_runs_every_five_minutes_and_the_purges_daily():
    sweep = Schedule.objects.get(name=schedules.UNSENT_EMAILS)
    assert (sweep.func, sweep.schedule_type, sweep.minutes) == (
        "core.jobs.send_unsent_emails",
        Schedule.MINUTES,
        5,
    )
    for name, func in [
        (schedules.PURGE_EMAILS, "core.jobs.purge_emails"),
        (schedules.PURGE_JOBS, "core.jobs.purge_finished_jobs"),
    ]:
        assert Schedule.objects.filter(name=name, func=func, schedule_type=Schedule.DAILY).exists()
