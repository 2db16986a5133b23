"""The hours given: after an action, the volunteers who held a place are asked (by e-mail,
with a signed link) how long they gave; a referent may record it too. The figures of a
commune, a department or the nation count them, with the hours of the requests for help.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.addresses import absolute_url
from core.outbox import key_of
from core.versions import Version
from pages.models import ActionPage, CommunePage, DepartmentPage
from territories.models import Commune, Department

from . import tokens
from .models import Registration, Volunteer
from .signals import collect_figures

logger = logging.getLogger(__name__)

Status = Registration.Status
MIN_HOURS = Decimal("0.5")
MAX_HOURS = Decimal(12)
FOLLOW_UP_AFTER = dt.timedelta(hours=2)  # after the end of the action
FOLLOW_UP_WITHIN = dt.timedelta(days=7)  # older actions are not asked about any more


def default_hours(action: ActionPage) -> Decimal:
    """The action's duration, rounded to the half hour, within the form's bounds."""
    if action.all_day:
        return Decimal(3)
    hours = Decimal((action.end - action.start).total_seconds()) / 3600
    hours = (hours * 2).quantize(Decimal(1)) / 2
    return min(max(hours, MIN_HOURS), MAX_HOURS)


def hours_url(registration: Registration, *, language: str | None = None) -> str:
    """In the volunteer's language (`language`: a page's, on a page)."""
    token = tokens.make(tokens.HOURS, {"r": registration.pk})
    return absolute_url(
        "volunteers:hours",
        on=registration.action,
        language=language or registration.volunteer.language,
        token=token,
    )


def registration_from_token(token: str) -> Registration:
    value = tokens.read(tokens.HOURS, token)
    registration = (
        Registration.objects.select_related("action", "volunteer")
        .filter(pk=value.get("r"), status=Status.REGISTERED)
        .first()
    )
    if registration is None:
        raise tokens.InvalidLink
    if registration.volunteer.erased_at is not None:
        raise tokens.ErasedLink  # an erased volunteer's links open nothing any more
    return registration


def record_hours(registration: Registration, hours: Decimal) -> Registration:
    registration.hours = hours
    registration.hours_recorded_at = timezone.now()
    registration.save(update_fields=["hours", "hours_recorded_at", "updated_at"])
    return registration


def due_follow_ups(now: dt.datetime | None = None) -> list[Registration]:
    """The places held in single actions that ended 2 hours to 7 days ago, not asked yet;
    nobody gave an hour to an action, or its one date, cancelled."""
    now = now or timezone.now()
    registrations = (
        Registration.objects.filter(
            status=Status.REGISTERED,
            followed_up_at__isnull=True,
            hours__isnull=True,
            volunteer__emails_stopped_at__isnull=True,
            action__rrule="",
            action__status="scheduled",
            action__end__lte=now - FOLLOW_UP_AFTER,
            action__end__gte=now - FOLLOW_UP_WITHIN,
        )
        .select_related("action", "volunteer__commune")
        .order_by("pk")
    )
    return [r for r in registrations if not r.action.cancelled_once]


def send_follow_ups(now: dt.datetime | None = None) -> int:
    """E-mails the question "how long did you give?"; returns how many were sent."""
    from .services import cancel_url, in_language_of, send_email

    now = now or timezone.now()
    sent = 0
    for registration in due_follow_ups(now):
        try:
            # One at a time: a question that cannot be written is logged and asked again at
            # the next hour (its claim is undone with it), and the others are sent.
            with transaction.atomic():
                claimed = Registration.objects.filter(
                    pk=registration.pk, followed_up_at__isnull=True
                ).update(followed_up_at=now)
                if not claimed:
                    continue
                send_email(
                    "hours",
                    registration.volunteer.email,
                    {
                        "volunteer": registration.volunteer,
                        # Its title in their language (the place is the French action's).
                        "action": in_language_of(
                            registration.action, registration.volunteer.language
                        ),
                        "hours_url": hours_url(registration),
                    },
                    cancel_url=cancel_url(registration),
                    key=key_of("hours", registration.pk),
                )
        except Exception:
            logger.exception("The follow-up of registration %s failed", registration.pk)
            continue
        sent += 1
    return sent


# --- Figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    volunteers: int
    actions: int
    hours: Decimal

    def as_dict(self) -> dict:
        return {"volunteers": self.volunteers, "actions": self.actions, "hours": float(self.hours)}


def figures(scope=None) -> Figures:
    """The aggregates of a scope — a Department, a Commune, or the nation (None): confirmed
    volunteers, published actions, hours given at actions and through requests for help.
    Five queries at most, whatever the numbers. The hours of the requests for help are
    added by the helprequests app (`collect_figures`)."""
    volunteers = Volunteer.objects.confirmed()
    actions = ActionPage.objects.live().public()
    registrations = Registration.objects.filter(hours__isnull=False)
    communes = None
    if isinstance(scope, Department):
        communes = Commune.objects.filter(department=scope)
        volunteers = volunteers.filter(commune__department=scope)
        actions = actions.filter(_inside(scope))
        registrations = registrations.filter(action__in=actions)
    elif isinstance(scope, Commune):
        communes = Commune.objects.filter(pk=scope.pk)
        volunteers = volunteers.filter(commune=scope)
        actions = actions.filter(_inside(scope) | Q(place_commune=scope))
        registrations = registrations.filter(action__in=actions)
    counted = registrations.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    for _receiver, part in collect_figures.send(sender=Figures, communes=communes):
        counted += part.get("hours", Decimal(0))
    return Figures(
        volunteers=volunteers.aggregate(n=Count("pk"))["n"],
        # An action and its translations are one action (one translation key); the hours
        # given at any of them count (a volunteer may register on the English page).
        actions=actions.aggregate(n=Count("translation_key", distinct=True))["n"],
        hours=counted,
    )


def _inside(scope) -> Q:
    """Below the live page of a Department or Commune, in every language its page exists in
    (each translation has its own tree); nothing when it has not joined."""
    if isinstance(scope, Department):
        pages = DepartmentPage.objects.live().filter(department=scope)
    else:
        pages = CommunePage.objects.live().filter(commune=scope)
    inside = Q(pk__in=[])
    for path in pages.values_list("path", flat=True):
        inside |= Q(path__startswith=path)
    return inside


# --- Figures kept: counted again after a change only (issue 18) ----------------------------

# A change that moves a figure (a volunteer confirmed or erased, hours recorded, an action
# published, unpublished, moved or deleted, a request for help closed) bumps this version: the
# figures kept under the previous one are never read again. A count of a million volunteers is
# then paid once per change, not once per visit. The lifetime is a safety net for a change that
# bypasses the signals (a bulk update in a shell): such a change shows within it.
FIGURES_VERSION_KEY = "figures:version"
FIGURES_SECONDS = 600


FIGURES_VERSION = Version(FIGURES_VERSION_KEY, None)


def figures_version() -> int:
    return FIGURES_VERSION.current()


def figures_changed(**kwargs) -> None:
    """The figures kept are stale: the next reader counts them again (a signal receiver, also
    called where rows change through `.update()`); at once and again at commit
    (core/versions.py)."""
    FIGURES_VERSION.changed()


def cached_figures(scope=None) -> Figures:
    """`figures(scope)`, counted once per change of the data (see FIGURES_VERSION_KEY)."""
    name = type(scope).__name__ if scope is not None else "nation"
    key = f"figures:{figures_version()}:{name}:{getattr(scope, 'pk', '')}"
    found = cache.get(key)
    if found is None:
        found = figures(scope)
        cache.set(key, found, FIGURES_SECONDS)
    return found
