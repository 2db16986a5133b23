from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from onboarding.signals import commune_engaged


class VolunteersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from wagtail.api import APIField
        from wagtail.signals import page_published

        # Models are ready only now, in ready(): pages' action is what the receiver listens to.
        from pages.models import ActionPage

        from . import api, notifications
        from .signal_handlers import hand_over_on_engagement, tell_of_schedule_change

        notifications.register()
        # The action's answer in the pages API says what its page says of its places: pages
        # cannot ask volunteers (below it), so volunteers adds the field (counts only).
        if not any(field.name == "registration" for field in ActionPage.api_fields):
            ActionPage.api_fields.append(
                APIField("registration", serializer=api.RegistrationField())
            )
            ActionPage.api_prefetch_related.append(api.PREFETCH)
        commune_engaged.connect(hand_over_on_engagement, dispatch_uid="volunteers-hand-over")
        page_published.connect(
            tell_of_schedule_change, sender=ActionPage, dispatch_uid="volunteers-schedule-notices"
        )
