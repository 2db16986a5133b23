"""Background jobs of the assistance (run by django-q2, daily from core/schedules.py)."""

from . import services


def erase_old_tickets() -> int:
    return services.erase_old_tickets()
