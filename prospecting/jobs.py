"""Background jobs of the prospecting (run by django-q2, daily from core/schedules.py)."""

from . import services


def erase_old_contacts() -> int:
    return services.erase_old_contacts()
