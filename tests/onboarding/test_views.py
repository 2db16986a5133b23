"""The admin views that engage a department or a commune."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from onboarding import roles, services
from onboarding.models import TerritoryGroup
from pages.models import CommunePage, DepartmentPage

ENGAGE_DEPARTMENT = reverse("onboarding:engage_department")
ENGAGE_COMMUNE = reverse("onboarding:engage_commune")


@pytest.fixture
def finistere_engaged(home_page, finistere):
    return services.onboard_department("29")


def test_anonymous_is_sent_to_the_login_page(client, db):
    for url in (ENGAGE_DEPARTMENT, ENGAGE_COMMUNE):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


def test_administrator_engages_a_department(administrator, home_page, mayenne, client):
    client.force_login(administrator)

    response = client.post(ENGAGE_DEPARTMENT, {"department": "53"}, follow=True)

    page = DepartmentPage.objects.get(department=mayenne)
    assert response.redirect_chain[0][0] == reverse("wagtailadmin_explore", args=[page.pk])
    assert "Mayenne est engagé : sa page, ses groupes et sa collection sont prêts." in (
        response.content.decode()
    )


def test_administrator_engages_a_commune(administrator, home_page, laval, client):
    client.force_login(administrator)

    response = client.post(ENGAGE_COMMUNE, {"commune": "53130"})

    page = CommunePage.objects.get(commune=laval)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[page.pk])
    assert roles.group_of(laval, TerritoryGroup.Role.REFERENTS) is not None


def test_administrator_engages_a_commune_by_its_name_or_postal_code(
    administrator, home_page, laval, quimper, client
):
    client.force_login(administrator)

    client.post(ENGAGE_COMMUNE, {"commune": "quimper"})
    client.post(ENGAGE_COMMUNE, {"commune": "53000"})

    assert set(CommunePage.objects.values_list("commune__code", flat=True)) == {"29232", "53130"}


def test_an_unknown_commune_is_refused_with_a_message(administrator, home_page, laval, client):
    client.force_login(administrator)

    response = client.post(ENGAGE_COMMUNE, {"commune": "99999"})

    assert response.status_code == 200
    message = "Aucune commune n&#x27;a le code INSEE ou le code postal 99999."
    assert message in response.content.decode()
    assert not CommunePage.objects.exists()


def test_an_unknown_department_is_refused_with_a_message(administrator, home_page, client):
    client.force_login(administrator)

    response = client.post(ENGAGE_DEPARTMENT, {"department": "99"})

    assert response.status_code == 200
    assert "Aucun département n&#x27;a le code 99." in response.content.decode()
    assert not DepartmentPage.objects.exists()


def test_department_editor_engages_a_commune_of_their_department(
    mayenne_editor, chateau_gontier, client
):
    client.force_login(mayenne_editor)

    response = client.post(ENGAGE_COMMUNE, {"commune": "Château-Gontier-sur-Mayenne"})

    page = CommunePage.objects.get(commune=chateau_gontier)
    assert response.status_code == 302
    assert page.live
    assert page.permissions_for_user(mayenne_editor).can_edit()
    assert page.owner == mayenne_editor


def test_department_editor_cannot_engage_a_commune_of_another_department(
    mayenne_editor, finistere_engaged, quimper, client
):
    client.force_login(mayenne_editor)
    groups_before = TerritoryGroup.objects.count()

    response = client.post(ENGAGE_COMMUNE, {"commune": "29232"})

    assert response.status_code == 200
    assert (
        "Quimper (29232) n&#x27;est pas dans votre département : "
        "vous pouvez engager les communes de Mayenne (53)." in response.content.decode()
    )
    assert not CommunePage.objects.filter(commune=quimper).exists()
    assert TerritoryGroup.objects.count() == groups_before


def test_department_editor_cannot_engage_a_department(mayenne_editor, finistere, client):
    client.force_login(mayenne_editor)

    response = client.post(ENGAGE_DEPARTMENT, {"department": "29"})

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not DepartmentPage.objects.filter(department=finistere).exists()


@pytest.mark.parametrize("user_fixture", ["laval_editor", "laval_referent", "moderator"])
def test_others_may_not_engage_communes(request, user_fixture, chateau_gontier, client):
    client.force_login(request.getfixturevalue(user_fixture))

    assert client.get(ENGAGE_COMMUNE).status_code == 302
    client.post(ENGAGE_COMMUNE, {"commune": "53062"})

    assert not CommunePage.objects.filter(commune=chateau_gontier).exists()


def test_department_editor_is_offered_the_communes_of_their_department(
    mayenne_editor, chateau_gontier, quimper, client, django_assert_max_num_queries
):
    client.force_login(mayenne_editor)

    with django_assert_max_num_queries(20):
        response = client.get(ENGAGE_COMMUNE)

    content = response.content.decode()
    assert response.status_code == 200
    assert '<option value="53062">Château-Gontier-sur-Mayenne (53062)</option>' in content
    assert "Quimper" not in content
    # Laval is already engaged: not offered again.
    assert '<option value="53130">' not in content


def test_administrator_is_offered_the_communes_of_the_department_asked_for(
    administrator, home_page, laval, quimper, client, django_assert_max_num_queries
):
    client.force_login(administrator)

    with django_assert_max_num_queries(20):
        response = client.get(ENGAGE_COMMUNE, {"department": "29"})

    content = response.content.decode()
    assert '<option value="29232">Quimper (29232)</option>' in content
    assert '<option value="53130">' not in content


def test_engage_department_form_offers_departments_not_engaged_yet(
    administrator, quimper_page, mayenne, client, django_assert_max_num_queries
):
    client.force_login(administrator)

    with django_assert_max_num_queries(20):
        response = client.get(ENGAGE_DEPARTMENT)

    content = response.content.decode()
    assert '<option value="53">Mayenne (53)</option>' in content
    assert '<option value="29">' not in content


def test_menu_shows_engage_items_to_those_allowed(administrator, mayenne_editor, client):
    client.force_login(administrator)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert ENGAGE_DEPARTMENT in content
    assert ENGAGE_COMMUNE in content

    client.force_login(mayenne_editor)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert ENGAGE_DEPARTMENT not in content
    assert ENGAGE_COMMUNE in content


def test_menu_hides_engage_items_from_commune_editors(laval_editor, client):
    client.force_login(laval_editor)

    content = client.get(reverse("wagtailadmin_home")).content.decode()

    assert ENGAGE_COMMUNE not in content


def test_department_page_header_offers_to_engage_a_commune(mayenne_editor, mayenne_page, client):
    client.force_login(mayenne_editor)

    response = client.get(reverse("wagtailadmin_explore", args=[mayenne_page.pk]))

    assert f"{ENGAGE_COMMUNE}?department=53" in response.content.decode()


def test_a_user_without_admin_access_is_refused(db, client):
    user = get_user_model().objects.create_user(username="visiteur")
    client.force_login(user)

    response = client.get(ENGAGE_COMMUNE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
