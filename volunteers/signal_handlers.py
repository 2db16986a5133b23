"""How volunteers answers the layers below it (connected in apps.py ready()): when onboarding
engages a commune, the volunteers waiting there are handed over to its referents; when an
action is published cancelled, with a date cancelled or at another time, its volunteers are
told (notices.py)."""

from territories.models import Commune

from .services import hand_over_waiting_volunteers


def hand_over_on_engagement(sender, commune: Commune, **kwargs) -> None:
    """Receiver of onboarding.signals.commune_engaged."""
    hand_over_waiting_volunteers(commune)


def tell_of_schedule_change(sender, instance, **kwargs) -> None:
    """Receiver of wagtail.signals.page_published, for ActionPage."""
    from .notices import announce

    announce(instance)
