"""Engaging departments and communes: what one step creates, that a second changes nothing,
clear errors for bad codes, and the helpers later apps use (groups_for, territories_of)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
    Revision,
)

from onboarding import roles, services
from onboarding.models import TerritoryCollection, TerritoryGroup
from pages.models import CommunePage, DepartmentPage
from tests.factories.pages import DepartmentPageFactory, StandardPageFactory

Role = TerritoryGroup.Role


def snapshot() -> dict[str, int]:
    """How many rows onboarding may create, table by table."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "groups": Group.objects.count(),
        "territory groups": TerritoryGroup.objects.count(),
        "group permissions": Group.permissions.through.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "collections": Collection.objects.count(),
        "territory collections": TerritoryCollection.objects.count(),
        "collection permissions": GroupCollectionPermission.objects.count(),
    }


def permission_names(queryset) -> set[str]:
    return {
        f"{row.permission.content_type.app_label}.{row.permission.codename}"
        for row in queryset.select_related("permission__content_type")
    }


def test_onboard_department_creates_its_published_page_under_the_national_home(home_page, mayenne):
    page = services.onboard_department("53")

    assert isinstance(page, DepartmentPage)
    assert page.department == mayenne
    assert (page.title, page.slug, page.live) == ("Mayenne", "mayenne", True)
    assert page.get_parent().pk == home_page.pk
    assert page.locale == home_page.locale
    assert page.get_url() == "/mayenne/"


def test_onboard_department_creates_its_groups_with_readable_french_names(home_page, mayenne):
    services.onboard_department("53")

    assert roles.group_of(mayenne, Role.EDITORS).name == "Mayenne (53) — éditeurs"
    assert roles.group_of(mayenne, Role.REFERENTS).name == "Mayenne (53) — référents"


def test_department_editors_get_page_collection_and_admin_rights(home_page, mayenne):
    page = services.onboard_department("53")
    editors = roles.group_of(mayenne, Role.EDITORS)
    collection = TerritoryCollection.objects.get(department=mayenne).collection

    assert permission_names(GroupPagePermission.objects.filter(group=editors, page=page)) == {
        "wagtailcore.add_page",
        "wagtailcore.change_page",
        "wagtailcore.publish_page",
        "wagtailcore.lock_page",
        "wagtailcore.unlock_page",
    }
    assert permission_names(
        GroupCollectionPermission.objects.filter(group=editors, collection=collection)
    ) == {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    }
    assert list(editors.permissions.values_list("codename", flat=True)) == ["access_admin"]


def test_referents_reach_the_admin_but_get_no_page_or_collection_rights(home_page, laval):
    services.onboard_commune("53130")
    referents = roles.group_of(laval, Role.REFERENTS)

    assert list(referents.permissions.values_list("codename", flat=True)) == ["access_admin"]
    assert not GroupPagePermission.objects.filter(group=referents).exists()
    assert not GroupCollectionPermission.objects.filter(group=referents).exists()


def test_onboard_commune_engages_its_department_first(home_page, laval, mayenne):
    page = services.onboard_commune("53130")

    assert isinstance(page, CommunePage)
    assert (page.title, page.slug, page.live) == ("Laval", "laval", True)
    assert page.get_parent().specific.department == mayenne
    assert page.get_url() == "/mayenne/laval/"
    assert roles.is_engaged(mayenne)
    assert roles.group_of(laval, Role.EDITORS).name == "Laval (53130) — éditeurs"
    assert roles.group_of(laval, Role.REFERENTS).name == "Laval (53130) — référents"


def test_commune_collection_sits_under_its_department_collection(home_page, laval, mayenne):
    services.onboard_commune("53130")

    laval_collection = TerritoryCollection.objects.get(commune=laval).collection
    mayenne_collection = TerritoryCollection.objects.get(department=mayenne).collection
    assert laval_collection.name == "Laval"
    assert mayenne_collection.name == "Mayenne"
    assert laval_collection.get_parent() == mayenne_collection
    assert mayenne_collection.get_parent() == Collection.get_first_root_node()


def test_onboarding_twice_changes_nothing(home_page, laval, quimper):
    services.onboard_commune("53130")
    services.onboard_commune("29232")
    before = snapshot()

    services.onboard_commune("53130")
    services.onboard_department("53")
    services.onboard_commune("29232")

    assert snapshot() == before


def test_onboarding_a_second_commune_reuses_its_department(home_page, laval, chateau_gontier):
    services.onboard_commune("53130")
    services.onboard_commune("53062")

    assert DepartmentPage.objects.count() == 1
    assert TerritoryGroup.objects.filter(department__code="53").count() == 2
    assert CommunePage.objects.filter(commune__department__code="53").count() == 2


