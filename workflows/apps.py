import datetime

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

DIGEST_SCHEDULE_NAME = "workflows: daily digest of moderation e-mails"
DIGEST_HOUR = 7  # in the morning, Europe/Paris


def ensure_schedules(sender, **kwargs) -> None:
    """The daily digest of the moderation e-mails, (re)created after every migrate; its first
    run is the next 7 o'clock (Europe/Paris), then every day."""
    from django.utils import timezone
    from django_q.models import Schedule

    now = timezone.localtime()
    next_run = now.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if next_run <= now:
        next_run += datetime.timedelta(days=1)
    schedule, created = Schedule.objects.get_or_create(
        name=DIGEST_SCHEDULE_NAME,
        defaults={
            "func": "workflows.jobs.send_digests",
            "schedule_type": Schedule.DAILY,
            "next_run": next_run,
        },
    )
    if not created and (
        schedule.func != "workflows.jobs.send_digests" or schedule.schedule_type != Schedule.DAILY
    ):
        schedule.func = "workflows.jobs.send_digests"
        schedule.schedule_type = Schedule.DAILY
        schedule.save(update_fields=["func", "schedule_type"])


class WorkflowsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workflows"
    verbose_name = _("Moderation")

    def ready(self):
        from . import notifications

        notifications.connect()
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="workflows-schedules")
