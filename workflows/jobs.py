"""Background jobs of the moderation, run by django-q2 (synchronously in the tests)."""

from . import services


def run_automated_check(task_state_id: int) -> list[str] | None:
    """The automated check of an item that reached an AutomatedCheckTask."""
    return services.run_check(task_state_id)


def purge_abandoned_submissions() -> int:
    """The daily job: submissions left unfinished or turned down, past their retention."""
    from .retention import purge_abandoned_submissions as purge

    return purge()
