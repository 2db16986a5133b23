"""The volunteer's space through the API (/api/v2/space/...), for a front end on another site:
what the space's pages show and do (views/space.py), through the same forms and services
(space.py), answered in JSON.

A request is authorised by the token of a visit of the space, sent as
`Authorization: Bearer <token>`: the e-mailed link's token is spent first (POST
/api/v2/space/open/), as the space's page spends it, and gives the visit's token. A header, not
a cookie: a page of another site cannot make a browser send it, so these endpoints need no
CSRF protection and keep none (core/submissions.py), and CORS never carries credentials. Every
answer is personal: never cached, by the browser or any proxy."""

from __future__ import annotations

import functools

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from typing_extensions import TypedDict

from core.submissions import errors_answer, json_answer, write_endpoint

from .. import devices, hours, services, space, tokens
from ..forms import EmailsForm, EraseForm
from ..models import Registration, Volunteer
from .api import read_link
from .hours import HoursForm
from .sign_up import link_problem_text
from .space import CommuneForm, ProfileForm


def _unauthorised(message: str):
    response = json_answer({"message": message}, 401)
    response["WWW-Authenticate"] = 'Bearer realm="space"'
    return response


def _visitor(request):
    """The volunteer whose visit token the request carries, else the 401 that says why."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None, _unauthorised(_("Send the token of your space's visit as a Bearer token."))
    try:
        volunteer, mailed = space.read_token(token.strip())
    except tokens.InvalidLink as error:
        return None, _unauthorised(link_problem_text(error)[1])
    if mailed:  # an e-mailed link opens once: spent by /api/v2/space/open/ first
        return None, _unauthorised(_("Open the e-mailed link first: it gives your visit's token."))
    return volunteer, None


def space_read(view):
    """GET only, with the visit's token; never cached."""

    @never_cache
    @functools.wraps(view)
    def endpoint(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = json_answer({"message": _("Ask with GET.")}, 405)
            response["Allow"] = "GET, HEAD"
            return response
        volunteer, refused = _visitor(request)
        if refused is not None:
            return refused
        return view(request, volunteer, *args, **kwargs)

    return endpoint


def space_write(view):
    """POST only (core/submissions.write_endpoint), with the visit's token; never cached."""

    @functools.wraps(view)
    def with_token(request, data, files, *args, **kwargs):
        volunteer, refused = _visitor(request)
        if refused is not None:
            return refused
        return view(request, volunteer, data, *args, **kwargs)

    return never_cache(write_endpoint(with_token))


class CommuneName(TypedDict):
    code: str
    name: str


class Profile(TypedDict):
    first_name: str
    last_name: str
    email: str
    phone: str
    commune: CommuneName
    gestures: list[int]  # ids of /api/v2/gestures/
    kinds: list[str]
    availability: list[str]
    skills: str
    emails_stopped: bool


class SpaceAction(TypedDict):
    id: int
    title: str
    start: str | None
    end: str | None
    url: str


class SpaceRegistration(TypedDict):
    id: int
    status: str
    action: SpaceAction
    hours: float | None
    hours_open: bool


class SpaceAnswer(TypedDict):
    message: str
    volunteer: Profile
    upcoming: list[SpaceRegistration]
    past: list[SpaceRegistration]
    hours_total: float


class TokenAnswer(TypedDict):
    token: str


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _registration(registration: Registration, *, past: bool) -> SpaceRegistration:
    action = registration.action
    return {
        "id": registration.pk,
        "status": registration.status,
        "action": {
            "id": action.pk,
            "title": action.title,
            "start": _when(action.start),
            "end": _when(action.end),
            "url": action.get_full_url() or "",
        },
        "hours": float(registration.hours) if registration.hours is not None else None,
        # Their hours may be recorded (POST .../hours/): a place held in an action over.
        "hours_open": past and registration.status == Registration.Status.REGISTERED,
    }


def _profile(volunteer: Volunteer) -> Profile:
    return {
        "first_name": volunteer.first_name,
        "last_name": volunteer.last_name,
        "email": volunteer.email,
        "phone": volunteer.phone,
        "commune": {"code": volunteer.commune.code, "name": volunteer.commune.name},
        "gestures": sorted(volunteer.gestures.values_list("pk", flat=True)),
        "kinds": volunteer.kind_codes,
        "availability": volunteer.availability_codes,
        "skills": volunteer.skills,
        "emails_stopped": volunteer.emails_stopped_at is not None,
    }


def space_answer(volunteer: Volunteer, message: str = "") -> SpaceAnswer:
    upcoming, past = space.upcoming_and_past(volunteer)
    return {
        "message": message,
        "volunteer": _profile(volunteer),
        "upcoming": [_registration(item, past=False) for item in upcoming],
        "past": [_registration(item, past=True) for item in past],
        "hours_total": float(sum((r.hours for r in past if r.hours is not None), start=0)),
    }


@never_cache
@write_endpoint
def open_link(request, data, files):
    """POST /api/v2/space/open/ with the e-mailed link's token: spends it (it opens once, as on
    the space's page) and answers the token of this visit, valid 48 hours."""
    form, found = read_link(data, space.read_token)
    if found is None:
        return errors_answer(form)
    volunteer, mailed = found
    token = form.cleaned_data["token"]
    if mailed:
        try:
            token = space.open_space(volunteer)
        except tokens.InvalidLink as error:
            form.add_error("token", link_problem_text(error)[1])
            return errors_answer(form)
    opened: TokenAnswer = {"token": token}
    return json_answer(opened, 200)


@space_read
def home(request, volunteer):
    """GET /api/v2/space/: their details, upcoming and past registrations, hours given."""
    return json_answer(space_answer(volunteer), 200)


@space_write
def profile(request, volunteer, data):
    form = ProfileForm(data)  # the live gestures, by id, in any language
    if not form.is_valid():
        return errors_answer(form)
    space.update_profile(volunteer, form.cleaned_data)
    return json_answer(space_answer(volunteer, _("Your details are saved.")), 200)


@space_write
def commune(request, volunteer, data):
    """The postal code alone asks which commune when it serves several (`commune`'s error)."""
    form = CommuneForm(data)
    if not form.is_valid():
        return errors_answer(form)
    space.change_commune(volunteer, form.cleaned_data["commune"])
    message = _("Your commune is now %(commune)s.") % {"commune": volunteer.commune.name}
    return json_answer(space_answer(volunteer, message), 200)


@space_write
def emails(request, volunteer, data):
    form = EmailsForm(data)
    if not form.is_valid():
        return errors_answer(form)
    if form.cleaned_data["emails"] == "stop":
        services.stop_emails(volunteer)
        message = _("We send you no more reminders, follow-ups or news.")
    else:
        services.resume_emails(volunteer)
        message = _("You will receive the reminders, follow-ups and news again.")
    return json_answer(space_answer(volunteer, message), 200)


def _not_theirs():
    return json_answer({"message": _("You have no registration of that number.")}, 404)


@space_write
def cancel(request, volunteer, data, pk: int):
    if space.cancel(volunteer, pk) is None:
        return _not_theirs()
    return json_answer(space_answer(volunteer, _("Your registration is cancelled.")), 200)


@space_write
def record_hours(request, volunteer, data, pk: int):
    """The hours given in an action that is over, where they held a place."""
    registration = space.registration_for_hours(volunteer, pk)
    if registration is None:
        return _not_theirs()
    form = HoursForm(data)
    if not form.is_valid():
        return errors_answer(form)
    hours.record_hours(registration, form.cleaned_data["hours"])
    message = _('%(hours)s h given at "%(title)s": they count in your commune\'s figures.') % {
        "hours": floatformat(registration.hours, -1),
        "title": registration.action.title,
    }
    return json_answer(space_answer(volunteer, message), 200)


@space_write
def forget_devices(request, volunteer, data):
    devices.forget_all(volunteer)
    message = _(
        "No device registers you in one click any more, this one included. The next "
        "link we e-mail you will make the device you open it on recognise you again."
    )
    return json_answer({"message": message}, 200)


@space_read
def download(request, volunteer):
    """Everything the platform keeps about them (the right of access)."""
    return json_answer(space.export(volunteer), 200)


@space_write
def erase(request, volunteer, data):
    form = EraseForm(data)
    if not form.is_valid():
        return errors_answer(form)
    space.erase(volunteer)
    message = _(
        "Your name, address, telephone and choices are erased and your upcoming "
        "registrations cancelled. The hours you gave stay in the anonymous figures "
        "of your commune. Thank you for your help."
    )
    return json_answer({"message": message}, 200)
