"""The Wagtail editor refuses unreadable colours and a commune outside the parent department,
says why, and saves nothing."""

import pytest
from django.urls import reverse
from wagtail.models import Revision
from wagtail.users.models import UserProfile

from pages.models import CommunePage
from tests.factories.territories import CommuneFactory, DepartmentFactory

from .admin_forms import territory_page_form


@pytest.fixture(autouse=True)
def admin_speaks_english(administrator):
    """The admin speaks the user's language: English, the language the messages are written in."""
    UserProfile.objects.update_or_create(user=administrator, defaults={"preferred_language": "en"})


def commune_page_form(commune, **changes) -> dict:
    return territory_page_form(title=commune.name, slug=commune.slug, commune=commune.pk, **changes)


def test_editing_a_commune_with_a_too_light_colour_shows_why_and_saves_nothing(
    admin_client, themed_laval_page
):
    revisions = Revision.objects.count()
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[themed_laval_page.pk]),
        commune_page_form(
            themed_laval_page.commune, primary_colour="#ffcc00", contact_name="Changé"
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "#ffcc00 has a contrast of 1.51:1 with white text; 4.5:1 is needed (WCAG AA)." in html
    assert "Try the darker #8f7200." in html
    themed_laval_page.refresh_from_db()
    assert themed_laval_page.primary_colour == ""
    assert themed_laval_page.contact_name == "Mairie de Laval"
    assert Revision.objects.count() == revisions


def test_editing_a_commune_with_readable_colours_saves_them(admin_client, themed_laval_page):
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[themed_laval_page.pk]),
        commune_page_form(
            themed_laval_page.commune, primary_colour="#8f7200", secondary_colour="#fff4cc"
        ),
    )
    assert response.status_code == 302
    draft = CommunePage.objects.get(pk=themed_laval_page.pk).get_latest_revision_as_object()
    assert (draft.primary_colour, draft.secondary_colour) == ("#8f7200", "#fff4cc")


def test_the_commune_page_form_refuses_a_commune_of_another_department(
    themed_mayenne_page, administrator
):
    # The admin's "add page" view hands commune pages to onboarding, which uses this form's
    # rule too: it is tested on the form itself.
    le_mans = CommuneFactory(
        code="72181", name="Le Mans", slug="le-mans", department=DepartmentFactory(code="72")
    )
    form_class = CommunePage.get_edit_handler().get_form_class()
    form = form_class(
        commune_page_form(le_mans),
        instance=CommunePage(),
        parent_page=themed_mayenne_page,
        for_user=administrator,
    )
    assert not form.is_valid()
    assert form.errors["commune"] == ["Le Mans is not in the department of Mayenne."]
    assert not CommunePage.objects.filter(commune=le_mans).exists()
