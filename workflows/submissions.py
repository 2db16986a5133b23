"""What a post of "Propose an initiative" does, from the site's page or from the API
(core/submissions.py): the honeypot, the rate limit, the territory that takes it, then the
draft, its photos (private until approval) and its workflow."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.models import Page

from core.submissions import Outcome

from . import services
from .forms import InitiativeProposalForm


def submit_proposal(
    form: InitiativeProposalForm, address: str, commune_page: Page | None = None
) -> tuple[Outcome, Page | None]:
    """A proposal posted by the client at `address`, for `commune_page` or, on the national
    form, for the commune it names: (DONE, the draft) once it awaits moderation, (DONE, None)
    for a robot (answered as a success, nothing kept), INVALID (the form's errors say why, a
    commune that does not take part included), or TOO_MANY."""
    if form.caught_robot():
        # Counted like a success (core/honeypot.py).
        if services.proposal_over_limit(address):
            return Outcome.TOO_MANY, None
        return Outcome.DONE, None
    if not form.is_valid():
        return Outcome.INVALID, None
    data = form.cleaned_data
    if services.proposal_over_limit(address, data["email"]):
        return Outcome.TOO_MANY, None
    target = commune_page or services.territory_page_for(data["commune"])
    if target is None:
        form.add_error(
            "commune",
            _("%(commune)s does not take part in L'Heure Civique yet.")
            % {"commune": data["commune"]},
        )
        return Outcome.INVALID, None
    page = services.submit_initiative(
        services.Submission(
            title=data["title"],
            summary=data["summary"],
            description=data["description"],
            tips=data["tips"],
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            people_helped=data["people_helped"],
            hours_given=data["hours_given"],
            volunteers=data["volunteers"],
        ),
        target,
        photos=form.photos(),
    )
    return Outcome.DONE, page
