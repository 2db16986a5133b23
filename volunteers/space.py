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

from core.addresses import absolute_url
from onboarding.roles import is_engaged
from territories.models import Commune

from . import services, tokens
from .models import Registration, Volunteer
from .signals import collect_personal_data

Status = Registration.Status


def space_url(volunteer: Volunteer) -> str:
    """The magic link of the space: valid 48 hours, and no more once the address changes."""
    token = tokens.make(
        tokens.SPACE, {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email)}
    )
    return absolute_url("volunteers:space", token=token)


def volunteer_from_token(token: str) -> Volunteer:
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
    return volunteer


def send_space_link(email: str) -> None:
    """Someone asked for the link of their space. A confirmed volunteer gets it; an unconfirmed
    sign-up gets its confirmation link again; an unknown address gets nothing. The page that
    asked says the same in every case."""
    volunteer = Volunteer.objects.active().filter(email=services.normalise_email(email)).first()
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


def cancel(volunteer: Volunteer, registration_pk: int) -> Registration | None:
    """Cancels one of *their* registrations; None if it isn't theirs."""
    registration = Registration.objects.filter(volunteer=volunteer, pk=registration_pk).first()
    if registration is None:
        return None
    services.cancel_registration(registration)
    registration.refresh_from_db()
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
        volunteer.save(
            update_fields=["first_name", "last_name", "phone", "kinds", "availability", "skills"]
        )
        volunteer.gestures.set(data["gestures"])
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
