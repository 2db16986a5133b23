"""The volunteers' public forms as JSON endpoints of the API, for a front end on another site:
the same forms and submissions as the site's pages (volunteers/submissions.py), answered in
JSON (core/submissions.py). Nothing of what was sent is echoed back.

The e-mailed links (register, cancel) work here too, from their token: a front end that
received the link's token sends it, and the same services as the links' pages act on it
(views/registrations.py). The token is the proof, as the link is on the site."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from typing_extensions import TypedDict

from core.clients import client_address
from core.submissions import answer, errors_answer, json_answer, write_endpoint
from pages.models import ActionPage
from pages.tree import public_only

from .. import services, submissions, tokens
from ..forms import LinkRequestForm, LinkTokenForm, RegistrationLinkForm, SignUpForm
from ..models import Registration
from ..sites import front_end_origin
from .sign_up import link_problem_text


@write_endpoint
def sign_up(request, data, files):
    """POST /api/v2/sign-up/: 202 once the confirmation link is on its way (nothing is public
    before the volunteer clicks it), 400 with the errors of each field, 429 past the limit."""
    form = SignUpForm(data)  # the live gestures may be chosen, by id, in any language
    # `?action=<id>`, as on the site's page: the confirmation leads to that action's registration.
    then_action = services.action_to_register_for(request.GET.get("action"))
    outcome = submissions.submit_sign_up(
        form,
        client_address(request),
        then_action_id=then_action.pk if then_action else None,
        # A configured front end's sign-up: the e-mailed links open that front end.
        front_end=front_end_origin(request.headers.get("Origin")),
    )
    return answer(
        outcome,
        form,
        _(
            "If this address can receive our e-mails, a message is on its way. Open the link it "
            "contains within 7 days to confirm your sign-up."
        ),
    )


@write_endpoint
def registration_link(request, data, files, pk: int):
    """POST /api/v2/actions/<id>/registration-link/: the e-mail of a confirmed volunteer gets
    the magic link that registers them (on the site's page, where the device is then
    recognised); anyone else gets nothing, and the answer is the same either way: 202."""
    action = (
        public_only(ActionPage.objects.live()).filter(pk=pk, registration_required=True).first()
    )
    if action is None:
        return JsonResponse({"message": _("No action takes registrations here.")}, status=404)
    form = RegistrationLinkForm(data)
    outcome = submissions.submit_registration_link_request(form, client_address(request), action)
    return answer(
        outcome,
        form,
        _("If this address belongs to a confirmed volunteer, a registration link is on its way."),
    )


@write_endpoint
def space_link(request, data, files):
    """POST /api/v2/space-link/: the link to the volunteer space is e-mailed to a confirmed
    volunteer (an unconfirmed one gets their confirmation link again, anyone else nothing); the
    answer is the same for anyone: 202. The space itself stays on the site's pages."""
    form = LinkRequestForm(data)
    outcome = submissions.submit_space_link_request(form, client_address(request))
    return answer(
        outcome,
        form,
        _(
            "If this address belongs to a volunteer, a message is on its way with the link to "
            "your space. The link is valid for 48 hours."
        ),
    )


def read_link(data, read):
    """The form of a link's token and what `read(token)` finds with it (None when the form or
    the link is wrong: the form's errors then say why, on `token`)."""
    form = LinkTokenForm(data)
    if not form.is_valid():
        return form, None
    try:
        return form, read(form.cleaned_data["token"])
    except tokens.InvalidLink as error:
        form.add_error("token", link_problem_text(error)[1])
        return form, None


class ActionLink(TypedDict):
    id: int
    title: str
    url: str


class RegistrationAnswer(TypedDict):
    message: str
    status: str  # registered, waiting
    action: ActionLink
    cancel_token: str


class CancelAnswer(TypedDict):
    message: str
    status: str  # cancelled


def action_link(action) -> ActionLink:
    return {"id": action.pk, "title": action.title, "url": action.get_full_url() or ""}


def registration_answer(registration: Registration, action, message: str) -> RegistrationAnswer:
    """A registration as its volunteer sees it: its state, its action, and the token that
    cancels it (what the e-mails' cancel link carries)."""
    return {
        "message": message,
        "status": registration.status,
        "action": action_link(action),
        "cancel_token": services.cancel_token(registration),
    }


def _register_link(token: str):
    value = tokens.read(tokens.REGISTER, token)
    return services.volunteer_from_token(tokens.REGISTER, token), value.get("a")


@never_cache  # its cancel token is a secret
@write_endpoint
def register(request, data, files):
    """POST /api/v2/registrations/ with the token of an e-mailed registration link: registers
    its volunteer for its action (a place, else the waiting list, and the e-mail that says
    which), as the link's page does; sending it again registers nothing more. 400 for a link
    that opens nothing, 404 for an action gone, 409 when registration is closed."""
    form, found = read_link(data, _register_link)
    if found is None:
        return errors_answer(form)
    volunteer, action_pk = found
    action = ActionPage.objects.live().filter(pk=action_pk, registration_required=True).first()
    if action is None:
        return json_answer({"message": _("No action takes registrations here.")}, 404)
    registration = (
        volunteer.registrations.filter(action=action)
        .exclude(status=services.Status.CANCELLED)
        .first()
    )
    if registration is None:
        if not services.registration_open(action):
            message = _("Registration for this action is closed: nothing was changed.")
            return json_answer({"message": message}, 409)
        registration = services.register(volunteer, action)
    if registration.status == services.Status.WAITING:
        message = _(
            "The action is full: you are on the waiting list. We will write to you if a place "
            "frees up."
        )
    else:
        message = _("You are registered. A confirmation e-mail is on its way.")
    return json_answer(registration_answer(registration, action, message), 200)


@never_cache
@write_endpoint
def cancel(request, data, files):
    """POST /api/v2/registrations/cancel/ with the token of an e-mailed cancel link (or the
    `cancel_token` of a registration's answer): the place goes to the first on the waiting
    list, who is told. Cancelling again changes nothing."""
    form, registration = read_link(data, services.registration_from_token)
    if registration is None:
        return errors_answer(form)
    services.cancel_registration(registration)
    cancelled: CancelAnswer = {
        "message": _("Your registration is cancelled."),
        "status": "cancelled",
    }
    return json_answer(cancelled, 200)


class ConfirmAnswer(TypedDict):
    message: str
    # The action the sign-up came from, open to registration: where to lead them next.
    then_action: ActionLink | None


def _confirm_link(token: str):
    return services.volunteer_from_token(tokens.CONFIRM, token), tokens.read(tokens.CONFIRM, token)


@write_endpoint
def confirm(request, data, files):
    """POST /api/v2/confirmation/ with the token of the e-mailed confirmation link: the sign-up
    counts, as on the link's page (views/sign_up.py); sending it again changes nothing more.
    400 for a link that opens nothing (expired, for another address, erased)."""
    form, found = read_link(data, _confirm_link)
    if found is None:
        return errors_answer(form)
    volunteer, value = found
    services.confirm(volunteer)
    action = services.action_to_register_for(value.get("a"))
    confirmed: ConfirmAnswer = {
        "message": _("Your sign-up is confirmed. Thank you!"),
        "then_action": action_link(action) if action is not None else None,
    }
    return json_answer(confirmed, 200)
