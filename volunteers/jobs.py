"""Background jobs of the volunteers app (django-q2)."""

from pages.models import ActionPage

from . import services


def purge_unconfirmed() -> int:
    """The daily job: unconfirmed sign-ups older than 30 days are deleted."""
    return services.purge_unconfirmed()


def send_reminders() -> int:
    """The hourly job: the reminders of tomorrow's actions, each sent once."""
    from .calendar import send_reminders as send

    return send()


def send_follow_ups() -> int:
    """The hourly job: after an action, ask those who came how long they gave."""
    from .hours import send_follow_ups as send

    return send()


def send_schedule_notices(batch: str) -> int:
    """Queued on publication: tell the volunteers of an action that its dates changed."""
    from .notices import send_schedule_notices as send

    return send(batch)


def send_space_link(email: str) -> None:
    """Queued by every request for the link of a space (space.request_space_link)."""
    from .space import send_space_link as send

    send(email)


def send_registration_link(email: str, action_id: int) -> None:
    """Queued by every request for an action's registration link
    (services.request_registration_link); nothing when the action is gone or closed since."""
    # Its locale read with it: whether the e-mail may name it as it is (services.in_language_of).
    action = ActionPage.objects.live().select_related("locale").filter(pk=action_id).first()
    if action is not None:
        services.send_registration_link(email, action)
