"""What a post of "Suggest a gesture" does, from the idea box's page or from the API
(core/submissions.py): the honeypot, the rate limit, then the draft handed to moderation."""

from __future__ import annotations

from wagtail.models import Locale

from core.submissions import Outcome

from . import services
from .forms import GestureSuggestionForm


def submit_suggestion(form: GestureSuggestionForm, address: str, locale: Locale) -> Outcome:
    """A suggestion posted by the client at `address`: DONE once the draft awaits moderation
    (or as if, for a robot), INVALID, or TOO_MANY past the limit."""
    if form.caught_robot():
        # Answered as a success, nothing kept (core/honeypot.py); counted like a success.
        return Outcome.TOO_MANY if services.suggestion_over_limit(address) else Outcome.DONE
    if not form.is_valid():
        return Outcome.INVALID
    data = form.cleaned_data
    try:
        services.suggest_gesture(
            title=data["title"],
            summary=data["summary"],
            how_to=data["how_to"],
            category=data["category"],
            kind=data["kind"],
            name=data["name"],
            email=data["email"],
            address=address,
            locale=locale,
        )
    except services.RateLimited:
        return Outcome.TOO_MANY
    return Outcome.DONE
