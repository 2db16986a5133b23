"""The volunteer's choice of mailings in their space: one box a sender, shown in the space's
settings (volunteers.signals.collect_space_settings, connected in apps.py: volunteers, below
mailings, may not import it)."""

from __future__ import annotations

from django.template.loader import render_to_string

from . import lists


def space_lists(sender, *, request, volunteer, token: str, **kwargs) -> str:
    return render_to_string(
        "mailings/includes/space_lists.html",
        {"topics": lists.topics_of(volunteer), "token": token},
        request=request,
    )
