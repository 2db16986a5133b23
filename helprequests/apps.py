from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpRequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "helprequests"
    verbose_name = _("Requests for help")
