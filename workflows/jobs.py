"""Background jobs of the moderation, run by django-q2 (synchronously in the tests)."""

from . import services


def run_automated_check(task_state_id: int) -> list[str] | None:
    """The automated check of an item that reached an AutomatedCheckTask."""
    return services.run_check(task_state_id)
