"""The volunteer's space (/je-participe/mon-espace/): asking for the magic link, then, through
it, the profile, registrations, hours, commune, a copy of one's data and erasure."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.clients import client_address
from core.submissions import Outcome
from core.text import SingleLineFieldsMixin
from territories.forms import PostalCodeCommuneForm

from .. import devices, services, space, submissions, tokens
from ..forms import LinkRequestForm, SignUpForm, offer_gestures
from ..gestures import offered_gestures, shown_in
from ..signals import collect_space_settings
from .sign_up import link_problem, too_many


class ProfileForm(SingleLineFieldsMixin, forms.Form):
    """The sign-up's fields about the person, their gestures and availability (the address is
    what the magic link proves: it is not edited here)."""

    first_name = SignUpForm.base_fields["first_name"]
    last_name = SignUpForm.base_fields["last_name"]
    phone = SignUpForm.base_fields["phone"]
    gestures = SignUpForm.base_fields["gestures"]
    kinds = SignUpForm.base_fields["kinds"]
    availability = SignUpForm.base_fields["availability"]
    skills = SignUpForm.base_fields["skills"]
    language = forms.ChoiceField(
        label=gettext_lazy("Language of our messages to you"),
        choices=settings.LANGUAGES,
        required=False,  # not sent: unchanged
    )
    monthly_hour = forms.BooleanField(
        label=gettext_lazy('Send me "your hour this month" at the start of each month'),
        required=False,
    )

    gesture_groups = SignUpForm.gesture_groups
    clean_phone = SignUpForm.clean_phone

    def __init__(self, *args, gestures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.gesture_list = offer_gestures(self, gestures)


class CommuneForm(PostalCodeCommuneForm):
    pass


def with_volunteer(view):
    """Opens the view only with a valid link of the space; adds `volunteer` and `token`."""

    @wraps(view)
    def wrapped(request, token: str, *args, **kwargs):
        try:
            volunteer, mailed = space.read_token(token)
        except tokens.InvalidLink as error:
            return link_problem(request, error)
        if mailed:
            response = _open(request, volunteer, token)
        else:
            response = view(request, volunteer, token, *args, **kwargs)
        # The link is a secret: no page of the space sends it to another site. "same-origin",
        # not "no-referrer": with no referrer at all, browsers post the space's forms with
        # `Origin: null`, which Django's CSRF protection refuses (a 403 on every form).
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex"
        return response

    return never_cache(wrapped)


def _open(request, volunteer, token):
    """An e-mailed link opens once. A GET shows a button and spends nothing (mail scanners
    open links); the button posts to the space's home, which spends the link and leads to
    the home of this visit."""
    if request.method == "POST" and request.POST.get("open") == "1":
        try:
            visit = space.open_space(volunteer)
        except tokens.InvalidLink as error:
            return link_problem(request, error)
        return redirect(_url("space", visit))
    return render(request, "volunteers/space/open.html", {"token": token})


def _url(name: str, token: str) -> str:
    return reverse(f"volunteers:{name}", kwargs={"token": token})


@require_http_methods(["GET", "POST"])
def request_link(request):
    sent = False
    if request.method == "POST":
        form = LinkRequestForm(request.POST)
        outcome = submissions.submit_space_link_request(form, client_address(request))
        if outcome is Outcome.TOO_MANY:
            return too_many(request)
        sent = outcome is Outcome.DONE
    else:
        form = LinkRequestForm()
    return render(request, "volunteers/space/request.html", {"form": form, "sent": sent})


@require_http_methods(["GET", "POST"])  # POST: the button that opens an e-mailed link
@with_volunteer
def home(request, volunteer, token):
    if request.method == "POST":  # a visit's link has nothing to open: its page
        return redirect(_url("space", token))
    from ..calendar import renew_url
    from ..hours import hours_url

    upcoming, past = space.upcoming_and_past(volunteer)
    # Their actions in the page's language where translated (French ones marked lang="fr").
    space.actions_shown_in(upcoming + past, get_language())
    for registration in past:
        if registration.hours is None and registration.status == "registered":
            registration.hours_link = hours_url(registration, language=get_language())
    hours_total = sum((r.hours for r in past if r.hours is not None), start=0)
    response = render(
        request,
        "volunteers/space/home.html",
        {
            "volunteer": volunteer,
            "token": token,
            "upcoming": upcoming,
            "past": past,
            "hours_total": hours_total,
            "gestures": shown_in(volunteer.gestures.order_by("title"), get_language()),
            "calendar_url": renew_url(volunteer, language=get_language()),
            "unsubscribe_url": services.unsubscribe_url(volunteer, language=get_language()),
            "message": request.GET.get("ok", ""),
            "emails_stopped": volunteer.emails_stopped_at is not None,
            "other_settings": [
                html
                for _receiver, html in collect_space_settings.send(
                    sender=None, request=request, volunteer=volunteer, token=token
                )
                if html
            ],
        },
    )
    # The e-mailed link proved the address: this device now registers in one click
    # (devices.py). Not on the way back from one of the space's own forms.
    if "ok" not in request.GET:
        devices.remember(request, response, volunteer)
    return response


@require_POST
@with_volunteer
def forget_devices(request, volunteer, token):
    """ "Forget this device": this one and every other that recognises them."""
    devices.forget_all(volunteer)
    response = render(
        request,
        "volunteers/message.html",
        {
            "heading": _("Your devices are forgotten"),
            "message": _(
                "No device registers you in one click any more, this one included. The next "
                "link we e-mail you will make the device you open it on recognise you again."
            ),
        },
    )
    devices.forget(request, response)
    return response


@require_POST
@with_volunteer
def emails(request, volunteer, token):
    """Stops, or resumes, the reminders, follow-ups and news."""
    if request.POST.get("emails") == "stop":
        services.stop_emails(volunteer)
    else:
        services.resume_emails(volunteer)
    return redirect(_url("space", token) + "?ok=emails")


@require_http_methods(["GET", "POST"])
@with_volunteer
def profile(request, volunteer, token):
    gestures = offered_gestures()
    if request.method == "POST":
        form = ProfileForm(request.POST, gestures=gestures)
        if form.is_valid():
            space.update_profile(volunteer, form.cleaned_data)
            return redirect(_url("space", token) + "?ok=profile")
        status = 400
    else:
        theirs = {gesture.translation_key for gesture in volunteer.gestures.all()}
        form = ProfileForm(
            initial={
                "first_name": volunteer.first_name,
                "last_name": volunteer.last_name,
                "phone": volunteer.phone,
                # Their (French) gestures, ticked as the form shows them: translated or not.
                "gestures": [
                    gesture.pk for gesture in gestures if gesture.translation_key in theirs
                ],
                "kinds": volunteer.kind_codes,
                "availability": volunteer.availability_codes,
                "skills": volunteer.skills,
                "language": volunteer.language,
                "monthly_hour": volunteer.monthly_hour,
            },
            gestures=gestures,
        )
        status = 200
    return render(
        request,
        "volunteers/space/profile.html",
        {"form": form, "token": token, "gesture_groups": form.gesture_groups()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@with_volunteer
def commune(request, volunteer, token):
    status = 200
    if request.method == "POST":
        form = CommuneForm(request.POST)
        # The first POST, with the postal code only, offers its communes (no JavaScript).
        if form.is_valid():
            space.change_commune(volunteer, form.cleaned_data["commune"])
            return redirect(_url("space", token) + "?ok=commune")
        status = 400
    else:
        postal = volunteer.commune.postal_codes.order_by("code").first()
        form = CommuneForm(
            initial={"postal_code": postal.code if postal else "", "commune": volunteer.commune_id}
        )
    return render(
        request,
        "volunteers/space/commune.html",
        {"form": form, "token": token, "volunteer": volunteer},
        status=status,
    )


@require_POST
@with_volunteer
def cancel(request, volunteer, token, pk: int):
    if space.cancel(volunteer, pk) is None:
        raise Http404
    return redirect(_url("space", token) + "?ok=cancelled")


@require_http_methods(["GET"])
@with_volunteer
def download(request, volunteer, token):
    response = HttpResponse(space.export_json(volunteer), content_type="application/json")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{stamp}.json"'
    return response


@require_http_methods(["GET", "POST"])
@with_volunteer
def erase(request, volunteer, token):
    if request.method == "POST":
        space.erase(volunteer)
        response = render(
            request,
            "volunteers/message.html",
            {
                "heading": _("Your data is erased"),
                "message": _(
                    "Your name, address, telephone and choices are erased and your upcoming "
                    "registrations cancelled. The hours you gave stay in the anonymous figures "
                    "of your commune. Thank you for your help."
                ),
            },
        )
        devices.forget(request, response)
        return response
    return render(request, "volunteers/space/erase.html", {"token": token, "volunteer": volunteer})
