from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProspectingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prospecting"
    verbose_name = _("Prospecting mairies")
