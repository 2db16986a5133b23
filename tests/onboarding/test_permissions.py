"""The roles through Wagtail's own permission machinery: the page permission tester, the admin
edit view over HTTP, and the image collections."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from onboarding.models import TerritoryCollection
from tests.factories.pages import ImageFactory, NewsIndexPageFactory, NewsPageFactory

image_policy = policy_registry.get_by_type(get_image_model())


def can_edit(user, page) -> bool:
    return page.permissions_for_user(user).can_edit()


def edit_view_status(client, user, page) -> int:
    """The status of the admin edit view: 200 when allowed; Wagtail redirects a refusal."""
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    if response.status_code == 302:
        assert not response.url.startswith(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return response.status_code


@pytest.fixture
def laval_news(laval_page):
    index = NewsIndexPageFactory(parent=laval_page)
    return NewsPageFactory(parent=index, title="Le jardin partagé rouvre")


@pytest.fixture
def chateau_gontier_page(laval_page, chateau_gontier):
    from onboarding.services import onboard_commune

    return onboard_commune("53062")


# --- A commune's editors ------------------------------------------------------------------


def test_commune_editor_edits_and_publishes_their_commune_page(laval_editor, laval_page, client):
    permissions = laval_page.permissions_for_user(laval_editor)

    assert permissions.can_edit()
    assert permissions.can_publish()
    assert permissions.can_add_subpage()
    assert permissions.can_lock()
    assert edit_view_status(client, laval_editor, laval_page) == 200


def test_commune_editor_edits_and_publishes_their_news(laval_editor, laval_news, client):
    permissions = laval_news.permissions_for_user(laval_editor)

    assert permissions.can_edit()
    assert permissions.can_publish()
    assert edit_view_status(client, laval_editor, laval_news) == 200


def test_commune_editor_cannot_edit_other_commune(laval_editor, quimper_page, client):
    assert not can_edit(laval_editor, quimper_page)
    assert not quimper_page.permissions_for_user(laval_editor).can_publish()
    assert edit_view_status(client, laval_editor, quimper_page) == 302


def test_commune_editor_cannot_edit_a_neighbour_in_the_same_department(
    laval_editor, chateau_gontier_page, client
):
    assert not can_edit(laval_editor, chateau_gontier_page)
    assert edit_view_status(client, laval_editor, chateau_gontier_page) == 302


def test_commune_editor_cannot_edit_their_department_page(laval_editor, mayenne_page, client):
    permissions = mayenne_page.permissions_for_user(laval_editor)

    assert not permissions.can_edit()
    assert not permissions.can_add_subpage()
    assert edit_view_status(client, laval_editor, mayenne_page) == 302


def test_commune_editor_cannot_edit_the_national_home(laval_editor, home_page, client):
    assert not can_edit(laval_editor, home_page)
    assert edit_view_status(client, laval_editor, home_page) == 302


# --- A department's editors ---------------------------------------------------------------


def test_department_editor_edits_the_department_and_its_communes(
    mayenne_editor, mayenne_page, laval_page, laval_news, client
):
    for page in (mayenne_page, laval_page, laval_news):
        permissions = page.permissions_for_user(mayenne_editor)
        assert permissions.can_edit()
        assert permissions.can_publish()
        assert edit_view_status(client, mayenne_editor, page) == 200
    assert mayenne_page.permissions_for_user(mayenne_editor).can_add_subpage()


def test_department_editor_cannot_edit_another_department(
    mayenne_editor, finistere_page, quimper_page, client
):
    for page in (finistere_page, quimper_page):
        assert not can_edit(mayenne_editor, page)
        assert edit_view_status(client, mayenne_editor, page) == 302


# --- Referents ----------------------------------------------------------------------------


def test_commune_referent_edits_no_page(laval_referent, laval_page, laval_news, client):
    for page in (laval_page, laval_news, laval_page.get_parent()):
        permissions = page.permissions_for_user(laval_referent)
        assert not permissions.can_edit()
        assert not permissions.can_add_subpage()
        assert edit_view_status(client, laval_referent, page) == 302


def test_referents_reach_the_admin_dashboard(laval_referent, mayenne_referent, client):
    for user in (laval_referent, mayenne_referent):
        client.force_login(user)
        assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_department_referent_edits_no_page(mayenne_referent, mayenne_page, laval_page, client):
    for page in (mayenne_page, laval_page):
        assert not can_edit(mayenne_referent, page)
        assert edit_view_status(client, mayenne_referent, page) == 302


# --- Moderators and administrators --------------------------------------------------------


def test_moderator_edits_and_publishes_anywhere_but_creates_no_page(
    moderator, home_page, mayenne_page, laval_page, quimper_page, laval_news, client
):
    for page in (home_page, mayenne_page, laval_page, quimper_page, laval_news):
        permissions = page.permissions_for_user(moderator)
        assert permissions.can_edit()
        assert permissions.can_publish()
        assert permissions.can_unpublish()
        assert not permissions.can_add_subpage()
        assert edit_view_status(client, moderator, page) == 200


def test_administrator_does_everything(administrator, mayenne_page, quimper_page, client):
    for page in (mayenne_page, quimper_page):
        permissions = page.permissions_for_user(administrator)
        assert permissions.can_edit()
        assert permissions.can_publish()
        assert permissions.can_add_subpage()
        assert permissions.can_delete()
        assert edit_view_status(client, administrator, page) == 200


# --- Deleting territory pages -------------------------------------------------------------


def test_commune_editor_cannot_delete_their_commune_page(laval_editor, laval_page, client):
    # Wagtail itself refuses to let an editor delete a page with children (its agenda):
    # without them, it is our hook that keeps the page and says why.
    for child in laval_page.get_children():
        child.delete()
    client.force_login(laval_editor)

    response = client.post(reverse("wagtailadmin_pages:delete", args=[laval_page.pk]))

    assert response.status_code == 302
    assert type(laval_page).objects.filter(pk=laval_page.pk).exists()
    response = client.get(response.url)
    assert response.status_code == 200
    assert "Seul un administrateur peut supprimer la page d&#x27;un département" in (
        response.content.decode()
    )


def test_commune_editor_cannot_delete_their_commune_page_and_its_agenda(
    laval_editor, laval_page, client
):
    assert laval_page.get_children().exists()
    client.force_login(laval_editor)

    response = client.post(reverse("wagtailadmin_pages:delete", args=[laval_page.pk]))

    assert response.status_code == 302
    assert type(laval_page).objects.filter(pk=laval_page.pk).exists()
    assert laval_page.get_children().exists()


def test_department_editor_cannot_delete_a_commune_page(mayenne_editor, laval_page, client):
    client.force_login(mayenne_editor)

    client.post(reverse("wagtailadmin_pages:delete", args=[laval_page.pk]))

    assert type(laval_page).objects.filter(pk=laval_page.pk).exists()


def test_department_editor_cannot_bulk_delete_a_commune_page(mayenne_editor, laval_page, client):
    client.force_login(mayenne_editor)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))

    client.post(f"{url}?id={laval_page.pk}")

    assert type(laval_page).objects.filter(pk=laval_page.pk).exists()


def test_commune_editor_still_deletes_their_news(laval_editor, laval_news, client):
    client.force_login(laval_editor)

    client.post(reverse("wagtailadmin_pages:delete", args=[laval_news.pk]))

    assert not type(laval_news).objects.filter(pk=laval_news.pk).exists()


def test_administrator_deletes_a_commune_page(administrator, laval_page, client):
    client.force_login(administrator)

    client.post(reverse("wagtailadmin_pages:delete", args=[laval_page.pk]))

    assert not type(laval_page).objects.filter(pk=laval_page.pk).exists()


def test_territory_pages_are_created_through_onboarding(administrator, mayenne_page, client):
    client.force_login(administrator)

    response = client.get(
        reverse("wagtailadmin_pages:add", args=["pages", "communepage", mayenne_page.pk])
    )

    assert response.status_code == 302
    assert response.url == reverse("onboarding:engage_commune") + "?department=53"


# --- Images -------------------------------------------------------------------------------


def png_upload(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#1f4e79").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def laval_collection(laval_page, laval):
    return TerritoryCollection.objects.get(commune=laval).collection


@pytest.fixture
def quimper_collection(quimper_page, quimper):
    return TerritoryCollection.objects.get(commune=quimper).collection


def test_commune_editor_may_use_their_collection_only(
    laval_editor, laval_collection, quimper_collection
):
    for action in ("add", "change", "choose"):
        collections = set(image_policy.collections_user_has_permission_for(laval_editor, action))
        assert laval_collection in collections
        assert quimper_collection not in collections


def test_commune_editor_uploads_an_image_to_their_collection(
    laval_editor, laval_collection, client
):
    client.force_login(laval_editor)

    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Jardin", "file": png_upload("jardin.png"), "collection": laval_collection.pk},
    )

    assert response.status_code == 302
    assert get_image_model().objects.get(title="Jardin").collection == laval_collection


def test_commune_editor_cannot_upload_to_another_commune_collection(
    laval_editor, laval_collection, quimper_collection, client
):
    client.force_login(laval_editor)

    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Port", "file": png_upload("port.png"), "collection": quimper_collection.pk},
    )

    # Wagtail offers only the editor's collections: the image can only land in Laval's.
    assert response.status_code == 302
    assert get_image_model().objects.get(title="Port").collection == laval_collection
    assert not get_image_model().objects.filter(collection=quimper_collection).exists()


def test_commune_editor_sees_the_images_of_their_collection_only(
    laval_editor, laval_collection, quimper_collection, client
):
    ImageFactory(title="Place de la Trémoille", collection=laval_collection)
    ImageFactory(title="Cathédrale Saint-Corentin", collection=quimper_collection)
    client.force_login(laval_editor)

    content = client.get(reverse("wagtailimages:index")).content.decode()

    assert "Place de la Trémoille" in content
    assert "Cathédrale Saint-Corentin" not in content


def test_department_editor_uses_the_collections_of_its_communes(
    mayenne_editor, laval_collection, quimper_collection
):
    collections = set(image_policy.collections_user_has_permission_for(mayenne_editor, "add"))

    assert laval_collection in collections
    assert quimper_collection not in collections
