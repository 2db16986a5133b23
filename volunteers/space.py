"""The volunteer's space, opened by a magic link (volunteers have no password): their profile,
registrations, hours given, change of commune, a copy of their data, and erasure.

Erasing wipes every personal field and keeps the row, anonymous, with its commune and its
registrations' hours: the figures of the commune, the department and the nation don't move.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_q.tasks import async_task
from wagtail.models import Locale

from core.addresses import absolute_url
from onboarding.roles import is_engaged
from pages import fallback
from pages.models import ActionPage
from territories.models import Commune

from . import services, tokens
from .gestures import choose_gestures
from .models import Registration, Volunteer
from .signals import collect_personal_data
from .sites import front_end_link, page_for_links

Status = Registration.Status


def space_url(volunteer: Volunteer, *, language: str | None = None) -> str:
    """The e-mailed link of the space: valid 48 hours, once (see open_space), and no more once
    the address changes; in the volunteer's language (`language`: a page's, on a page). A
    volunteer who signed up through a headless front end gets that front end's address."""
    token = _token(volunteer, mailed=True)
    return front_end_link(volunteer, "space", token) or absolute_url(
        "volunteers:space",
        on=page_for_links(volunteer),
        language=language or volunteer.language,
        token=token,
    )


def _token(volunteer: Volunteer, *, mailed: bool) -> str:
    value = {
        "v": volunteer.pk,
        "h": tokens.address_mark(volunteer.email),
        "g": volunteer.space_generation,
    }
    if mailed:
        value["m"] = 1
    return tokens.make(tokens.SPACE, value)


def read_token(token: str) -> tuple[Volunteer, bool]:
    """The volunteer a link of the space opens, and whether it is an e-mailed link (to be
    spent by open_space) rather than the link of a visit. Raises tokens.InvalidLink, or one of
    its kinds: ExpiredLink, ErasedLink, UsedLink (opened already, or older than the last link
    opened)."""
    value = tokens.read(tokens.SPACE, token)
    volunteer = Volunteer.objects.select_related("commune").filter(pk=value.get("v")).first()
    if volunteer is not None and volunteer.erased_at is not None:
        raise tokens.ErasedLink
    if (
        volunteer is None
        or value.get("h") != tokens.address_mark(volunteer.email)
        or not volunteer.is_confirmed
    ):
        raise tokens.InvalidLink
    if value.get("g", 0) != volunteer.space_generation:
        raise tokens.UsedLink
    return volunteer, bool(value.get("m"))


def volunteer_from_token(token: str) -> Volunteer:
    return read_token(token)[0]


def open_space(volunteer: Volunteer) -> str:
    """Spends the e-mailed link that was opened: it, and every link of the space sent before
    it, opens nothing any more (a link found later in a mailbox, a browser's history or a
    shared computer). Returns the token of this visit, valid 48 hours or until the next
    e-mailed link is opened. Raises tokens.UsedLink when another request spent it first."""
    spent = Volunteer.objects.filter(
        pk=volunteer.pk, space_generation=volunteer.space_generation
    ).update(space_generation=F("space_generation") + 1)
    if not spent:
        raise tokens.UsedLink
    volunteer.space_generation += 1
    return _token(volunteer, mailed=False)


# The job that answers a request for the link of a space (see request_space_link).
SPACE_LINK_JOB = "volunteers.jobs.send_space_link"


def request_space_link(email: str) -> None:
    """Someone asked for the link of their space: the same job is queued whatever the address
    (known, unconfirmed, unknown), and the request looks nothing up, so that its time and its
    queries tell no one whether the address is signed up (the job decides, send_space_link).
    The job's result is not kept (`save=False`): the typed address stays in the queue only
    until a worker takes the job."""
    async_task(SPACE_LINK_JOB, services.normalise_email(email), group="email", save=False)


def send_space_link(email: str) -> None:
    """The job: a confirmed volunteer gets the link; an unconfirmed sign-up gets its
    confirmation link again; an unknown address gets nothing. Nothing, rather than a "you
    have no account" e-mail: the address was typed by someone who may not own it, and its
    owner never gave it to the platform (CNIL: no message to a person who did not ask, no
    data kept about them); the page that asked says the same in every case."""
    volunteer = (
        Volunteer.objects.active()
        .select_related("commune")
        .filter(email=services.normalise_email(email))
        .first()
    )
    if volunteer is None:
        return
    if not volunteer.is_confirmed:
        services.send_confirmation(volunteer)
        return
    services.send_email(
        "space_link",
        volunteer.email,
        {"volunteer": volunteer, "link": space_url(volunteer)},
        cancel_url=services.unsubscribe_url(volunteer),
    )


def registrations_of(volunteer: Volunteer):
    return (
        Registration.objects.filter(volunteer=volunteer)
        .select_related("action")
        .order_by("-action__start", "pk")
    )


def upcoming_and_past(volunteer: Volunteer, now=None):
    """Their registrations not cancelled, split into upcoming and past (with the hours)."""
    now = now or timezone.now()
    upcoming, past = [], []
    for registration in registrations_of(volunteer).exclude(status=Status.CANCELLED):
        (upcoming if registration.action.end >= now else past).append(registration)
    upcoming.reverse()  # soonest first
    return upcoming, past


