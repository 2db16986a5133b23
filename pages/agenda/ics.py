"""iCalendar (RFC 5545) for the actions, with icalendar 7: the public feeds (`…/agenda.ics`),
and whatever else puts an action into a calendar (a volunteer's own feed, a reminder's
attachment) — all with the same UID for the same action, so that calendar applications
recognise it everywhere.

    event(action, url)                      -> icalendar.Event
    calendar(name, actions, url_of)         -> icalendar.Calendar (with its VTIMEZONE)
    notice(action, url_of, method=...)      -> the iTIP CANCEL / REQUEST of a change, e-mailed
    to_bytes(calendar)                      -> the text/calendar body

An event: UID `<action.uid>@<CALENDAR_UID_DOMAIN>` (never changes), DTSTAMP and LAST-MODIFIED
(its publication, so that an unchanged feed is byte for byte the same), DTSTART/DTEND with
TZID=Europe/Paris (VALUE=DATE for a whole day), SEQUENCE, SUMMARY, DESCRIPTION (plain text
ending with the action's address), URL, LOCATION, GEO, CATEGORIES (its kind and the
categories of its gestures), STATUS (CONFIRMED or CANCELLED), RRULE. A cancelled action, a
single action whose date is cancelled, and each cancelled date of a series (an override with its
RECURRENCE-ID) say STATUS:CANCELLED, with their title prefixed "Annulé :" and the reason first in
their description.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from email.utils import parseaddr
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
    vRecur,
    vText,
    vUri,
)

from core.vocabulary import ActionKind
from snippets.models import Gesture, GestureCategory

from ..tree import attach_places
from . import recurrence
from .recurrence import PARIS

if TYPE_CHECKING:
    from ..models import ActionPage

PRODID = "-//Voisins Solidaires//Heure Civique//FR"
PRODUCT = "L'Heure Civique"
REFRESH = dt.timedelta(hours=6)
# The feeds' window: a month back (cancelled actions stay that long), a year ahead.
WINDOW_BACK = dt.timedelta(days=30)
WINDOW_AHEAD = dt.timedelta(days=366)


def uid_of(action: ActionPage) -> str:
    domain = getattr(settings, "CALENDAR_UID_DOMAIN", "heure-civique.fr")
    return f"{action.uid}@{domain}"


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(PARIS)


def _ambiguous(local: dt.datetime) -> bool:
    """Whether this Paris wall-clock time happens twice (the last Sunday of October)."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def _stamp(action: ActionPage) -> dt.datetime:
    moment = action.last_published_at or action.first_published_at or action.start
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def description_of(action: ActionPage, url: str, reason: str = "") -> str:
    """The action's description, after the reason it is cancelled (the action's, or
    `reason`, that of its one cancelled date), and before its meeting link and address."""
    text = action.description.strip()
    if action.status == "cancelled" and action.cancellation_reason:
        reason = action.cancellation_reason
    if reason.strip() and (action.status == "cancelled" or action.cancelled_once):
        text = f"{reason.strip()}\n\n{text}"
    if action.online and action.online_url:
        text += "\n\n" + _("Online meeting: %(url)s") % {"url": action.online_url}
    return f"{text}\n\n{url}" if url else text


def gesture_categories(
    actions: Iterable[ActionPage], language: str | None = None
) -> dict[int, list[str]]:
    """The names of the categories of each action's live gestures, with one query (values,
    no model instances: a feed may hold a thousand actions), in the gestures' order; in
    `language` where a category has a translation in it (one more query, none in French)."""
    ids = [action.pk for action in actions]
    if not ids:
        return {}
    rows = list(
        Gesture.objects.filter(actions__in=ids, live=True)
        .order_by(*Gesture._meta.ordering, "pk")
        .values_list("actions", "category__name", "category__translation_key")
    )
    translated: dict = {}
    if language and language != settings.LANGUAGE_CODE and rows:
        translated = dict(
            GestureCategory.objects.filter(
                translation_key__in={key for _id, _name, key in rows if key},
                locale__language_code=language,
            ).values_list("translation_key", "name")
        )
    names: dict[int, list[str]] = {}
    for action_id, name, key in rows:
        name = translated.get(key, name)
        found = names.setdefault(action_id, [])
        if name not in found:
            found.append(name)
    return names


