from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from onboarding.signals import commune_engaged


class VolunteersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.api import APIField
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        # Models are ready only now, in ready(): pages' action is what the receiver listens to.
        from pages.models import ActionPage

        from . import api, notifications
        from .hours import figures_changed
        from .models import Registration, Volunteer
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
        # The figures kept (hours.cached_figures) are counted again after any change to what
        # they count: volunteers, hours, the pages of actions and territories.
        for signal, sender in (
            (post_save, Volunteer),
            (post_delete, Volunteer),
            (post_save, Registration),
            (post_delete, Registration),
            (post_save, PageViewRestriction),
            (post_delete, PageViewRestriction),
            (page_published, None),
            (page_unpublished, None),
            (post_page_move, None),
            (post_delete, ActionPage),
        ):
            signal.connect(
                figures_changed,
                sender=sender,
                weak=False,
                dispatch_uid=f"volunteers-figures-{id(signal)}-{getattr(sender, '__name__', '')}",
            )
