import datetime

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from onboarding.signals import commune_engaged

PURGE_SCHEDULE_NAME = "volunteers: purge unconfirmed sign-ups"
REMINDERS_SCHEDULE_NAME = "volunteers: reminders of tomorrow's actions"
FOLLOW_UPS_SCHEDULE_NAME = "volunteers: hours given, asked after the actions"
DIGEST_SCHEDULE_NAME = "volunteers: the referents' daily digest of new volunteers"
DIGEST_HOUR = 7  # in the morning, Europe/Paris


def ensure_schedules(sender, **kwargs) -> None:
    """The daily purge of unconfirmed sign-ups, the hourly reminders and follow-ups, and the
    referents' daily digest, (re)created after every migrate."""
    from django.utils import timezone
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=PURGE_SCHEDULE_NAME,
        defaults={"func": "volunteers.jobs.purge_unconfirmed", "schedule_type": Schedule.DAILY},
    )
    Schedule.objects.update_or_create(
        name=REMINDERS_SCHEDULE_NAME,
        defaults={"func": "volunteers.jobs.send_reminders", "schedule_type": Schedule.HOURLY},
    )
    Schedule.objects.update_or_create(
        name=FOLLOW_UPS_SCHEDULE_NAME,
        defaults={"func": "volunteers.jobs.send_follow_ups", "schedule_type": Schedule.HOURLY},
    )
    # The digest goes out at 7 in the morning (Paris): its first run is the next 7 o'clock.
    now = timezone.localtime()
    first_run = now.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if first_run <= now:
        first_run += datetime.timedelta(days=1)
    digest = {"func": "volunteers.jobs.send_digests", "schedule_type": Schedule.DAILY}
    Schedule.objects.update_or_create(
        name=DIGEST_SCHEDULE_NAME,
        defaults=digest,
        create_defaults={**digest, "next_run": first_run},
    )


class VolunteersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="volunteers-schedules")
        from .signal_handlers import hand_over_on_engagement

        commune_engaged.connect(hand_over_on_engagement, dispatch_uid="volunteers-hand-over")
