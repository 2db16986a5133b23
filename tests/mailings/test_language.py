"""The volunteer's language: chosen at sign-up (the page's by default), changed in their
space, and the language of the e-mails they receive."""

import pytest
from django.core import mail

from tests.volunteers.conftest import sign_up_data
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def test_signing_up_on_the_english_page_writes_in_english(client, laval_page, gestures):
    response = client.post("/en/je-participe/", sign_up_data())
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.language == "en"
    assert mail.outbox[-1].subject == "Confirm your sign-up to L'Heure Civique"


def test_the_language_chosen_at_sign_up_wins_over_the_page(client, laval_page, gestures):
    client.post("/en/je-participe/", sign_up_data(language="fr"))
    assert Volunteer.objects.get().language == "fr"
    assert mail.outbox[-1].subject == "Confirmez votre inscription à L'Heure Civique"


def test_an_unknown_language_is_refused_and_nothing_is_saved(client, laval_page, gestures):
    response = client.post("/je-participe/", sign_up_data(language="xx"))
    assert response.status_code == 200  # the form again, with its errors
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Volunteer.objects.exists()
