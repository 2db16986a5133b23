"""The one table of the project's periodic jobs (django-q2 schedules), made after every migrate
from here only. Jobs are named by dotted path, so core imports none of the apps that own them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Periodic:
    name: str  # the schedule's name in django-q2's admin, unique
    func: str  # the job, by dotted path
    schedule_type: str  # a django_q Schedule type: "H" hourly, "D" daily…
    at: datetime.time | None = None  # for a daily job: its hour, Europe/Paris
    minutes: int | None = None  # for a job every few minutes: how many


MINUTES, HOURLY, DAILY = "I", "H", "D"
DIGEST_HOUR = datetime.time(7, 0)  # in the morning, Europe/Paris

PURGE_UNCONFIRMED = "volunteers: purge unconfirmed sign-ups"
REMINDERS = "volunteers: reminders of tomorrow's actions"
FOLLOW_UPS = "volunteers: hours given, asked after the actions"
ERASE_CONTACTS = "helprequests: erase the contacts of closed requests"
DIGEST = "notifications: the daily digest"
PURGE_LOGIN_ATTEMPTS = "accounts: forget failed log-ins after a day"
UNSENT_EMAILS = "e-mails: send what no job sent, retry the failed"
PURGE_EMAILS = "e-mails: erase what sent e-mails said"
PURGE_JOBS = "jobs: delete the records of finished jobs"
PURGE_SUBMISSIONS = "workflows: purge the submissions abandoned or turned down"
KITS_REFRESH = "kits: check every kit again (the gestures volunteers choose most)"
KITS_REFRESH_HOUR = datetime.time(4, 0)  # before the day's downloads, Europe/Paris
OCCURRENCES = "agenda: move the occurrences table's window on by a day"
OCCURRENCES_HOUR = datetime.time(0, 30)  # just after midnight, Europe/Paris: the new day's

SCHEDULES = [
    Periodic(PURGE_UNCONFIRMED, "volunteers.jobs.purge_unconfirmed", DAILY),
    Periodic(REMINDERS, "volunteers.jobs.send_reminders", HOURLY),
    Periodic(FOLLOW_UPS, "volunteers.jobs.send_follow_ups", HOURLY),
    Periodic(ERASE_CONTACTS, "helprequests.jobs.erase_old_contacts", DAILY),
    Periodic(DIGEST, "core.jobs.send_digests", DAILY, at=DIGEST_HOUR),
    Periodic(PURGE_LOGIN_ATTEMPTS, "core.logins.purge_login_attempts", DAILY),
    Periodic(UNSENT_EMAILS, "core.jobs.send_unsent_emails", MINUTES, minutes=5),
    Periodic(PURGE_EMAILS, "core.jobs.purge_emails", DAILY),
    Periodic(PURGE_JOBS, "core.jobs.purge_finished_jobs", DAILY),
    Periodic(PURGE_SUBMISSIONS, "workflows.jobs.purge_abandoned_submissions", DAILY),
    Periodic(KITS_REFRESH, "kits.services.mark_every_kit_changed", DAILY, at=KITS_REFRESH_HOUR),
    Periodic(OCCURRENCES, "pages.agenda.occurrences.extend_window", DAILY, at=OCCURRENCES_HOUR),
]

# Schedules this table once made, removed when found: a job that is gone must not run.
# The two digests before there was one (core.notifications).
RETIRED = [
    "volunteers: the referents' daily digest of new volunteers",
    "workflows: daily digest of moderation e-mails",
]


def next_time(at: datetime.time, now: datetime.datetime | None = None) -> datetime.datetime:
    """The next moment it is `at` in Europe/Paris (the project's time zone)."""
    now = timezone.localtime(now)
    moment = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return moment if moment > now else moment + datetime.timedelta(days=1)


def ensure_schedules(**kwargs) -> None:
    """Make the database's schedules those of the table: each created or brought up to date by
    name (a daily job's next run is kept unless its hour changed), the retired ones removed.
    Connected to post_migrate once, by core; running it again changes nothing."""
    from django_q.models import Schedule

    for periodic in SCHEDULES:
        defaults = {"func": periodic.func, "schedule_type": periodic.schedule_type}
        if periodic.minutes is not None:
            defaults["minutes"] = periodic.minutes
        existing = Schedule.objects.filter(name=periodic.name).first()
        if periodic.at is not None and (
            existing is None
            or existing.next_run is None
            or timezone.localtime(existing.next_run).time() != periodic.at
        ):
            defaults["next_run"] = next_time(periodic.at)
        if existing is None:
            Schedule.objects.create(name=periodic.name, **defaults)
        elif any(getattr(existing, field) != value for field, value in defaults.items()):
            Schedule.objects.filter(pk=existing.pk).update(**defaults)
    Schedule.objects.filter(name__in=RETIRED).delete()
