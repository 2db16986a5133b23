"""The public views of the moderation: propose an initiative (national or on a commune's page)
and follow its moderation with the link received by e-mail; the national form as a JSON
endpoint of the API too. Rules are in services.py."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.models import Page, Site

from core.clients import client_address
from core.submissions import Outcome, answer, json_answer, write_endpoint

from . import services
from .forms import InitiativeChangesForm, InitiativeProposalForm, NationalInitiativeProposalForm
from .submissions import submit_proposal

TOO_MANY = gettext_lazy("You have sent many proposals in the last hour: please try again later.")
NO_COMMUNE_PAGE = gettext_lazy("No commune page takes proposals at this address.")
THANKS = gettext_lazy("Thank you! We have sent you an e-mail with the link to this page.")
RESUBMITTED = gettext_lazy("Thank you! Your initiative has been sent to the moderators again.")
ALREADY_SENT = gettext_lazy(
    "Your initiative is no longer waiting for changes: what you sent earlier is being reviewed."
)
LINK_PROBLEMS = {
    "expired": gettext_lazy(
        "This link has expired. The latest e-mail about your initiative has a new one."
    ),
    "invalid": gettext_lazy(
        "This link is not valid: check that you copied the whole address from the e-mail."
    ),
    "gone": gettext_lazy("This initiative no longer exists."),
}


def propose_initiative(request: HttpRequest) -> HttpResponse:
    return _propose(request, commune_page=None)


def propose_initiative_in_commune(request: HttpRequest, commune_path: str) -> HttpResponse:
    commune_page = services.live_commune_page_at(Site.find_for_request(request), commune_path)
    if commune_page is None:
        raise Http404
    return _propose(request, commune_page=commune_page)


def _propose(request: HttpRequest, commune_page: Page | None) -> HttpResponse:
    form_class = InitiativeProposalForm if commune_page else NationalInitiativeProposalForm
    address = client_address(request)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        outcome, page = submit_proposal(form, address, commune_page)
        if outcome is Outcome.TOO_MANY:
            form.add_error(None, TOO_MANY)
            status = 429
        elif outcome is Outcome.INVALID:
            status = 400
        else:
            messages.success(request, THANKS)
            if page is None:
                # A robot's (nothing kept): its follow-up page cannot exist, back to the form.
                return redirect(request.path)
            return redirect(
                reverse("workflows:status", kwargs={"token": services.status_token(page)})
            )
    else:
        form = form_class()
    context = {"form": form, "commune_page": commune_page, "page": commune_page}
    return render(request, "workflows/propose_initiative.html", context, status=status)


def _bad_link(request: HttpRequest, problem: str) -> HttpResponse:
    context = {"problem": LINK_PROBLEMS[problem]}
    return render(request, "workflows/initiative_link_problem.html", context, status=404)


@never_cache
def initiative_status(request: HttpRequest, token: str) -> HttpResponse:
    reading = services.read_token(token)
    if reading.page is None:
        return _bad_link(request, reading.problem)
    page = reading.page
    status = services.status_of(page)
    context = {
        "initiative": page,
        "status": status,
        "may_resubmit": status.code == "changes" and services.may_resubmit(page),
        "token": token,
    }
    return render(request, "workflows/initiative_status.html", context)


@never_cache
def initiative_changes(request: HttpRequest, token: str) -> HttpResponse:
    """The submitter edits their initiative sent back for changes, and sends it again."""
    reading = services.read_token(token)
    if reading.page is None:
        return _bad_link(request, reading.problem)
    page = reading.page
    status_url = reverse("workflows:status", kwargs={"token": token})
    if not services.may_resubmit(page):
        if request.method == "POST":
            messages.info(request, ALREADY_SENT)
        return redirect(status_url)
    status = 200
    if request.method == "POST":
        form = InitiativeChangesForm(request.POST, request.FILES)
        if form.caught_robot():
            return redirect(status_url)
        if form.is_valid():
            data = form.cleaned_data
            submission = services.Submission(
                title=data["title"],
                summary=data["summary"],
                description=data["description"],
                tips=data["tips"],
                name=data["name"],
                email=page.submitted_by_email,
                organisation=data["organisation"],
                people_helped=data["people_helped"],
                hours_given=data["hours_given"],
                volunteers=data["volunteers"],
            )
            if services.resubmit_initiative(page, submission, photos=form.photos()):
                messages.success(request, RESUBMITTED)
            else:
                messages.info(request, ALREADY_SENT)
            return redirect(status_url)
        status = 400
    else:
        form = InitiativeChangesForm(initial=services.proposal_of(page))
    context = {"form": form, "initiative": page, "status": services.status_of(page)}
    return render(request, "workflows/initiative_changes.html", context, status=status)


@write_endpoint
def api_propose_initiative(request: HttpRequest, data, files) -> HttpResponse:
    """POST /api/v2/initiatives/ (multipart/form-data, for its photos): the national form and
    its submission; 202 once the draft awaits moderation (the link to follow it is e-mailed;
    the photos stay private until approval), 400 with the errors of each field, 429 past the
    limit. Nothing of what was sent is echoed."""
    form = NationalInitiativeProposalForm(data, files)
    outcome, _page = submit_proposal(form, client_address(request))
    return answer(outcome, form, str(THANKS))


@write_endpoint
def api_propose_initiative_in_commune(request: HttpRequest, data, files, pk: int) -> HttpResponse:
    """POST /api/v2/pages/<id>/initiatives/: the commune page's form (no commune to name: the
    page's), as `<commune page>/proposer-une-initiative/` on the site; otherwise as
    api_propose_initiative. 404 for an id that is no live public commune page."""
    commune_page = services.live_commune_page(pk)
    if commune_page is None:
        return json_answer({"message": str(NO_COMMUNE_PAGE)}, 404)
    form = InitiativeProposalForm(data, files)
    outcome, _page = submit_proposal(form, client_address(request), commune_page)
    return answer(outcome, form, str(THANKS))
