"""The "support requests" topic of core.notifications: a ticket routed to someone tells them
at once, or in their daily digest. What is told is the ticket's number and its link, never
the requester's name, address or message (the admin shows them to those who handle it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy, ngettext

from core.notifications import Email, preferences_url, register_topic

from .services import TOPIC, may_handle_tickets


def render_digest(user, notifications: list) -> Email:
    return Email(
        "support/email/digest",
        {"notifications": notifications},
        subject=ngettext(
            "Assistance: %(count)s new request",
            "Assistance: %(count)s new requests",
            len(notifications),
        )
        % {"count": len(notifications)},
        cancel_url=preferences_url(),
    )


def register() -> None:
    register_topic(
        TOPIC,
        gettext_lazy("Support requests"),
        gettext_lazy(
            "Requests sent through the help centre's contact form to you: one e-mail each, or "
            "all of them in one e-mail a day."
        ),
        concerns=may_handle_tickets,
        render_digest=render_digest,
    )
