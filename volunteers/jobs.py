"""Background jobs of the volunteers app (django-q2)."""

from . import services


def purge_unconfirmed() -> int:
    """The daily job: unconfirmed sign-ups older than 30 days are deleted."""
    return services.purge_unconfirmed()
