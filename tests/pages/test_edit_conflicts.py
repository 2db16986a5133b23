"""Two editors on one page (core/revisions.py): the one who saves second, from a page opened
before the first saved, is stopped with a message naming the other; nothing of theirs is lost
from the form, the other's version stays; saving again
from the form shown (which now carries the newest version) is a deliberate overwrite."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from pages.models import ActionPage

from .admin_forms import action_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors():
    model = get_user_model()
    camille = model.objects.create_superuser(
        "camille", "camille@example.org", "x", first_name="Camille", last_name="Roux"
    )
    dominique = model.objects.create_superuser("dominique", "dominique@example.org", "x")
    clients = []
    for user in (camille, dominique):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def latest(page):
    return ActionPage.objects.get(pk=page.pk).get_latest_revision()


def loaded_revision(client, page) -> tuple[str, str]:
    """The revision the edit form was opened on (its id and time), as the browser sends them
    back."""
    body = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    return loaded_in(body)


def loaded_in(body: str) -> tuple[str, str]:
    return (
        re.search(r'name="loaded_revision_id" value="(\d+)"', body)[1],
        re.search(r'name="loaded_revision_created_at" value="([^"]+)"', body)[1],
    )


def save(client, page, loaded: tuple[str, str], **changes):
    data = action_form(**changes)
    data["loaded_revision_id"], data["loaded_revision_created_at"] = loaded
    data.pop("action-publish", None)
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data, HTTP_ACCEPT_LANGUAGE="fr"
    )


def test_the_second_save_from_an_older_version_is_stopped_then_chosen(editors, agenda_tree):
    camille, dominique = editors
    index = agenda_tree["laval"]
    camille.post(
        reverse("wagtailadmin_pages:add", args=["pages", "actionpage", index.pk]),
        action_form(**{"action-publish": "publish"}),
    )
    page = ActionPage.objects.get(slug="jardin-du-samedi")
    opened_by_dominique = loaded_revision(dominique, page)
    opened_by_camille = loaded_revision(camille, page)
    assert opened_by_camille == opened_by_dominique

    first = save(camille, page, opened_by_camille, title="Jardin du samedi matin")
    assert first.status_code == 302

    second = save(dominique, page, opened_by_dominique, title="Jardin partagé du samedi")
    assert second.status_code == 200
    body = second.content.decode()
    assert (
        "Camille Roux" in body and "a enregistré cette page depuis que vous l’avez ouverte" in body
    )
    newest = latest(page)
    assert 'value="Jardin partagé du samedi"' in body  # their changes are still in the form
    assert latest(page).as_object().title == "Jardin du samedi matin"
    # The form shown carries the newest version: saving it again is a choice, and goes through.
    again = loaded_in(body)
    assert again[0] == str(newest.pk)
    assert save(dominique, page, again, title="Jardin partagé du samedi").status_code == 302
    assert latest(page).as_object().title == "Jardin partagé du samedi"


def test_an_up_to_date_save_and_a_new_page_are_not_stopped(editors, agenda_tree):
    camille, _dominique = editors
    index = agenda_tree["laval"]
    added = camille.post(
        reverse("wagtailadmin_pages:add", args=["pages", "actionpage", index.pk]),
        action_form(**{"action-publish": "publish"}),
    )
    assert added.status_code == 302
    page = ActionPage.objects.get(slug="jardin-du-samedi")
    for title in ("Jardin, premier", "Jardin, second"):
        assert save(camille, page, loaded_revision(camille, page), title=title).status_code == 302
    assert latest(page).as_object().title == "Jardin, second"


def test_ones_own_newer_version_is_no_conflict(editors, agenda_tree):
    """The same editor in two tabs (or after their own autosave) is not warned of themselves."""
    camille, _dominique = editors
    camille.post(
        reverse("wagtailadmin_pages:add", args=["pages", "actionpage", agenda_tree["laval"].pk]),
        action_form(**{"action-publish": "publish"}),
    )
    page = ActionPage.objects.get(slug="jardin-du-samedi")
    first_tab, second_tab = loaded_revision(camille, page), loaded_revision(camille, page)
    assert save(camille, page, first_tab, title="Jardin, onglet un").status_code == 302
    assert save(camille, page, second_tab, title="Jardin, onglet deux").status_code == 302
    assert latest(page).as_object().title == "Jardin, onglet deux"
