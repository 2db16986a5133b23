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
    at: datetime.time | None = None  # for a daily or monthly job: its hour, Europe/Paris
    minutes: int | None = None  # for a job every few minutes: how many
    day: int | None = None  # for a monthly job: its day of the month


MINUTES, HOURLY, DAILY, MONTHLY = "I", "H", "D", "M"
DIGEST_HOUR = datetime.time(7, 0)  # in the morning, Europe/Paris

PURGE_UNCONFIRMED = "volunteers: purge unconfirmed sign-ups"
REMINDERS = "volunteers: reminders of tomorrow's actions"
FOLLOW_UPS = "volunteers: hours given, asked after the actions"
ERASE_CONTACTS = "helprequests: erase the contacts of closed requests"
ERASE_TICKETS = "support: erase the tickets kept past SUPPORT_RETENTION_DAYS"
ERASE_PROSPECTS = "prospecting: erase the mairies' contacts kept past PROSPECT_RETENTION_DAYS"
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
MAILINGS = "mailings: start the mailings due and send their next batches"
MONTHLY_HOUR = "mailings: your hour this month, on the 1st"
MONTHLY_HOUR_AT = datetime.time(9, 0)  # Europe/Paris, after the night's agenda jobs

SCHEDULES = [
    Periodic(PURGE_UNCONFIRMED, "volunteers.jobs.purge_unconfirmed", DAILY),
    Periodic(REMINDERS, "volunteers.jobs.send_reminders", HOURLY),
    Periodic(FOLLOW_UPS, "volunteers.jobs.send_follow_ups", HOURLY),
    Periodic(ERASE_CONTACTS, "helprequests.jobs.erase_old_contacts", DAILY),
    Periodic(ERASE_TICKETS, "support.jobs.erase_old_tickets", DAILY),
    Periodic(ERASE_PROSPECTS, "prospecting.jobs.erase_old_contacts", DAILY),
    Periodic(DIGEST, "core.jobs.send_digests", DAILY, at=DIGEST_HOUR),
    Periodic(PURGE_LOGIN_ATTEMPTS, "core.logins.purge_login_attempts", DAILY),
    Periodic(UNSENT_EMAILS, "core.jobs.send_unsent_emails", MINUTES, minutes=5),
    Periodic(PURGE_EMAILS, "core.jobs.purge_emails", DAILY),
    Periodic(PURGE_JOBS, "core.jobs.purge_finished_jobs", DAILY),
    Periodic(PURGE_SUBMISSIONS, "workflows.jobs.purge_abandoned_submissions", DAILY),
    Periodic(KITS_REFRESH, "kits.services.mark_every_kit_changed", DAILY, at=KITS_REFRESH_HOUR),
    Periodic(OCCURRENCES, "pages.agenda.occurrences.extend_window", DAILY, at=OCCURRENCES_HOUR),
    Periodic(MAILINGS, "mailings.jobs.send_mailings", MINUTES, minutes=5),
    Periodic(MONTHLY_HOUR, "mailings.jobs.send_monthly_hour", MONTHLY, at=MONTHLY_HOUR_AT, day=1),
]

# Schedules this table once made, removed when found: a job that is gone must not run.
# The two digests before there was one (core.notifications).
RETIRED = [
    "volunteers: the referents' daily digest of new volunteers",
    "workflows: daily digest of moderation e-mails",
]


def next_time(
    at: datetime.time, now: datetime.datetime | None = None, day: int | None = None
) -> datetime.datetime:
    """The next moment it is `at` in Europe/Paris (the project's time zone), on the `day` of
    a month when given (django-q2 then moves a monthly job on by a month)."""
    now = timezone.localtime(now)
    if day is None:
        moment = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
        return moment if moment > now else moment + datetime.timedelta(days=1)
    moment = timezone.make_aware(datetime.datetime(now.year, now.month, day, at.hour, at.minute))
    if moment <= now:
        year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
        moment = timezone.make_aware(datetime.datetime(year, month, day, at.hour, at.minute))
    return moment


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
            or (
                periodic.day is not None
                and timezone.localtime(existing.next_run).day != periodic.day
            )
        ):
            defaults["next_run"] = next_time(periodic.at, day=periodic.day)
        if existing is None:
            Schedule.objects.create(name=periodic.name, **defaults)
        elif any(getattr(existing, field) != value for field, value in defaults.items()):
            Schedule.objects.filter(pk=existing.pk).update(**defaults)
    Schedule.objects.filter(name__in=RETIRED).delete()
