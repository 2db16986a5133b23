"""Which commune a commune page represents (and which department a department page does) is
fixed once the page is created: an editor sees it read only and a posted change is refused;
only an administrator may change it."""

import pytest
from django.urls import reverse
from wagtail.models import Revision
from wagtail.users.models import UserProfile

from tests.factories.territories import DepartmentFactory

from .admin_forms import territory_page_form

REFUSED = "Only an administrator may change which territory this page represents."


@pytest.fixture(autouse=True)
def admins_speak_english(laval_editor, mayenne_editor, administrator):
    for user in (laval_editor, mayenne_editor, administrator):
        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})


def edit(client, user, page, **changes):
    client.force_login(user)
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), territory_page_form(page, **changes)
    )


def draft_of(page):
    page.refresh_from_db()
    return page.get_latest_revision_as_object()


def test_an_editor_sees_the_commune_read_only(client, laval_editor, laval_page, chateau_gontier):
    client.force_login(laval_editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[laval_page.pk])).content.decode()
    assert '<select name="commune"' in html
    assert "disabled" in html.split('<select name="commune"')[1].split(">")[0]
    assert "Laval (53130)" in html
    assert "Château-Gontier-sur-Mayenne" not in html
    assert reverse("commune_chooser:choose") not in html


def test_an_editor_who_posts_another_commune_is_refused(
    client, laval_editor, laval_page, chateau_gontier
):
    revisions = Revision.objects.count()
    response = edit(client, laval_editor, laval_page, commune=chateau_gontier.pk)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Revision.objects.count() == revisions
    assert draft_of(laval_page).commune.code == "53130"


def test_an_editor_still_saves_the_rest_of_the_page(client, laval_editor, laval_page):
    # A disabled field is not posted by the browser: the page keeps its commune.
    response = edit(client, laval_editor, laval_page, contact_name="Hôtel de ville")
    assert response.status_code == 302
    draft = draft_of(laval_page)
    assert (draft.commune.code, draft.contact_name) == ("53130", "Hôtel de ville")
    # Posting the same commune is no change, and accepted.
    response = edit(client, laval_editor, laval_page, commune=laval_page.commune_id)
    assert response.status_code == 302


def test_an_administrator_changes_the_commune(client, administrator, laval_page, chateau_gontier):
    client.force_login(administrator)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[laval_page.pk])).content.decode()
    assert reverse("commune_chooser:choose") in html
    response = edit(client, administrator, laval_page, commune=chateau_gontier.pk)
    assert response.status_code == 302
    assert draft_of(laval_page).commune == chateau_gontier


def test_an_editor_who_posts_another_department_is_refused(client, mayenne_editor, mayenne_page):
    sarthe = DepartmentFactory(code="72", name="Sarthe", slug="sarthe")
    response = edit(client, mayenne_editor, mayenne_page, department=sarthe.pk)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert draft_of(mayenne_page).department.code == "53"
    html = client.get(reverse("wagtailadmin_pages:edit", args=[mayenne_page.pk])).content.decode()
    assert f'<option value="{sarthe.pk}"' not in html


def test_an_administrator_changes_the_department(client, administrator, mayenne_page):
    sarthe = DepartmentFactory(code="72", name="Sarthe", slug="sarthe")
    response = edit(client, administrator, mayenne_page, department=sarthe.pk)
    assert response.status_code == 302
    assert draft_of(mayenne_page).department == sarthe
