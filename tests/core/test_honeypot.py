"""The honeypot's one behaviour, in each public form that has it: a robot that fills the hidden
field gets the answer of a success, and nothing is saved or sent. The field itself is out of
sight and out of reach: in an aria-hidden container, never focused, never filled by a browser."""

import re

import pytest
from django.core import mail
from wagtail.models import Locale, WorkflowState

from core.honeypot import HoneypotForm
from pages.models import InitiativePage
from snippets.models import Gesture, GestureCategory
from tests.factories.volunteers import VolunteerFactory
from volunteers.models import Volunteer

ROBOT = {"website": "http://spam.example"}


class Contact(HoneypotForm):
    from django import forms

    email = forms.EmailField()


def test_the_field_comes_last_and_only_a_filled_one_is_a_robot():
    assert list(Contact().fields) == ["email", "website"]
    assert not Contact({"email": "a@example.org", "website": "  "}).caught_robot()
    assert Contact({"email": "a@example.org", **ROBOT}).caught_robot()


@pytest.mark.parametrize(
    "url",
    [
        "/je-participe/",
        "/je-participe/mon-espace/",
        "/gestes/proposer/",
        "/proposer-une-initiative/",
    ],
)
def test_the_field_is_hidden_from_people_and_assistive_technologies(client, laval_page, url):
    html = client.get(url).content.decode()
    container = re.search(r'<div class="honeypot" aria-hidden="true">(.*?)</div>', html, re.S)
    assert container, url
    field = re.search(r'<input[^>]*name="website"[^>]*>', container[1])[0]
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field
    assert html.count('name="website"') == 1


def sign_up(**extra):
    return {
        "first_name": "Camille",
        "last_name": "Durand",
        "email": "camille.durand@exemple.invalid",
        "phone": "06 12 34 56 78",
        "postal_code": "53000",
        "commune": "",
        "kinds": ["neighbourly"],
        "availability": ["weekend-morning"],
        "charter": "on",
        "contact_consent": "on",
        **extra,
    }


def test_sign_up(client, laval):
    robot = client.post("/je-participe/", sign_up(**ROBOT))
    assert Volunteer.objects.count() == 0
    assert mail.outbox == []
    person = client.post("/je-participe/", sign_up())
    assert Volunteer.objects.count() == 1
    assert (robot.status_code, robot["Location"]) == (person.status_code, person["Location"])


def test_space_link_request(client, laval):
    VolunteerFactory(commune=laval, email="camille@exemple.invalid")
    robot = client.post("/je-participe/mon-espace/", {"email": "camille@exemple.invalid", **ROBOT})
    assert mail.outbox == []
    person = client.post("/je-participe/mon-espace/", {"email": "camille@exemple.invalid"})
    assert len(mail.outbox) == 1
    assert robot.status_code == person.status_code == 200
    assert robot.context["sent"] and person.context["sent"]
    assert "un message est en route" in robot.content.decode()


@pytest.fixture
def category(db):
    return GestureCategory.objects.create(
        locale=Locale.get_default(), name="Liens entre voisins", slug="liens-entre-voisins"
    )


def suggestion(category, **extra):
    return {
        "title": "Réparer le vélo d'un voisin",
        "summary": "Une heure pour remettre en état le vélo d'un voisin.",
        "how_to": "Regardez les freins et les pneus, puis demandez un atelier à la mairie.",
        "category": str(category.pk),
        "kind": "neighbourly",
        "name": "Alex Martin",
        "email": "alex.martin@example.org",
        **extra,
    }


def test_gesture_suggestion(client, category):
    robot = client.post("/gestes/proposer/", suggestion(category, **ROBOT))
    assert not Gesture.objects.exists()
    person = client.post("/gestes/proposer/", suggestion(category))
    assert Gesture.objects.count() == 1
    assert (robot.status_code, robot["Location"]) == (person.status_code, person["Location"])


def test_initiative_proposal(client, laval_page, django_capture_on_commit_callbacks):
    url = "/mayenne/laval/proposer-une-initiative/"
    proposal = {
        "title": "Le café des voisins",
        "summary": "Chaque samedi, un café à la médiathèque.",
        "description": "Une dizaine de bénévoles accueillent les habitants.",
        "tips": "Commencer petit.",
        "name": "Camille Martin",
        "email": "camille@example.org",
        **ROBOT,
    }
    with django_capture_on_commit_callbacks(execute=True):
        robot = client.post(url, proposal, follow=True)
    assert not InitiativePage.objects.exists()
    assert not WorkflowState.objects.exists()
    assert mail.outbox == []
    # The thanks a person reads after a proposal (its follow-up page cannot exist).
    assert robot.redirect_chain[0][1] == 302
    assert "Merci ! Nous vous avons envoyé un e-mail" in robot.content.decode()
