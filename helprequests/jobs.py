"""Background jobs of the requests for help (run by django-q2)."""

from . import services


def erase_old_contacts() -> int:
    return services.erase_old_contacts()
