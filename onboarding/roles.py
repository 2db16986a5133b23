"""Who may see or publish what: the groups holding a role over a territory, and the questions
every app asks about a user (moderator? which territories?). Reads the groups that engaging
made; imports no page code, so that every layer may ask.

Roles (see onboarding/README.md):
- a commune's editors edit its page and everything below it and publish it;
- a department's editors do the same for the department page, which includes its communes;
- referents (commune or department) reach the admin but edit no page: their work is the
  volunteers of their territory;
- moderators ("Voisins Solidaires — modération") edit and publish anywhere but create no
  territory; administrators are superusers and do everything, including engaging territories.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet

from territories.models import Commune, Department

from .models import TerritoryGroup

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from wagtail.models import Page

    User = AbstractBaseUser | AnonymousUser

Territory = Department | Commune
Role = TerritoryGroup.Role

MODERATORS_GROUP_NAME = "Voisins Solidaires — modération"
# Translate through wagtail-localize, publish nothing (onboarding/migrations/0004).
TRANSLATORS_GROUP_NAME = "Traducteurs"
# Group names are content shown to French administrators: French, whatever the admin's language.
ROLE_LABELS = {Role.EDITORS: "éditeurs", Role.REFERENTS: "référents"}
# The pages that carry a territory's groups and public address.
TERRITORY_PAGE_MODELS = {"pages.DepartmentPage", "pages.CommunePage"}


# --- The groups of a territory -----------------------------------------------------------


def group_name(territory: Territory, role: str) -> str:
    """e.g. "Laval (53130) — éditeurs", "Mayenne (53) — référents"."""
    return f"{territory.name} ({territory.code}) — {ROLE_LABELS[Role(role)]}"


def group_of(territory: Territory, role: str) -> Group | None:
    """The territory's own group for `role`, or None when the territory isn't engaged."""
    return Group.objects.filter(
        territory_group__role=role, **_prefixed(territory_key(territory))
    ).first()


def groups_for(territory: Territory, role: str) -> QuerySet[Group]:
    """The groups holding `role` over `territory`: its own and, for a commune, its
    department's (a department's editors edit its communes, its referents see their
    volunteers). Empty for a territory not engaged."""
    if isinstance(territory, Commune):
        scope = Q(territory_group__commune=territory) | Q(
            territory_group__department_id=territory.department_id
        )
    else:
        scope = Q(territory_group__department=territory)
    return Group.objects.filter(scope, territory_group__role=role).order_by("name")


def _prefixed(key: dict) -> dict:
    return {f"territory_group__{name}": value for name, value in key.items()}


def territory_key(territory: Territory) -> dict:
    """How TerritoryGroup and TerritoryCollection name a territory: {"commune": ...} or
    {"department": ...}."""
    if isinstance(territory, Commune):
        return {"commune": territory}
    return {"department": territory}


def is_engaged(territory: Territory) -> bool:
    """Whether the territory has been onboarded (it has its editors group)."""
    return TerritoryGroup.objects.filter(role=Role.EDITORS, **territory_key(territory)).exists()


# --- Who may see what --------------------------------------------------------------------


def memberships(user: User) -> list[tuple[str, int | None, int | None]]:
    """The territory groups of `user`, as (role, department id, commune id), read once per user
    object, which is a request's: the admin's menu asks every feature app whether to show its
    item, and each asked the database again."""
    if not user.is_authenticated:
        return []
    known = getattr(user, "_territory_memberships", None)
    if known is None:
        known = list(
            TerritoryGroup.objects.filter(group__user=user).values_list(
                "role", "department_id", "commune_id"
            )
        )
        user._territory_memberships = known
    return known


def has_role(user: User, *roles: str, department_wide: bool = False) -> bool:
    """Whether active `user` belongs to a territory group of one of `roles` (any role without
    them); `department_wide` keeps the groups of departments."""
    return bool(user.is_active) and any(
        (not roles or role in roles) and (not department_wide or department_id is not None)
        for role, department_id, _commune_id in memberships(user)
    )


def is_moderator(user: User) -> bool:
    return has_role(user, Role.MODERATORS)


def territories_of(
    user: User, role: str | None = None
) -> tuple[QuerySet[Department], QuerySet[Commune]]:
    """The departments and communes whose people `user` may see: a commune's editors and
    referents see that commune; a department's see the department and all its communes;
    moderators and administrators see everything. `role` keeps only that role's groups.
    The querysets are lazy (subqueries), for filters such as `commune__in=communes`."""
    if not user.is_authenticated or not user.is_active:
        return Department.objects.none(), Commune.objects.none()
    if user.is_superuser or is_moderator(user):
        return Department.objects.all(), Commune.objects.all()
    memberships = TerritoryGroup.objects.filter(group__user=user)
    if role is not None:
        memberships = memberships.filter(role=role)
    department_ids = memberships.filter(department__isnull=False).values("department_id")
    commune_ids = memberships.filter(commune__isnull=False).values("commune_id")
    return (
        Department.objects.filter(pk__in=department_ids),
        Commune.objects.filter(Q(pk__in=commune_ids) | Q(department_id__in=department_ids)),
    )


# --- Who may publish, engage, delete -----------------------------------------------------


def may_publish_directly(user: User) -> bool:
    """Initiatives and gestures are published by the moderators (or an administrator), or by
    the end of their workflow; the editors of communes and departments submit them."""
    return bool(user.is_active and (user.is_superuser or is_moderator(user)))


def may_engage_departments(user: User) -> bool:
    """Engaging a department is the administrators' (superusers') decision."""
    return bool(user.is_active and user.is_superuser)


def departments_engaging_for(user: User) -> QuerySet[Department]:
    """The departments in which `user` may engage communes: all for an administrator, the
    ones whose editors group they belong to for a department editor, none for anyone else."""
    if not user.is_active:
        return Department.objects.none()
    if user.is_superuser:
        return Department.objects.all()
    return Department.objects.filter(
        pk__in=TerritoryGroup.objects.filter(
            role=Role.EDITORS, department__isnull=False, group__user=user
        ).values("department_id")
    )


def may_delete_territory_page(user: User, page: Page) -> bool:
    """A department or commune page carries the territory's groups and public address: only
    an administrator deletes it, even though editors may delete the pages below."""
    # Named by label, as a foreign key names a model: the roles know no page code.
    if page.specific_class._meta.label not in TERRITORY_PAGE_MODELS:
        return True
    return bool(user.is_superuser)


def may_change_page_territory(user: User | None) -> bool:
    """Which commune or department a territory page represents is fixed once it is created (its
    groups, collection and address follow from it): only an administrator changes it."""
    return bool(user is not None and user.is_superuser)
