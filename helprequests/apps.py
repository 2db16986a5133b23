from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from volunteers.signals import collect_figures, collect_personal_data

PURGE_SCHEDULE_NAME = "helprequests: erase the contacts of closed requests"


def ensure_schedules(sender, **kwargs) -> None:
    """The daily erasure of beneficiaries' contacts, 90 days after their request closed."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=PURGE_SCHEDULE_NAME,
        defaults={"func": "helprequests.jobs.erase_old_contacts", "schedule_type": Schedule.DAILY},
    )


class HelpRequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "helprequests"
    verbose_name = _("Requests for help")

    def ready(self) -> None:
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="helprequests-schedules")
        from .signal_handlers import hours_of_requests, requests_of_volunteer

        collect_personal_data.connect(requests_of_volunteer, dispatch_uid="helprequests-data")
        collect_figures.connect(hours_of_requests, dispatch_uid="helprequests-figures")
