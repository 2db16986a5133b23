"""Requests for help: who may see and record them, the volunteers suggested for one, putting
a volunteer in touch, closing with the hours given, and erasing the beneficiaries' contacts.

Scoping follows the volunteers': a commune's referents see their commune's requests, a
department's referents those of its communes, the moderators all of them. Only the referents of
the request's own commune see (and record) the beneficiary's contact details.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.models import TerritoryGroup
from onboarding.roles import territories_of
from territories.models import Commune
from volunteers.models import Volunteer

from .models import Contact, HelpRequest

CONTACTS_KEPT_FOR = dt.timedelta(days=90)
SUGGESTIONS = 10
BENEFICIARY_FIELDS = (
    "beneficiary_name",
    "beneficiary_phone",
    "beneficiary_email",
    "beneficiary_address",
)


class HelpRequestError(Exception):
    """A change the request's state does not allow; the message says why."""


# --- Who sees what --------------------------------------------------------------------------


def visible_requests(user) -> QuerySet[HelpRequest]:
    """The requests `user` may list: those of the communes they are a referent of (directly or
    through their department), all for moderators and administrators, none for anyone else."""
    _departments, communes = territories_of(user, role=TerritoryGroup.Role.REFERENTS)
    return HelpRequest.objects.filter(commune__in=communes)


def may_see_requests(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return TerritoryGroup.objects.filter(
        group__user=user, role__in=[TerritoryGroup.Role.REFERENTS, TerritoryGroup.Role.MODERATORS]
    ).exists()


def referent_communes(user) -> QuerySet[Commune]:
    """The communes whose own referents `user` is among: where they record requests and see
    the beneficiaries' contact details."""
    if not user.is_authenticated or not user.is_active:
        return Commune.objects.none()
    memberships = TerritoryGroup.objects.filter(
        group__user=user, role=TerritoryGroup.Role.REFERENTS, commune__isnull=False
    )
    return Commune.objects.filter(pk__in=memberships.values("commune_id"))


def sees_contacts(user, request: HelpRequest, communes: set[int] | None = None) -> bool:
    """`communes`: the ids of referent_communes(user), when already known."""
    if communes is None:
        communes = set(referent_communes(user).values_list("pk", flat=True))
    return request.commune_id in communes


# --- Suggestions ----------------------------------------------------------------------------


def eligible_volunteers(request: HelpRequest) -> QuerySet[Volunteer]:
    """Who may be put in touch for the request: the confirmed volunteers of its commune, handed
    to its referents, who agreed to be contacted, and not already in touch for it."""
    return (
        Volunteer.objects.confirmed()
        .filter(commune_id=request.commune_id, handed_over_at__isnull=False, contact_consent=True)
        .exclude(pk__in=Contact.objects.filter(request=request).values("volunteer_id"))
    )


def suggestions(request: HelpRequest, limit: int = SUGGESTIONS) -> list[Volunteer]:
    """The volunteers of the request's commune who may be put in touch, best first: those who
    chose its gesture, then those available at its moment, then those who like its kind of
    action; among equals, those with fewer requests in progress. Each comes with `chose_gesture`,
    `available`, `likes_kind` and `in_progress`. One query."""
    candidates = eligible_volunteers(request)
    gesture = request.gesture
    if gesture is not None:
        chose = Exists(
            Volunteer.gestures.through.objects.filter(
                volunteer_id=OuterRef("pk"), gesture_id=gesture.pk
            )
        )
        kind = Q(kinds__contains=f",{gesture.kind},")
    else:
        chose = Value(False)
        kind = Q(pk__in=[])
    available = (
        Q(availability__contains=f",{request.availability},") if request.availability else None
    )
    in_progress = (
        Contact.objects.filter(volunteer_id=OuterRef("pk"))
        .exclude(request__status=HelpRequest.Status.CLOSED)
        .values("volunteer_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return list(
        candidates.annotate(
            chose_gesture=chose,
            available=Case(When(available, then=Value(True)), default=Value(False))
            if available is not None
            else Value(False),
            likes_kind=Case(When(kind, then=Value(True)), default=Value(False)),
            in_progress=Coalesce(Subquery(in_progress, output_field=IntegerField()), Value(0)),
        ).order_by("-chose_gesture", "-available", "-likes_kind", "in_progress", "last_name", "pk")[
            :limit
        ]
    )


# --- Changes --------------------------------------------------------------------------------


def record(request: HelpRequest, user) -> HelpRequest:
    if not referent_communes(user).filter(pk=request.commune_id).exists():
        raise HelpRequestError(_("Only the referents of the commune record its requests."))
    request.recorded_by = user
    request.save()
    return request


@transaction.atomic
def put_in_touch(request: HelpRequest, volunteer: Volunteer, user) -> Contact:
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == HelpRequest.Status.CLOSED:
        raise HelpRequestError(_("The request is closed."))
    if not eligible_volunteers(request).filter(pk=volunteer.pk).exists():
        raise HelpRequestError(_("This volunteer cannot be put in touch for this request."))
    contact = Contact.objects.create(request=request, volunteer=volunteer, put_in_touch_by=user)
    if request.status == HelpRequest.Status.OPEN:
        request.status = HelpRequest.Status.IN_TOUCH
        request.save(update_fields=["status"])
    return contact


def close(request: HelpRequest, *, outcome: str, hours: Decimal, now=None) -> HelpRequest:
    if request.status == HelpRequest.Status.CLOSED:
        raise HelpRequestError(_("The request is already closed."))
    request.status = HelpRequest.Status.CLOSED
    request.outcome = outcome
    request.hours = hours
    request.closed_at = now or timezone.now()
    request.save(update_fields=["status", "outcome", "hours", "closed_at"])
    return request


def erase_old_contacts(now=None) -> int:
    """Wipes the beneficiaries' contact details of the requests closed 90 days ago or more;
    returns how many requests were erased. The rest stays, anonymous, for the figures."""
    now = now or timezone.now()
    return HelpRequest.objects.filter(
        status=HelpRequest.Status.CLOSED,
        closed_at__lte=now - CONTACTS_KEPT_FOR,
        contacts_erased_at__isnull=True,
    ).update(**dict.fromkeys(BENEFICIARY_FIELDS, ""), contacts_erased_at=now)


def hours_given(communes: QuerySet[Commune] | None = None) -> Decimal:
    """The hours given through closed requests (in `communes`, else everywhere)."""
    requests = HelpRequest.objects.filter(status=HelpRequest.Status.CLOSED)
    if communes is not None:
        requests = requests.filter(commune__in=communes)
    return requests.aggregate(total=Sum("hours"))["total"] or Decimal(0)