def test_onboarding_adopts_a_department_page_made_before(home_page, mayenne):
    existing = DepartmentPageFactory(department=mayenne, intro="Déjà là.")

    page = services.onboard_department("53")

    assert page.pk == existing.pk
    assert page.intro == "Déjà là."
    assert GroupPagePermission.objects.filter(
        page=existing, group=roles.group_of(mayenne, Role.EDITORS)
    ).exists()


def test_onboarding_repairs_a_removed_permission(home_page, laval):
    page = services.onboard_commune("53130")
    editors = roles.group_of(laval, Role.EDITORS)
    GroupPagePermission.objects.filter(group=editors, page=page).delete()

    services.onboard_commune("53130")

    assert GroupPagePermission.objects.filter(group=editors, page=page).count() == 5


def test_unknown_commune_code_raises_a_clear_error_and_creates_nothing(home_page, laval):
    before = snapshot()

    with pytest.raises(services.OnboardingError, match="No commune has the INSEE code 99999."):
        services.onboard_commune("99999")

    assert snapshot() == before


def test_unknown_department_code_raises_a_clear_error(home_page):
    with pytest.raises(services.OnboardingError, match="No department has the code 99."):
        services.onboard_department("99")


def test_department_code_is_read_leniently(home_page, db):
    from tests.factories.territories import DepartmentFactory

    ain = DepartmentFactory(code="01", name="Ain", slug="ain")
    corse = DepartmentFactory(code="2A", name="Corse-du-Sud", slug="corse-du-sud")

    assert services.find_department(" 1 ") == ain
    assert services.find_department("2a") == corse


def test_a_clashing_slug_raises_a_clear_error_and_creates_nothing(home_page, laval):
    StandardPageFactory(parent=home_page, title="Mayenne", slug="mayenne")
    before = snapshot()

    with pytest.raises(services.OnboardingError, match="The page of Mayenne \\(53\\) can't"):
        services.onboard_commune("53130")

    assert snapshot() == before


def test_the_moderators_group_exists_on_a_fresh_database(db):
    """Created by the data migration, with the same rights national_groups() gives."""
    link = TerritoryGroup.objects.select_related("group").get(role=Role.MODERATORS)
    group = link.group
    root = Page.get_first_root_node()

    assert group.name == "Voisins Solidaires — modération"
    assert permission_names(GroupPagePermission.objects.filter(group=group, page=root)) == {
        "wagtailcore.change_page",
        "wagtailcore.publish_page",
        "wagtailcore.lock_page",
        "wagtailcore.unlock_page",
    }
    assert len(GroupCollectionPermission.objects.filter(group=group)) == 6
    assert group.permissions.filter(codename="access_admin").exists()

    before = snapshot()
    assert services.national_groups() == group
    assert snapshot() == before


def test_groups_for_a_commune_include_its_department_groups(home_page, laval, mayenne):
    services.onboard_commune("53130")

    assert set(roles.groups_for(laval, Role.EDITORS).values_list("name", flat=True)) == {
        "Laval (53130) — éditeurs",
        "Mayenne (53) — éditeurs",
    }
    assert list(roles.groups_for(mayenne, Role.REFERENTS).values_list("name", flat=True)) == [
        "Mayenne (53) — référents"
    ]


def test_groups_for_a_territory_not_engaged_is_empty(home_page, quimper):
    assert not roles.groups_for(quimper, Role.EDITORS).exists()
    assert roles.group_of(quimper, Role.EDITORS) is None


def test_a_commune_editor_sees_only_their_commune(laval_editor, laval, chateau_gontier):
    departments, communes = roles.territories_of(laval_editor)

    assert list(departments) == []
    assert list(communes) == [laval]


def test_a_department_referent_sees_the_department_and_all_its_communes(
    mayenne_referent, mayenne, laval, chateau_gontier, quimper
):
    departments, communes = roles.territories_of(mayenne_referent)

    assert list(departments) == [mayenne]
    assert set(communes) == {laval, chateau_gontier}


def test_territories_of_can_keep_one_role(mayenne_referent, laval):
    departments, communes = roles.territories_of(mayenne_referent, role=Role.EDITORS)

    assert not departments.exists()
    assert not communes.exists()


def test_moderators_and_administrators_see_everything(moderator, administrator, laval, quimper):
    for user in (moderator, administrator):
        departments, communes = roles.territories_of(user)
        assert departments.count() == 2
        assert set(communes) == {laval, quimper}


def test_anonymous_and_inactive_users_see_nothing(laval_editor):
    laval_editor.is_active = False
    for user in (AnonymousUser(), laval_editor):
        departments, communes = roles.territories_of(user)
        assert not departments.exists()
        assert not communes.exists()


def test_territories_of_runs_a_fixed_number_of_queries(
    mayenne_referent, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        departments, communes = roles.territories_of(mayenne_referent)
        list(departments)
        list(communes)


def test_a_user_in_no_group_sees_nothing(db):
    user = get_user_model().objects.create_user(username="personne")

    departments, communes = roles.territories_of(user)

    assert not departments.exists()
    assert not communes.exists()
