"""What a post of the contact form does (core/submissions.py): the honeypot, the rate limits,
then the ticket routed and its people told."""

from __future__ import annotations

from core.submissions import Outcome, outcome_of_limit

from . import services
from .forms import ContactForm


def submit_contact(form: ContactForm, address: str) -> Outcome:
    """DONE once the ticket is stored (or as if, for a robot or an address past its own limit),
    INVALID, or TOO_MANY past the client's limit."""
    if form.caught_robot():
        return outcome_of_limit(services.contact_over_limit(address, "")) or Outcome.DONE
    if not form.is_valid():
        return Outcome.INVALID
    data = form.cleaned_data
    limited = outcome_of_limit(services.contact_over_limit(address, data["email"]))
    if limited is not None:
        return limited
    services.open_ticket(
        name=data["name"],
        email=data["email"],
        audience=data["audience"],
        commune=data.get("commune"),
        subject=data["subject"],
        message=data["message"],
    )
    return Outcome.DONE
