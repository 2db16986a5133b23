from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

PURGE_SCHEDULE_NAME = "volunteers: purge unconfirmed sign-ups"
REMINDERS_SCHEDULE_NAME = "volunteers: reminders of tomorrow's actions"
FOLLOW_UPS_SCHEDULE_NAME = "volunteers: hours given, asked after the actions"


def ensure_schedules(sender, **kwargs) -> None:
    """The daily purge of unconfirmed sign-ups and the hourly reminders, (re)created after
    every migrate."""
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


class VolunteersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="volunteers-schedules")