def categories_of(action: ActionPage, kind: str, gestures: list[str]) -> list[str]:
    """The kind's label, then the categories of the action's live gestures."""
    return [kind, *(name for name in gestures if name != kind)]


def _first_occurrence(action: ActionPage) -> tuple[dt.datetime, dt.datetime]:
    """Where the event starts and ends, in Paris time. A recurring action's start may be a day
    its rule doesn't give (a weekly action on Mondays and Thursdays entered on a Sunday): the
    site, like dateutil, doesn't count it, but RFC 5545 makes DTSTART the first occurrence, so
    the event starts on the rule's first day instead, and every application agrees."""
    if action.rrule:
        first = recurrence.occurrences(
            start=action.start, end=action.end, rrule=action.rrule, limit=1
        )
        if first and first[0].start != action.start:
            return first[0].local_start, first[0].local_end
    return _local(action.start), _local(action.end)


def event(
    action: ActionPage,
    url: str,
    place: str = "",
    *,
    kind: str | None = None,
    gestures: list[str] | None = None,
    reasons: dict[dt.date, str] | None = None,
) -> Event:
    """The VEVENT of an action (a whole series for a recurring one); `place`, the commune (or
    department) it belongs to, completes its location when the address doesn't name it;
    `kind`, the kind's label, `gestures`, the categories of its gestures, and `reasons`, those
    of its cancelled dates, are found here when not given (`calendar` finds them for all its
    actions at once). A single action whose date is cancelled is written as a cancelled
    action, with that date's reason: it has no other date."""
    from .queries import location_of

    if kind is None:
        kind = str(action.get_kind_display())
    if gestures is None:
        gestures = gesture_categories([action]).get(action.pk, [])
    cancelled = action.status == "cancelled" or action.cancelled_once
    reason = ""
    if action.cancelled_once:
        if reasons is None:
            reasons = cancellation_reasons([action]).get(action.pk, {})
        reason = reasons.get(_local(action.start).date(), "")

    item = Event()
    item.add("uid", uid_of(action))
    item.add("dtstamp", _stamp(action))
    item.add("last-modified", _stamp(action))
    item.add("sequence", action.sequence)
    item.add("summary", cancelled_title(action.title) if cancelled else action.title)
    item.add("description", description_of(action, url, reason))
    if url:
        item.add("url", url)
    if action.online and action.online_url:
        # RFC 7986; the description names it too, for the applications that ignore it.
        item.add(
            "conference", vUri(action.online_url), parameters={"VALUE": "URI", "FEATURE": "VIDEO"}
        )
    location = location_of(action)
    if place and place not in location and not action.online:
        location = f"{location}, {place}" if location else place
    if location:
        item.add("location", location)
    if action.latitude is not None and action.longitude is not None:
        item.add("geo", (float(action.latitude), float(action.longitude)))
    item.add("categories", categories_of(action, kind, gestures))
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    start, end = _first_occurrence(action)
    if action.all_day:
        first = start.date()
        item.add("dtstart", first)
        item.add("dtend", max(end.date(), first) + dt.timedelta(days=1))
    elif not action.rrule and (_ambiguous(start) or _ambiguous(end)):
        # In the hour that comes twice in October, a Paris time names two instants: RFC 5545
        # takes the first, some parsers (ical.js) the second. A single event then says UTC.
        item.add("dtstart", start.astimezone(dt.UTC))
        item.add("dtend", end.astimezone(dt.UTC))
    else:
        item.add("dtstart", start)
        wall = end.replace(tzinfo=None) - start.replace(tzinfo=None)
        if action.rrule and wall != end.astimezone(dt.UTC) - start.astimezone(dt.UTC):
            # Its first occurrence crosses a change of time (Saturday 23:00 to Sunday 04:00
            # on the last Sunday of March): ical.js would add the exact duration (4 hours) to
            # every date and end at 03:00; the wall-clock duration (5 hours) ends each one at
            # the typed 04:00 in every parser we read with, as on the site.
            item.add("duration", wall)
        else:
            item.add("dtend", end)
    if action.rrule:
        item.add("rrule", vRecur.from_ical(action.rrule))
    return item


