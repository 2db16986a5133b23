"""How volunteers answers the layers below it (connected in apps.py ready()): when onboarding
engages a commune, the volunteers waiting there are handed over to its referents; when an
action is published cancelled, with a date cancelled or at another time, its volunteers are
told (notices.py)."""

import logging

from territories.models import Commune

from .services import hand_over_waiting_volunteers

logger = logging.getLogger(__name__)


def hand_over_on_engagement(sender, commune: Commune, **kwargs) -> None:
    """Receiver of onboarding.signals.commune_engaged."""
    hand_over_waiting_volunteers(commune)


def tell_of_schedule_change(sender, instance, **kwargs) -> None:
    """Receiver of wagtail.signals.page_published, for ActionPage. The page is published
    whatever happens here: a failure is logged (the page's id), not shown to the editor."""
    from .notices import announce

    try:
        announce(instance)
    except Exception:
        logger.exception("Telling the volunteers of action %s of its new dates failed", instance.pk)
