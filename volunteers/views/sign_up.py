"""Public views of the volunteers: thin, the rules are in services.py."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from core.clients import client_address
from core.submissions import Outcome
from pages.models import CommunePage, StandardPage
from pages.tree import public_only

from .. import devices, services, submissions, tokens
from ..forms import SignUpForm
from ..gestures import offered_gestures
from ..sites import commune_initial, site_commune_page

# The limits live beside the submissions (volunteers/submissions.py); named here too, where
# the tests and the deploy checks found them.
RATE_LIMIT, RATE_WINDOW, TARGET_LIMIT = (
    submissions.RATE_LIMIT,
    submissions.RATE_WINDOW,
    submissions.TARGET_LIMIT,
)


def too_many(request):
    return render(
        request,
        "volunteers/message.html",
        {
            "heading": _("Too many attempts"),
            "message": _("Too many forms were sent from your connection. Try again in an hour."),
        },
        status=429,
    )


def link_problem_text(error: tokens.InvalidLink) -> tuple[str, str]:
    """What a page (or the API, views/api.py) says of a link that opens nothing: a heading and
    a message, in the request's language."""
    if isinstance(error, tokens.ErasedLink):
        heading = _("Your data was erased")
        message = _(
            "This link belonged to a volunteer who erased their data: it opens nothing any more. "
            "You may sign up again at any time."
        )
    elif isinstance(error, tokens.UsedLink):
        heading = _("This link was already used")
        message = _(
            "A link to your space opens it once, and a newer link replaces the older ones. "
            "Ask for a new link: it is sent to you by e-mail at once."
        )
    elif isinstance(error, tokens.ExpiredLink):
        heading = _("This link has expired")
        message = _("The link is too old. Fill in the form again to get a new one.")
    else:
        heading = _("This link is not valid")
        message = _("The link is incomplete or was altered. Copy the whole link from the e-mail.")
    return heading, message


def link_problem(request, error: tokens.InvalidLink):
    heading, message = link_problem_text(error)
    return render(
        request,
        "volunteers/message.html",
        {
            "heading": heading,
            "message": message,
            "sign_up_link": True,
            "space_request_link": isinstance(error, tokens.UsedLink),
        },
        status=400,
    )


def live_page_at(request, page_path: str, model):
    """The live page of type `model` at `page_path` (e.g. "mayenne/laval") in the current
    language's tree, or 404; a page behind a view restriction too (its title is not shown)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page.localized
    url_path = f"{root.url_path}{page_path.strip('/')}/"
    # With its locale: an action's (services.holder_of) is then read without a query.
    page = public_only(model.objects.live()).filter(url_path=url_path).select_related("locale")
    page = page.first()
    if page is None:
        raise Http404
    return page


def charter_page():
    return StandardPage.objects.live().filter(kind=StandardPage.Kind.CHARTER).first()


@require_http_methods(["GET", "POST"])
def sign_up(request):
    return _sign_up(request, site_commune_page(request))


@require_http_methods(["GET", "POST"])
def commune_sign_up(request, page_path: str):
    return _sign_up(request, live_page_at(request, page_path, CommunePage))


def _sign_up(request, commune_page):
    gestures = offered_gestures()
    # Come from an action's "register" link: the confirmation leads back to it.
    then_action = services.action_to_register_for(request.GET.get("action"))
    if request.method == "POST":
        form = SignUpForm(request.POST, gestures=gestures)
        outcome = submissions.submit_sign_up(
            form, client_address(request), then_action_id=then_action.pk if then_action else None
        )
        if outcome is Outcome.TOO_MANY:
            return too_many(request)
        if outcome is Outcome.DONE:
            return redirect("volunteers:check_inbox")
    else:
        initial = commune_initial(commune_page)
        slug = request.GET.get("geste", "")
        chosen = [gesture.pk for gesture in gestures if gesture.slug == slug]
        if chosen:
            initial["gestures"] = chosen
        form = SignUpForm(initial=initial, gestures=gestures)
    return render(
        request,
        "volunteers/sign_up.html",
        {
            "form": form,
            "page": commune_page,
            "commune_page": commune_page,
            "charter": charter_page(),
            "gesture_groups": form.gesture_groups(),
            "then_action": then_action,
        },
    )


def check_inbox(request):
    return render(request, "volunteers/check_inbox.html")


def confirm(request, token: str):
    try:
        volunteer = services.volunteer_from_token(tokens.CONFIRM, token)
    except tokens.InvalidLink as error:
        return link_problem(request, error)
    services.confirm(volunteer)
    volunteer.refresh_from_db(fields=["handed_over_at"])  # handed over if the commune joined
    then_action = services.action_to_register_for(tokens.read(tokens.CONFIRM, token).get("a"))
    response = render(
        request,
        "volunteers/confirmed.html",
        {"volunteer": volunteer, "then_action": then_action},
    )
    devices.remember(request, response, volunteer)  # this device now registers in one click
    return response


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        volunteer = services.volunteer_from_token(tokens.UNSUBSCRIBE, token)
    except tokens.InvalidLink as error:
        return link_problem(request, error)
    if request.method == "POST":
        services.unsubscribe(volunteer)
        return render(request, "volunteers/unsubscribed.html")
    return render(request, "volunteers/unsubscribe.html", {"volunteer": volunteer})
