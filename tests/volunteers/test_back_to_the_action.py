"""A resident who is not a volunteer yet starts from an action's "register" link: the sign-up
form of the action's commune, then the confirmation page, lead back to the action, where the
device now registers in one click (found walking the site in chromium: the link led to the
national form and the confirmation page offered only the idea box)."""

import re

import pytest
from django.core import mail

from volunteers.models import Registration, Volunteer

from .conftest import sign_up_data

pytestmark = pytest.mark.django_db


def confirmation_path() -> str:
    (message,) = [m for m in mail.outbox if "/je-participe/confirmer/" in m.body]
    return re.search(r"https?://[^/\s]+(/je-participe/confirmer/\S+/)", message.body).group(1)


def test_from_the_action_to_a_place_in_it(client, laval, make_action):
    action = make_action()
    request_page = client.get(f"{action.url}inscription/").content.decode()
    sign_up_url = f"/mayenne/laval/je-participe/?action={action.pk}"
    assert f'href="{sign_up_url}"' in request_page

    form = client.get(sign_up_url).content.decode()
    assert "Nettoyage des berges" in form  # "you come back to it once confirmed"
    mail.outbox = []
    response = client.post(sign_up_url, sign_up_data(email="nouvelle@exemple.invalid"))
    assert response.status_code == 302

    confirmed = client.get(confirmation_path()).content.decode()
    assert f'href="{action.url}"' in confirmed
    assert "M’inscrire maintenant à « Nettoyage des berges »" in confirmed
    assert "Votre mairie vous contactera" in confirmed

    # The device now recognises the volunteer: one click registers.
    client.post(f"{action.url}inscription/")
    volunteer = Volunteer.objects.get(email="nouvelle@exemple.invalid")
    assert volunteer.registrations.get().status == Registration.Status.REGISTERED


@pytest.mark.parametrize("value", ["abc", "0", "-3", "99999999999999999999", "1e3", ""])
def test_a_strange_action_in_the_address_is_ignored(client, laval, make_action, value):
    make_action()
    response = client.get(f"/mayenne/laval/je-participe/?action={value}")
    assert response.status_code == 200
    assert "vous revenez à" not in response.content.decode()
    mail.outbox = []
    client.post(f"/mayenne/laval/je-participe/?action={value}", sign_up_data())
    confirmed = client.get(confirmation_path()).content.decode()
    assert "M’inscrire maintenant" not in confirmed


def test_a_volunteer_of_a_commune_not_yet_joined_is_told_so(client, laval, db):
    from tests.factories.territories import CommuneFactory, PostalCodeFactory

    chatillon = CommuneFactory(
        code="53061", name="Châtillon-sur-Colmont", department=laval.department
    )
    PostalCodeFactory(code="53100", commune=chatillon)
    mail.outbox = []
    client.post("/je-participe/", sign_up_data(postal_code="53100", commune=chatillon.pk))
    confirmed = client.get(confirmation_path()).content.decode()
    assert "n’a pas encore rejoint" in confirmed
    assert "Votre mairie vous contactera" not in confirmed
