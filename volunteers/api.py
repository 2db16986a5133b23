"""An action's registration state in the public API: counts only, never a person.

`volunteers/apps.py` adds it to the action's type in the pages endpoint (`/api/v2/pages/<id>/`),
as `registration`: whether it asks for registration and takes it now, its places, how many are
left, whether it is full and how many wait for a place. A listing of actions
(`?type=pages.ActionPage&fields=registration`) counts them all in one query.
"""

from __future__ import annotations

from django.db.models import Prefetch
from typing_extensions import TypedDict

from core.serializers import WholeObjectField

from .models import Registration
from .services import registration_open

Status = Registration.Status

# The registrations a listing fetches up front (their status only), as `api_registrations`.
PREFETCH = Prefetch(
    "registrations",
    queryset=Registration.objects.exclude(status=Status.CANCELLED).only(
        "id", "action_id", "status"
    ),
    to_attr="api_registrations",
)


class RegistrationCounts(TypedDict):
    required: bool
    open: bool
    capacity: int | None
    places_left: int | None
    full: bool
    waiting: int


def registration_counts(action) -> RegistrationCounts:
    """One query, none when the registrations were fetched up front (PREFETCH)."""
    statuses = getattr(action, "api_registrations", None)
    if statuses is None:
        statuses = Registration.objects.filter(action_id=action.pk).exclude(status=Status.CANCELLED)
    taken = waiting = 0
    for registration in statuses:
        taken += registration.status == Status.REGISTERED
        waiting += registration.status == Status.WAITING
    left = None if action.capacity is None else max(action.capacity - taken, 0)
    return {
        "required": action.registration_required,
        "open": registration_open(action),
        "capacity": action.capacity,
        "places_left": left,
        "full": left == 0,
        "waiting": waiting,
    }


class RegistrationField(WholeObjectField):
    def to_representation(self, action) -> RegistrationCounts:
        return registration_counts(action)
