"""Engaging a department or a commune in one idempotent step — its page, its editors and
referents groups, its collection of images and documents, and their permissions. Who may do
what afterwards is asked of `onboarding.roles`; engaging a commune sends `commune_engaged`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
)

from pages.agenda.queries import ensure_action_index
from pages.models import CommunePage, DepartmentPage, HomePage
from pages.translations import follow_parent_translations
from territories.models import Commune, Department, PostalCode

from .models import TerritoryCollection, TerritoryGroup
from .roles import (
    MODERATORS_GROUP_NAME,
    Role,
    Territory,
    departments_engaging_for,
    group_name,
    may_engage_departments,
    territory_key,
)
from .signals import commune_engaged

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

ACCESS_ADMIN = "wagtailadmin.access_admin"
# Editors publish their own territory: moderation will later restrict only initiatives and
# gestures. No bulk_delete: a territory's tree is not deleted in one click.
EDITOR_PAGE_PERMISSIONS = (
    "wagtailcore.add_page",
    "wagtailcore.change_page",
    "wagtailcore.publish_page",
    "wagtailcore.lock_page",
    "wagtailcore.unlock_page",
)
# Moderators act on what others wrote anywhere; creating territories stays with onboarding.
MODERATOR_PAGE_PERMISSIONS = (
    "wagtailcore.change_page",
    "wagtailcore.publish_page",
    "wagtailcore.lock_page",
    "wagtailcore.unlock_page",
)
COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)


class OnboardingError(ValidationError):
    """A territory can't be engaged: unknown code, forbidden to this user, a clashing page."""

    def __str__(self) -> str:
        return " ".join(self.messages)


# --- Engaging ----------------------------------------------------------------------------


def onboard_department(code: str, *, user: User | None = None) -> DepartmentPage:
    """Engage the department of INSEE code `code` (e.g. "53", "2A", "971"): its published page
    under the national home, its editors and referents groups, its collection, their
    permissions. Running it again changes nothing. Raises OnboardingError for an unknown code."""
    department = find_department(code)
    with transaction.atomic():
        return _engage_department(department, user)


def onboard_commune(insee_code: str, *, user: User | None = None) -> CommunePage:
    """Engage the commune of INSEE code `insee_code` (e.g. "53130" for Laval), and its
    department first if it isn't yet: its published page under the department's, its groups,
    its collection inside the department's, their permissions. Running it again changes
    nothing. Raises OnboardingError for an unknown code."""
    commune = find_commune_by_code(insee_code)
    with transaction.atomic():
        department_page = _engage_department(commune.department, user)
        return _engage_commune(commune, department_page, user)


def national_groups() -> Group:
    """The moderators group and its permissions (edit, publish, lock anywhere in the tree, and
    use every collection), created when missing. The data migration runs the same step on a
    fresh database; onboarding runs it again so that a deleted permission comes back."""
    with transaction.atomic():
        group = _group_for_key({"role": Role.MODERATORS}, MODERATORS_GROUP_NAME)
        _grant_pages(group, [Page.get_first_root_node()], MODERATOR_PAGE_PERMISSIONS)
        _grant_collection(group, Collection.get_first_root_node(), COLLECTION_PERMISSIONS)
        group.permissions.add(_permissions([ACCESS_ADMIN])[ACCESS_ADMIN])
        return group


def _engage_department(department: Department, user: User | None) -> DepartmentPage:
    national_groups()
    locale = Locale.get_default()
    page = DepartmentPage.objects.filter(department=department, locale=locale).first()
    if page is None:
        home = HomePage.objects.filter(locale=locale).first()
        if home is None:
            raise OnboardingError(_("The national home page is missing: run the migrations."))
        page = DepartmentPage(title=department.name, slug=department.slug, department=department)
        _publish_under(home, page, department, user)
    collection = _territory_collection(department, Collection.get_first_root_node())
    _equip_groups(department, page, collection)
    # Its agenda, /<department>/actions/, in each language the department is published in.
    follow_parent_translations(ensure_action_index(page))
    return page


def _engage_commune(
    commune: Commune, department_page: DepartmentPage, user: User | None
) -> CommunePage:
    page = CommunePage.objects.filter(commune=commune, locale=department_page.locale_id).first()
    if page is None:
        page = CommunePage(title=commune.name, slug=commune.slug, commune=commune)
        _publish_under(department_page, page, commune, user)
    department_collection = TerritoryCollection.objects.get(department=commune.department_id)
    collection = _territory_collection(commune, department_collection.collection)
    _equip_groups(commune, page, collection)
    # Its agenda, /<department>/<commune>/actions/, in each language the commune is in.
    follow_parent_translations(ensure_action_index(page))
    # Its waiting volunteers are handed over (volunteers listens), in the same transaction.
    commune_engaged.send(sender=Commune, commune=commune)
    return page


def _publish_under(parent: Page, page: Page, territory: Territory, user: User | None) -> None:
    owner = user if user is not None and user.is_authenticated else None
    page.owner = owner
    page.live = False
    try:
        parent.add_child(instance=page)
    except ValidationError as error:
        # e.g. another page already uses the slug under the same parent.
        raise OnboardingError(
            _("The page of %(territory)s can't be created: %(reason)s")
            % {"territory": territory, "reason": " ".join(error.messages)}
        ) from error
    page.save_revision(user=owner, log_action=True).publish(user=owner)
    # Publishing saves a copy made from the revision: read back its live state and dates.
    page.refresh_from_db()


