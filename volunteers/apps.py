from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from onboarding.signals import commune_engaged


class VolunteersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from . import notifications
        from .signal_handlers import hand_over_on_engagement

        notifications.register()
        commune_engaged.connect(hand_over_on_engagement, dispatch_uid="volunteers-hand-over")