def cancelled_title(title: str) -> str:
    return _("Cancelled: %(title)s") % {"title": title}


# What a cancelled occurrence keeps of its series.
KEPT = ("uid", "dtstamp", "last-modified", "sequence", "url", "location", "geo", "categories")


def cancelled_occurrences(
    action: ActionPage, series: Event, url: str, reasons: dict[dt.date, str]
) -> list[Event]:
    """A series' cancelled dates as overrides (RECURRENCE-ID, STATUS:CANCELLED, the title
    prefixed "Cancelled:", the reason first in the description), as the site shows them,
    rather than EXDATEs that make them vanish without a word."""
    found = []
    for day in sorted(action.exdates):
        window_start = dt.datetime.combine(day, dt.time.min, tzinfo=PARIS)
        for occurrence in recurrence.occurrences(
            start=action.start,
            end=action.end,
            rrule=action.rrule,
            window_start=window_start,
            window_end=window_start + dt.timedelta(days=1, hours=1),
        ):
            if occurrence.local_start.date() != day:
                continue
            item = Event()
            for name in KEPT:
                if name in series:
                    item[name] = series[name]
            if action.all_day:
                item.add("recurrence-id", day)
                item.add("dtstart", day)
                item.add("dtend", max(occurrence.local_end.date(), day) + dt.timedelta(days=1))
            else:
                item.add("recurrence-id", occurrence.local_start)
                item.add("dtstart", occurrence.local_start)
                item.add("dtend", occurrence.local_end)
            item.add("summary", cancelled_title(action.title))
            reason = reasons.get(day, "").strip()
            text = description_of(action, url)
            item.add("description", f"{reason}\n\n{text}" if reason else text)
            item.add("status", "CANCELLED")
            found.append(item)
    return found


def cancellation_reasons(actions: Iterable[ActionPage]) -> dict[int, dict[dt.date, str]]:
    """The reasons of the cancelled dates of these actions (of a series, or the one date of a
    single action), with one query (none when no action has a cancelled date)."""
    from ..models import ActionCancellation

    ids = [action.pk for action in actions if action.exdates_text]
    reasons: dict[int, dict[dt.date, str]] = {}
    if ids:
        rows = ActionCancellation.objects.filter(action_id__in=ids).values_list(
            "action_id", "date", "reason"
        )
        for action_id, day, reason in rows:
            reasons.setdefault(action_id, {})[day] = reason
    return reasons


@functools.cache
def paris_timezone() -> Timezone:
    """Europe/Paris as a VTIMEZONE: the standard rule-based definition (the changes of time on
    the last Sundays of March and October, at 02:00 and 03:00), with no end, as the major
    calendar services write it. A list of dated changes (RDATE) would be read only up to its
    first date by some parsers (ical.js, Thunderbird's; vobject), which then keep Paris at
    UTC+1 all year."""
    zone = Timezone()
    zone.add("tzid", "Europe/Paris")
    for kind, start, rule, name, offset_from, offset_to in (
        (TimezoneDaylight, dt.datetime(1970, 3, 29, 2), 3, "CEST", 1, 2),
        (TimezoneStandard, dt.datetime(1970, 10, 25, 3), 10, "CET", 2, 1),
    ):
        part = kind()
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": rule, "byday": "-1su"})
        part.add("tzname", name)
        part.add("tzoffsetfrom", dt.timedelta(hours=offset_from))
        part.add("tzoffsetto", dt.timedelta(hours=offset_to))
        zone.add_component(part)
    return zone