def _territory_collection(territory: Territory, parent: Collection) -> Collection:
    key = territory_key(territory)
    existing = TerritoryCollection.objects.select_related("collection").filter(**key).first()
    if existing is not None:
        return existing.collection
    collection = parent.add_child(instance=Collection(name=territory.name))
    TerritoryCollection.objects.create(collection=collection, **key)
    return collection


def _equip_groups(territory: Territory, page: Page, collection: Collection) -> None:
    editors = _group_for_key(
        {"role": Role.EDITORS, **territory_key(territory)}, group_name(territory, Role.EDITORS)
    )
    referents = _group_for_key(
        {"role": Role.REFERENTS, **territory_key(territory)},
        group_name(territory, Role.REFERENTS),
    )
    # The page's translations are in other locales' trees: their editors are the same people.
    _grant_pages(editors, list(page.get_translations(inclusive=True)), EDITOR_PAGE_PERMISSIONS)
    _grant_collection(editors, collection, COLLECTION_PERMISSIONS)
    access_admin = _permissions([ACCESS_ADMIN])[ACCESS_ADMIN]
    editors.permissions.add(access_admin)
    referents.permissions.add(access_admin)


def _group_for_key(key: dict, name: str) -> Group:
    """The group of `key` (role and territory); created with `name` when there is none. A
    group of that name that belongs to nobody is adopted (e.g. made by hand before)."""
    existing = TerritoryGroup.objects.select_related("group").filter(**key).first()
    if existing is not None:
        return existing.group
    group, _created = Group.objects.get_or_create(name=name)
    if TerritoryGroup.objects.filter(group=group).exists():
        raise OnboardingError(
            _('The group "%(name)s" already serves another territory or role.') % {"name": name}
        )
    TerritoryGroup.objects.create(group=group, **key)
    return group


def _permissions(names: tuple[str, ...] | list[str]) -> dict[str, Permission]:
    """The permissions named "app_label.codename", in one query."""
    wanted = [name.split(".", 1) for name in names]
    query = Q(pk__in=[])
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in Permission.objects.filter(query).select_related("content_type")
    }
    missing = set(names) - set(found)
    if missing:
        raise OnboardingError(
            _("Permissions are missing: %(names)s. Run the migrations.")
            % {"names": ", ".join(sorted(missing))}
        )
    return found


def _grant_pages(group: Group, pages: list[Page], names: tuple[str, ...]) -> None:
    for permission in _permissions(names).values():
        for page in pages:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_collection(group: Group, collection: Collection, names: tuple[str, ...]) -> None:
    for permission in _permissions(names).values():
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


# --- Finding territories -----------------------------------------------------------------


def find_department(code: str) -> Department:
    """The department of INSEE code `code`; "1" is read as "01", "2a" as "2A"."""
    code = code.strip().upper()
    if code.isdigit() and len(code) == 1:
        code = code.zfill(2)
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise OnboardingError(_("No department has the code %(code)s.") % {"code": code})
    return department


def find_commune_by_code(insee_code: str) -> Commune:
    commune = Commune.objects.select_related("department").filter(code=insee_code.strip()).first()
    if commune is None:
        raise OnboardingError(
            _("No commune has the INSEE code %(code)s.") % {"code": insee_code.strip()}
        )
    return commune


def find_commune(text: str, within: QuerySet[Department] | None = None) -> Commune:
    """The commune an administrator typed: its INSEE code, its name or its postal code.
    A name or postal code shared by several communes is resolved inside `within` when that
    leaves one; otherwise the error asks for the INSEE code."""
    text = text.strip()
    if not text:
        raise OnboardingError(_("Type the INSEE code, the name or the postal code of a commune."))
    communes = Commune.objects.select_related("department")
    by_code = communes.filter(code=text.upper()).first()
    if by_code is not None:
        return by_code
    if text.isdigit():
        candidates = communes.filter(
            pk__in=PostalCode.objects.filter(code=text).values("commune_id")
        )
        unknown = _("No commune has the INSEE code or the postal code %(code)s.") % {"code": text}
    else:
        candidates = communes.filter(name__iexact=text)
        unknown = _("No commune is named %(name)s.") % {"name": text}
    found = list(candidates[:20])
    if within is not None and len(found) > 1:
        departments = {commune.department_id for commune in found}
        in_scope = set(within.filter(pk__in=departments).values_list("pk", flat=True))
        found = [commune for commune in found if commune.department_id in in_scope] or found
    if not found:
        raise OnboardingError(unknown)
    if len(found) > 1:
        raise OnboardingError(
            _("Several communes match %(text)s: %(communes)s. Type the INSEE code.")
            % {"text": text, "communes": ", ".join(str(commune) for commune in found)}
        )
    return found[0]


# --- Engaging on behalf of a user --------------------------------------------------------


def engage_department(user: User, code: str) -> DepartmentPage:
    """`onboard_department` on behalf of `user`, refused unless they're an administrator."""
    if not may_engage_departments(user):
        raise OnboardingError(_("Only administrators may engage a department."))
    return onboard_department(code, user=user)


def engage_commune(user: User, text: str) -> CommunePage:
    """`onboard_commune` on behalf of `user`, for a commune typed as in `find_commune`;
    refused (nothing created) outside the departments `user` may engage communes in."""
    departments = departments_engaging_for(user)
    commune = find_commune(text, within=departments)
    if not departments.filter(pk=commune.department_id).exists():
        allowed = ", ".join(str(department) for department in departments)
        if not allowed:
            raise OnboardingError(_("You may not engage communes."))
        raise OnboardingError(
            _("%(commune)s is not in your department: you may engage communes of %(allowed)s.")
            % {"commune": commune, "allowed": allowed}
        )
    return onboard_commune(commune.code, user=user)
