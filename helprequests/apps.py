from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from volunteers.signals import collect_figures, collect_personal_data


class HelpRequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "helprequests"
    verbose_name = _("Requests for help")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        # Only once the apps are ready: volunteers.hours imports models.
        from volunteers.hours import figures_changed

        from .models import HelpRequest
        from .signal_handlers import hours_of_requests, requests_of_volunteer

        collect_personal_data.connect(requests_of_volunteer, dispatch_uid="helprequests-data")
        collect_figures.connect(hours_of_requests, dispatch_uid="helprequests-figures")
        # A request closed with its hours (or reopened, deleted) moves the figures kept.
        post_save.connect(figures_changed, sender=HelpRequest, dispatch_uid="helprequests-fig")
        post_delete.connect(figures_changed, sender=HelpRequest, dispatch_uid="helprequests-fig-")
