"""The invitation to a presentation of the programme, as an iCalendar REQUEST (RFC 5546) e-mailed
to the mairie's contact: one event, TZID=Europe/Paris, a UID that never changes for a commune
(a new date replaces the event in their calendar, SEQUENCE raised), the person who
invites as ORGANIZER (the mairie's answer goes to them) and the contact as the one ATTENDEE."""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from core.elision import of_place
from core.text import one_line
from pages.agenda.ics import PRODID, PRODUCT, paris_timezone
from pages.agenda.recurrence import PARIS

from .models import Prospect

LENGTH = dt.timedelta(hours=1)


def uid_of(prospect: Prospect) -> str:
    domain = getattr(settings, "CALENDAR_UID_DOMAIN", "heure-civique.fr")
    return f"presentation-{prospect.commune.code}@{domain}"


def organizer_of(user) -> tuple[str, str]:
    """Who invites: the inviting person's name ("" without one) and address, whom the mairie's
    answer reaches; the platform's own for an account without an address."""
    address = (getattr(user, "email", "") or "").strip()
    if address:
        return one_line(user.get_full_name() or ""), address
    return parseaddr(settings.DEFAULT_FROM_EMAIL)


def invitation(
    prospect: Prospect, url: str = "", organizer: tuple[str, str] = ("", "")
) -> Calendar:
    """The REQUEST for the presentation planned in `prospect` (its date, kind and place), the
    inviting person (`organizer_of`) as its ORGANIZER."""
    start = prospect.presentation_at.astimezone(PARIS).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "REQUEST")
    cal.add_component(paris_timezone())
    with translation.override(settings.LANGUAGE_CODE):
        summary = _("Presentation of L'Heure Civique to the elected officials %(of_commune)s") % {
            "of_commune": of_place(prospect.commune.name)
        }
        kind = prospect.get_presentation_kind_display()
        lines = [summary, kind]
        if prospect.presenter:
            lines.append(_("Presented by %(name)s") % {"name": prospect.presenter})
        if url:
            lines.append(url)
    event = Event()
    event.add("uid", uid_of(prospect))
    event.add("dtstamp", dt.datetime.now(dt.UTC).replace(microsecond=0))
    event.add("dtstart", start)
    event.add("dtend", start + LENGTH)
    event.add("sequence", prospect.invitation_sequence)
    event.add("summary", vText(one_line(summary)))
    event.add("description", vText("\n".join(one_line(str(line)) for line in lines if line)))
    if prospect.presentation_place:
        event.add("location", vText(one_line(prospect.presentation_place)))
    if url:
        event.add("url", url)
    event.add("status", "CONFIRMED")
    name, address = organizer if organizer[1] else organizer_of(None)
    event.add("organizer", vCalAddress(f"mailto:{address}"), parameters={"CN": name or PRODUCT})
    attendee = {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
    if prospect.contact_name:
        attendee["CN"] = one_line(prospect.contact_name)
    event.add("attendee", vCalAddress(f"mailto:{prospect.contact_email}"), parameters=attendee)
    cal.add_component(event)
    return cal
