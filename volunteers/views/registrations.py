"""Registering for an action, and cancelling: in one click on a device that recognises the
volunteer (volunteers/devices.py), else through a link sent by e-mail. Thin views: the rules
are in services.py."""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.clients import client_address
from core.submissions import Outcome
from pages.models import ActionPage

from .. import devices, services, submissions, tokens
from ..forms import RegistrationLinkForm
from .sign_up import link_problem, live_page_at, too_many


def private(view):
    """A page that shows secret links (cancel, space) or a volunteer's state: never cached,
    its address never sent to another site."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex"
        return response

    return never_cache(wrapped)


def closed(request, action, status=400):
    return render(
        request,
        "volunteers/message.html",
        {
            "heading": action.title,
            "message": _("Registration for this action is closed: nothing was changed."),
        },
        status=status,
    )


def success(request, action, registration, *, remember=False):
    response = render(
        request,
        "volunteers/register.html",
        {
            "action": action,
            "registration": registration,
            "volunteer": registration.volunteer,
            **services.registration_summary(registration, action, request),
        },
    )
    if remember:
        devices.remember(request, response, registration.volunteer)
    return response


@require_http_methods(["GET", "POST"])
@private
def registration_request(request, page_path: str):
    """`<action page>/inscription/`. A device that recognises its volunteer registers in one
    click (POST), and shows the registration (GET); any other asks for the e-mailed link."""
    action = live_page_at(request, page_path, ActionPage)
    if not action.registration_required:
        raise Http404
    volunteer = devices.recognised(request)
    if volunteer is not None:
        return _one_click(request, action, volunteer)
    sent = False
    if request.method == "POST" and "email" in request.POST:
        form = RegistrationLinkForm(request.POST)
        outcome = submissions.submit_registration_link_request(
            form, client_address(request), action
        )
        if outcome is Outcome.TOO_MANY:
            return too_many(request)
        sent = outcome is Outcome.DONE
    else:  # also the one-click button of a device that no longer recognises them
        form = RegistrationLinkForm()
    return render(
        request,
        "volunteers/registration_request.html",
        {
            "action": action,
            "form": form,
            "sent": sent,
            "state": services.registration_state(action, None),
            "sign_up_url": services.commune_sign_up_url(action, request),
        },
    )


def _one_click(request, action, volunteer):
    state = services.registration_state(action, volunteer)
    if request.method == "POST":
        if state.registration is None:
            if not state.open:
                return closed(request, action)
            services.register(volunteer, action)
        # After the POST, a GET: reloading the page registers nothing again.
        return redirect(request.path, permanent=False)
    if state.registration is not None:
        return success(request, action, state.registration)
    if not state.open:
        return closed(request, action, status=200)
    return render(
        request,
        "volunteers/one_click.html",
        {"action": action, "state": state, "volunteer": volunteer},
    )


@require_http_methods(["GET", "POST"])
@private
def register(request, token: str):
    """The e-mailed registration link: a button that registers (a GET registers nothing: mail
    scanners open links). The device then recognises the volunteer."""
    try:
        value = tokens.read(tokens.REGISTER, token)
        volunteer = services.volunteer_from_token(tokens.REGISTER, token)
    except tokens.InvalidLink as error:
        return link_problem(request, error)
    action = ActionPage.objects.live().filter(pk=value.get("a")).first()
    if action is None or not action.registration_required:
        raise Http404
    # Shown in the page's language (the link's, the volunteer's), whichever page of the
    # action the link was asked from.
    action = services.in_language_of(action, get_language())
    # Its places are the French action's, whichever page the link was asked from.
    registration = volunteer.registrations.filter(action=services.holder_of(action)).exclude(
        status=services.Status.CANCELLED
    )
    registration = registration.first()
    if request.method == "POST" and registration is None:
        if not services.registration_open(action):
            return closed(request, action)
        registration = services.register(volunteer, action)
    if registration is not None:
        return success(request, action, registration, remember=request.method == "POST")
    return render(
        request,
        "volunteers/one_click.html",
        {
            "action": action,
            "state": services.registration_state(action, volunteer),
            "volunteer": volunteer,
        },
    )


@require_http_methods(["GET", "POST"])
@private
def cancel(request, token: str):
    try:
        registration = services.registration_from_token(token)
    except tokens.InvalidLink as error:
        return link_problem(request, error)
    if request.method == "POST":
        services.cancel_registration(registration)
        registration.refresh_from_db()
    # The action as the page's language reads it (its English title on /en/).
    action = services.in_language_of(registration.action, get_language())
    return render(
        request, "volunteers/cancel.html", {"registration": registration, "action": action}
    )


@csrf_exempt  # RFC 8058: the mail provider POSTs without a form; the signed link is the proof
@require_http_methods(["GET", "POST"])
@private
def stop_emails(request, token: str):
    """The List-Unsubscribe address: GET asks, POST (a button, or a mail client's one-click
    `List-Unsubscribe=One-Click`) stops the reminders, follow-ups and news. It cancels no
    registration and erases nothing."""
    try:
        volunteer = services.volunteer_from_token(tokens.STOP_EMAILS, token)
    except tokens.InvalidLink as error:
        return link_problem(request, error)
    if volunteer.erased_at is not None:
        raise Http404
    if request.method == "POST":
        services.stop_emails(volunteer)
    return render(
        request,
        "volunteers/stop_emails.html",
        {
            "volunteer": volunteer,
            "stopped": volunteer.emails_stopped_at is not None,
            "unsubscribe_url": services.unsubscribe_url(volunteer),
        },
    )


@require_POST
def forget_device(request):
    """ "Not you?": this device forgets its volunteer, and so do their other devices."""
    volunteer = devices.recognised(request)
    if volunteer is not None:
        devices.forget_all(volunteer)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    devices.forget(request, response)
    return response
