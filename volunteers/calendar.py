"""A volunteer's actions in their own calendar application: a personal feed,
`/agenda/perso/<token>.ics`, with the actions they are registered for, and a reminder e-mail the
day before each of them with the action as an .ics attachment. Both carry the same UIDs as the
public feeds (pages/agenda/ics.py), so a calendar that holds both shows each action once.

The token is 192 random bits, stored with the volunteer, listed nowhere, and replaced when they
renew it (the old address then answers 404).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.addresses import absolute_url
from core.outbox import key_of
from pages.agenda import ics, queries
from pages.agenda.feeds import actions_of_queryset, in_language, listed_once
from pages.models import ActionPage

from .models import Registration, Volunteer
from .sites import page_for_links

logger = logging.getLogger(__name__)

Status = Registration.Status


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


def personal_token(volunteer: Volunteer) -> str:
    """The volunteer's calendar token, made on first use."""
    if not volunteer.calendar_token:
        volunteer.calendar_token = new_token()
        volunteer.save(update_fields=["calendar_token"])
    return volunteer.calendar_token


def renew_token(volunteer: Volunteer) -> str:
    """A new address for their calendar; the old one stops working at once."""
    volunteer.calendar_token = new_token()
    volunteer.save(update_fields=["calendar_token"])
    return volunteer.calendar_token


def personal_feed_url(volunteer: Volunteer, *, language: str | None = None) -> str:
    """In the volunteer's language (`language`: a page's, on a page)."""
    return absolute_url(
        "volunteers:personal_feed",
        on=page_for_links(volunteer),
        language=language or volunteer.language,
        token=personal_token(volunteer),
    )


def renew_url(volunteer: Volunteer, *, language: str | None = None) -> str:
    from . import tokens

    return absolute_url(
        "volunteers:renew_calendar",
        on=page_for_links(volunteer),
        language=language or volunteer.language,
        token=tokens.make(tokens.CALENDAR, {"v": volunteer.pk}),
    )


def personal_actions(volunteer: Volunteer):
    """The live, public actions the volunteer holds a place in, soonest first."""
    registered = Registration.objects.filter(volunteer=volunteer, status=Status.REGISTERED)
    actions = ActionPage.objects.live().public().filter(pk__in=registered.values("action_id"))
    return actions_of_queryset(actions)


def url_of(action: ActionPage) -> str:
    """The action's full address, for what is sent away (a feed, an e-mail)."""
    parts = action.get_url_parts()
    return f"{parts[1]}{parts[2]}" if parts else ""


def translated(actions: list, language: str):
    """`actions` given the texts of their translation in `language` (pages/agenda/feeds.py,
    as the public feeds in that language: the same UIDs), and the URL of each, its page in
    that language where it has one."""
    translations = in_language(actions, language)
    return lambda action: url_of(translations.get(action.pk, action))


def personal_calendar(volunteer: Volunteer, language: str = settings.LANGUAGE_CODE) -> bytes:
    """Their feed, in `language` (its address's): nothing in it names them; an alias as its
    original, once."""
    actions = listed_once(list(personal_actions(volunteer)))
    address_of = translated(actions, language)
    with translation.override(language):
        name = _("L'Heure Civique — my actions")
    return ics.to_bytes(ics.calendar(name, actions, address_of, language))


def action_calendar(action: ActionPage, language: str = settings.LANGUAGE_CODE) -> str:
    """One action as an .ics file (an e-mail's attachment), with its public UID, in
    `language` where it is translated."""
    actions = actions_of_queryset(ActionPage.objects.filter(pk=action.pk))
    address_of = translated(actions, language)
    title = actions[0].title if actions else action.title
    calendar = ics.calendar(title, actions, address_of, language, published=False)
    return ics.to_bytes(calendar).decode()


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


SEEN_SECONDS = 30 * 24 * 3600


def last_modified_of(volunteer: Volunteer, etag: str) -> int:
    """When their feed last changed (whole seconds): the feed's ETag and that time are kept
    in the cache; other bytes (a place taken or given up, an action edited, a deployment)
    make a new time, always later than the one given before (even within the same second, or
    back to bytes seen earlier), so that If-Modified-Since never answers 304 wrongly. A lost
    entry only makes it later."""
    key = f"ics:personal-changed:{volunteer.pk}"
    known = cache.get(key)
    if known is not None and known[0] == etag:
        return known[1]
    stamp = int(time.time())
    if known is not None:
        stamp = max(stamp, known[1] + 1)
    cache.set(key, (etag, stamp), SEEN_SECONDS)
    return stamp


# --- Reminders ------------------------------------------------------------------------------


def tomorrow_window(now: dt.datetime) -> tuple[dt.date, dt.datetime, dt.datetime]:
    tomorrow = now.astimezone(queries.PARIS).date() + dt.timedelta(days=1)
    start = queries.paris_day_start(tomorrow)
    return tomorrow, start, queries.paris_day_start(tomorrow + dt.timedelta(days=1))


def due_reminders(now: dt.datetime | None = None) -> list[Registration]:
    """The places held in actions that have an occurrence (not cancelled) tomorrow, Paris
    time, whose holder has not been reminded of it yet."""
    now = now or timezone.now()
    tomorrow, start, end = tomorrow_window(now)
    actions = queries.overlapping(ActionPage.objects.live().public(), start, end).exclude(
        status="cancelled"
    )
    registrations = (
        Registration.objects.filter(
            status=Status.REGISTERED,
            action__in=actions,
            volunteer__emails_stopped_at__isnull=True,
        )
        .exclude(reminded_for=tomorrow)
        .select_related("volunteer__commune", "action")
        .order_by("pk")
    )
    due = []
    for registration in registrations:
        items = queries.items_of(registration.action, start, end)
        if any(not item.cancelled for item in items):
            registration.occurrence = next(item for item in items if not item.cancelled)
            due.append(registration)
    return due


def send_reminders(now: dt.datetime | None = None) -> int:
    """E-mails tomorrow's reminders (with the action's .ics); returns how many were sent.
    Run every hour by django-q2: each place is reminded once per occurrence."""
    from .services import cancel_url, send_email

    now = now or timezone.now()
    tomorrow, _start, _end = tomorrow_window(now)
    sent = 0
    for registration in due_reminders(now):
        try:
            # One place at a time: a reminder that cannot be written (an action whose title a
            # script filled with line breaks, a template error) is logged and left for the next
            # hour, and the others are sent.
            with transaction.atomic():
                updated = (
                    Registration.objects.filter(pk=registration.pk)
                    .exclude(reminded_for=tomorrow)
                    .update(reminded_for=tomorrow)
                )
                if not updated:
                    continue  # another worker sent it
                _send_reminder(registration, tomorrow, send_email, cancel_url)
        except Exception:
            logger.exception("The reminder of registration %s failed", registration.pk)
            continue
        sent += 1
    return sent


def _send_reminder(registration: Registration, tomorrow, send_email, cancel_url) -> None:
    """Queues one reminder, with the action's .ics."""
    from .services import where_and_link

    action, language = registration.action, registration.volunteer.language
    send_email(
        "reminder",
        registration.volunteer.email,
        {
            "volunteer": registration.volunteer,
            "occurrence": registration.occurrence,
            # The action's title, place and page in the volunteer's language.
            **where_and_link(action, language),
            "feed_url": personal_feed_url(registration.volunteer),
        },
        cancel_url=cancel_url(registration),
        attachments=[(f"{action.slug}.ics", action_calendar(action, language), "text/calendar")],
        key=key_of("reminder", registration.pk, tomorrow.isoformat()),
    )
