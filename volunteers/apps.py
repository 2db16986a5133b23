from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from onboarding.signals import commune_engaged


class VolunteersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from wagtail.signals import page_published

        # Models are ready only now, in ready(): pages' action is what the receiver listens to.
        from pages.models import ActionPage

        from . import notifications
        from .signal_handlers import hand_over_on_engagement, tell_of_schedule_change

        notifications.register()
        commune_engaged.connect(hand_over_on_engagement, dispatch_uid="volunteers-hand-over")
        page_published.connect(
            tell_of_schedule_change, sender=ActionPage, dispatch_uid="volunteers-schedule-notices"
        )