def actions_shown_in(registrations: list[Registration], language_code: str) -> None:
    """Gives each registration `shown`, its action as a page in `language_code` shows it: its
    live, public translation into that language, else the French action (the one its place
    is held in), marked `registration.lang` ("fr": pages/fallback.py). Two queries whatever
    their number; none in French."""
    for registration in registrations:
        registration.shown = registration.action
    if not registrations or language_code == fallback.default_language():
        return
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return

    def swap(registration: Registration, translated) -> Registration:
        registration.shown = translated
        return registration

    fallback.in_language(
        registrations,
        locale.pk,
        ActionPage.objects.all(),
        page_of=lambda registration: registration.action,
        swap=swap,
    )


def cancel(volunteer: Volunteer, registration_pk: int) -> Registration | None:
    """Cancels one of *their* registrations; None if it isn't theirs."""
    registration = Registration.objects.filter(volunteer=volunteer, pk=registration_pk).first()
    if registration is None:
        return None
    services.cancel_registration(registration)
    registration.refresh_from_db()
    return registration


def registration_for_hours(volunteer: Volunteer, registration_pk: int, now=None):
    """One of *their* places held in an action that is over, whose hours they may record (what
    the follow-up e-mail's form records, hours.py); None otherwise."""
    registration = (
        Registration.objects.filter(volunteer=volunteer, pk=registration_pk)
        .filter(status=Status.REGISTERED, action__end__lt=now or timezone.now())
        .select_related("action")
        .first()
    )
    return registration


def update_profile(volunteer: Volunteer, data: dict) -> Volunteer:
    from .models import join_codes

    with transaction.atomic():
        volunteer.first_name = data["first_name"].strip()
        volunteer.last_name = data["last_name"].strip()
        volunteer.phone = data["phone"]
        volunteer.kinds = join_codes(data["kinds"])
        volunteer.availability = join_codes(data["availability"])
        volunteer.skills = data["skills"].strip()
        fields = ["first_name", "last_name", "phone", "kinds", "availability", "skills"]
        if data.get("language"):  # not sent: unchanged
            volunteer.language = data["language"]
            fields.append("language")
        if "monthly_hour" in data:
            volunteer.monthly_hour = data["monthly_hour"]
            fields.append("monthly_hour")
        volunteer.save(update_fields=fields)
        choose_gestures(volunteer, data["gestures"])
    return volunteer


def change_commune(volunteer: Volunteer, commune: Commune) -> Volunteer:
    """They moved: the new commune's referents get them if it has joined; else they wait in
    its pool (the moderators count them) until it joins. Their registrations stay."""
    if commune.pk == volunteer.commune_id:
        return volunteer
    volunteer.commune = commune
    volunteer.handed_over_at = None
    volunteer.save(update_fields=["commune", "handed_over_at"])
    if is_engaged(commune):
        services.hand_over([volunteer], commune, tell_volunteers=False)
        volunteer.refresh_from_db(fields=["handed_over_at"])
    return volunteer


def _when(value):
    return timezone.localtime(value).isoformat() if value else None


def export(volunteer: Volunteer) -> dict:
    """Everything the platform keeps about them (the right of access), as plain data."""
    data = {
        "first_name": volunteer.first_name,
        "last_name": volunteer.last_name,
        "email": volunteer.email,
        "phone": volunteer.phone,
        "commune": {"code": volunteer.commune.code, "name": volunteer.commune.name},
        "gestures": [gesture.title for gesture in volunteer.gestures.order_by("title")],
        "kinds_of_action": volunteer.kind_labels(),
        "availability": volunteer.availability_labels(),
        "skills": volunteer.skills,
        "heard_from": volunteer.heard_from,
        "contact_consent": volunteer.contact_consent,
        "referent_notes": [
            {"written_at": _when(note.created_at), "text": note.text}
            for note in volunteer.notes.all()
        ],
        "charter_accepted_at": _when(volunteer.charter_accepted_at),
        "signed_up_at": _when(volunteer.created_at),
        "confirmed_at": _when(volunteer.confirmed_at),
        "has_personal_calendar": bool(volunteer.calendar_token),
        "registrations": [
            {
                "action": registration.action.title,
                "start": _when(registration.action.start),
                "status": registration.status,
                "asked_at": _when(registration.requested_at),
                "hours": registration.hours,
            }
            for registration in registrations_of(volunteer)
        ],
    }
    # The other apps' parts (e.g. the requests for help they were put in touch about).
    for _receiver, part in collect_personal_data.send(sender=Volunteer, volunteer=volunteer):
        data.update(part)
    return data


def export_json(volunteer: Volunteer) -> str:
    return json.dumps(export(volunteer), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def erase(volunteer: Volunteer) -> None:
    """Their upcoming places go to the next on each waiting list; then every personal field is
    wiped. The row stays, anonymous (commune, dates, hours given), for the figures."""
    now = timezone.now()
    for registration in volunteer.registrations.exclude(status=Status.CANCELLED).select_related(
        "action"
    ):
        if registration.action.end >= now or registration.status == Status.WAITING:
            services.cancel_registration(registration)
    with transaction.atomic():
        Volunteer.objects.filter(pk=volunteer.pk).update(
            first_name="",
            last_name="",
            email=f"efface-{volunteer.pk}@efface.invalid",
            phone="",
            kinds="",
            availability="",
            skills="",
            heard_from="",
            contact_consent=False,
            calendar_token=None,
            erased_at=now,
            # No device recognises them any more (devices.py).
            device_generation=F("device_generation") + 1,
        )
        volunteer.gestures.clear()
        volunteer.notes.all().delete()
        # Nothing more is asked of them (the hours of a past action, a reminder).
        Registration.objects.filter(volunteer=volunteer, followed_up_at__isnull=True).update(
            followed_up_at=now
        )
    volunteer.refresh_from_db()