def calendar(
    name: str,
    actions: Iterable[ActionPage],
    url_of: Callable[[ActionPage], str],
    language: str | None = None,
    *,
    published: bool = True,
    method: str = "",
) -> Calendar:
    """A calendar named `name` holding one event per action; `url_of(action)` gives its
    public address; the kinds of action are named in `language` (French by default). The
    commune each action belongs to and the categories of their gestures are found with one
    query each. A published feed says METHOD:PUBLISH (iTIP); a file sent by e-mail
    (`published=False`) is a plain calendar file, with no METHOD: it invites nobody, unless
    it is a notice of a change (`method`, see `notice`)."""
    from .queries import AgendaItem

    items = [AgendaItem(action=action, start=action.start, end=action.end) for action in actions]
    attach_places(items, page_of=lambda item: item.action)
    categories = gesture_categories((item.action for item in items), language)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method or published:
        cal.add("method", method or "PUBLISH")
    # TEXT (RFC 7986, and Apple's), escaped: icalendar writes these two as they come.
    cal.add("name", vText(name))
    cal.add("x-wr-calname", vText(name))
    cal.add("x-wr-timezone", "Europe/Paris")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    cal.add_component(paris_timezone())
    reasons = cancellation_reasons(item.action for item in items)
    with translation.override(language or settings.LANGUAGE_CODE):
        kinds = {value: str(label) for value, label in ActionKind.choices}
        for item in items:
            action = item.action
            url = url_of(action)
            series = event(
                action,
                url,
                item.place,
                kind=kinds.get(action.kind) or str(action.get_kind_display()),
                gestures=categories.get(action.pk, []),
                reasons=reasons.get(action.pk, {}),
            )
            cal.add_component(series)
            if action.rrule and action.exdates_text and action.status != "cancelled":
                for cancelled in cancelled_occurrences(
                    action, series, url, reasons.get(action.pk, {})
                ):
                    cal.add_component(cancelled)
    return cal


def notice(
    action: ActionPage,
    url_of: Callable[[ActionPage], str],
    *,
    method: str,
    attendee: str,
    dates: Iterable[dt.date] = (),
    language: str | None = None,
) -> Calendar:
    """The iTIP message (RFC 5546) an e-mail carries to tell one volunteer of a change: with
    METHOD:CANCEL, the cancelled action (its event, STATUS:CANCELLED), or only the cancelled
    `dates` of a series (their overrides); with METHOD:REQUEST, the whole event as it now is
    (a new date or time), its cancelled dates as overrides. The same UID and SEQUENCE as the
    feeds (raised by the change), so that the calendar replaces what it holds. ORGANIZER is
    the platform's address; ATTENDEE, as iTIP asks, the volunteer's own, the only person it
    names. The kinds of action are named in `language` (French by default); the action's texts
    are the ones it is given (a translation's: volunteers/notices.py)."""
    cal = calendar(action.title, [action], url_of, language, published=False, method=method)
    days = set(dates)
    whole = method != "CANCEL" or action.status == "cancelled" or not action.rrule or not days

    def kept(component) -> bool:
        if component.name != "VEVENT":
            return True
        if "RECURRENCE-ID" not in component:
            return whole
        moment = component["RECURRENCE-ID"].dt
        day = moment.astimezone(PARIS).date() if isinstance(moment, dt.datetime) else moment
        return method != "CANCEL" or (not whole and day in days)

    cal.subcomponents = [component for component in cal.subcomponents if kept(component)]
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    for item in cal.walk("VEVENT"):
        item.add("organizer", vCalAddress(f"mailto:{address}"), parameters={"CN": name or PRODUCT})
        item.add(
            "attendee",
            vCalAddress(f"mailto:{attendee}"),
            parameters={"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED", "RSVP": "FALSE"},
        )
    return cal


def to_bytes(cal: Calendar) -> bytes:
    return cal.to_ical()
