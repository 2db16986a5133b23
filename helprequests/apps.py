from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from volunteers.signals import collect_figures, collect_personal_data


class HelpRequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "helprequests"
    verbose_name = _("Requests for help")

    def ready(self) -> None:
        from .signal_handlers import hours_of_requests, requests_of_volunteer

        collect_personal_data.connect(requests_of_volunteer, dispatch_uid="helprequests-data")
        collect_figures.connect(hours_of_requests, dispatch_uid="helprequests-figures")
