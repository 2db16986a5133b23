"""Who sees a volunteer: the one place that says it (the admin's views, the menu and the
sign-up form's promise follow it; tests/volunteers/test_access_table.py asserts the table).

| role (onboarding/roles.py)        | list, detail | export CSV | notes, hours | counts           |
|-----------------------------------|--------------|------------|--------------|------------------|
| commune referent                  | its commune  | same       | same         | its commune      |
| department referent               | its communes | same       | same         | its communes     |
| commune editor (communication)    | no           | no         | no           | its commune      |
| department editor                 | no           | no         | no           | its communes     |
| moderator (national staff)        | no           | no         | no           | every commune    |
| administrator (superuser)         | no           | no         | no           | every commune    |
| anyone else                       | no           | no         | no           | no               |

"Their volunteers" are the confirmed, not erased, volunteers handed over to a commune that
joined (services.hand_over): a sign-up never confirmed is never listed nor exported (it is
purged after 30 days, services.purge_unconfirmed), and a volunteer waiting in a commune that
has not joined belongs to no one yet: the national staff and the department see how many
wait there (prospecting), never who. No national role needs individuals: a volunteer's own
requests (a copy of their data, erasure) go through their space, not through the staff. A
referent who is also an administrator or a moderator sees the individuals of their referent
territories only.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from onboarding.models import TerritoryGroup
from onboarding.roles import has_role, is_moderator, territories_of
from territories.models import Commune

from .models import Volunteer

Role = TerritoryGroup.Role

LIST = "list"  # the listing and the detail of a volunteer
EXPORT = "export"  # the CSV
ANNOTATE = "annotate"  # the referents' notes and the hours given
COUNTS = "counts"  # how many, per commune
ACTIONS = (LIST, EXPORT, ANNOTATE, COUNTS)


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def referent_communes(user) -> QuerySet[Commune]:
    """The communes whose volunteers `user` sees one by one: those of their referents groups
    (a department's referents: all its communes). Being an administrator or a moderator adds
    none."""
    if not _active(user):
        return Commune.objects.none()
    memberships = TerritoryGroup.objects.filter(group__user=user, role=Role.REFERENTS)
    return Commune.objects.filter(
        Q(pk__in=memberships.filter(commune__isnull=False).values("commune_id"))
        | Q(department_id__in=memberships.filter(department__isnull=False).values("department_id"))
    )


def is_referent(user) -> bool:
    return _active(user) and has_role(user, Role.REFERENTS)


def may(user, action: str) -> bool:
    """Whether `user` may do `action` (LIST, EXPORT, ANNOTATE, COUNTS) on some volunteers;
    which ones: `listed_volunteers` and `counted_communes`."""
    if action not in ACTIONS:
        raise ValueError(action)
    if not _active(user):
        return False
    if action == COUNTS:
        return user.is_superuser or has_role(user)
    return is_referent(user)


def listed_volunteers(user) -> QuerySet[Volunteer]:
    """The volunteers `user` lists, exports and annotates: confirmed, not erased, handed over
    to a commune of their referents groups."""
    return Volunteer.objects.filter(
        confirmed_at__isnull=False,
        handed_over_at__isnull=False,
        erased_at__isnull=True,
        commune__in=referent_communes(user),
    )


def counted_communes(user) -> QuerySet[Commune]:
    """The communes of `user`'s scope with volunteers, annotated with `listed` (handed over)
    and `waiting` (confirmed in a commune that has not joined), most first. One query."""
    if not may(user, COUNTS):
        return Commune.objects.none()
    if user.is_superuser or is_moderator(user):
        communes = Commune.objects.all()
    else:
        _departments, communes = territories_of(user)
    confirmed = Q(volunteers__confirmed_at__isnull=False, volunteers__erased_at__isnull=True)
    return (
        communes.annotate(
            listed=Count(
                "volunteers", filter=confirmed & Q(volunteers__handed_over_at__isnull=False)
            ),
            waiting=Count(
                "volunteers", filter=confirmed & Q(volunteers__handed_over_at__isnull=True)
            ),
        )
        .filter(Q(listed__gt=0) | Q(waiting__gt=0))
        .select_related("department")
        .order_by("-listed", "-waiting", "name")
    )


def may_prospect(user) -> bool:
    """The national list of communes where volunteers wait (counts only)."""
    return bool(_active(user) and (user.is_superuser or is_moderator(user)))
