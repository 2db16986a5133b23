"""Registering, and cancelling, through the API with the token of an e-mailed link (POST
/api/v2/registrations/ and /api/v2/registrations/cancel/): the same services as the links'
pages, the same places and waiting list and e-mails; a link that opens nothing is a field's
error in the request's language."""

import json
import re

import pytest
from django.core import mail

from volunteers import services, tokens
from volunteers.models import Registration

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db

ORIGIN = "https://front.example.org"
Status = Registration.Status


def post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def register_token(volunteer, action) -> str:
    return services.registration_link(volunteer, action).rstrip("/").rsplit("/", 1)[1]


def test_the_e_mailed_link_registers_through_the_api_then_the_waiting_list(
    client, laval, make_action, django_assert_max_num_queries
):
    action = make_action(capacity=1)
    first, second = make_volunteer(laval, 1), make_volunteer(laval, 2)
    # The link the registration-link request e-mails, its token sent by the front end.
    post(client, f"/api/v2/actions/{action.pk}/registration-link/", {"email": first.email})
    link = re.search(r"/je-participe/inscription/([^/\s]+)/", mail.outbox[0].body)[1]
    mail.outbox.clear()
    with django_assert_max_num_queries(30):
        answer = post(client, "/api/v2/registrations/", {"token": link})
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["status"] == "registered"
    assert data["action"] == {"id": action.pk, "title": action.title, "url": action.full_url}
    assert "Vous êtes inscrit" in data["message"]
    assert "no-store" in answer["Cache-Control"]  # its cancel token is a secret
    assert [message.to for message in mail.outbox] == [[first.email]]  # "registered"
    # Again: nothing more, no second e-mail.
    again = post(client, "/api/v2/registrations/", {"token": link})
    assert again.json()["status"] == "registered" and len(mail.outbox) == 1
    assert Registration.objects.filter(action=action).count() == 1
    # The action is full: the next one waits.
    waiting = post(client, "/api/v2/registrations/", {"token": register_token(second, action)})
    assert waiting.json()["status"] == "waiting"
    assert "liste d'attente" in waiting.json()["message"]
    # The first cancels with the answer's token: the place goes to the second, who is told.
    mail.outbox.clear()
    cancelled = post(client, "/api/v2/registrations/cancel/", {"token": data["cancel_token"]})
    assert cancelled.status_code == 200
    assert cancelled.json() == {"message": "Votre inscription est annulée.", "status": "cancelled"}
    assert Registration.objects.get(volunteer=first).status == Status.CANCELLED
    assert Registration.objects.get(volunteer=second).status == Status.REGISTERED
    assert [message.to for message in mail.outbox] == [[second.email]]
    assert (
        post(client, "/api/v2/registrations/cancel/", {"token": data["cancel_token"]}).json()[
            "status"
        ]
        == "cancelled"
    )
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("language", "altered", "expired", "required"),
    [
        ("fr", "Le lien est incomplet", "Le lien est trop ancien", "Champ requis."),
        ("en", "The link is incomplete", "The link is too old", "This field is required."),
    ],
)
def test_a_link_that_opens_nothing_is_the_token_s_error(
    client, laval, make_action, language, altered, expired, required
):
    action = make_action()
    volunteer = make_volunteer(laval, 1)
    lang = {"Accept-Language": language}
    for url in ("/api/v2/registrations/", "/api/v2/registrations/cancel/"):
        answer = post(client, url, {"token": register_token(volunteer, action) + "x"}, **lang)
        assert answer.status_code == 400
        assert answer.json()["errors"]["token"][0].startswith(altered)
        assert post(client, url, {}, **lang).json() == {"errors": {"token": [required]}}
    old = tokens.make(
        tokens.REGISTER,
        {"v": volunteer.pk, "a": action.pk, "h": tokens.address_mark(volunteer.email)},
        at=0,
    )
    answer = post(client, "/api/v2/registrations/", {"token": old}, **lang)
    assert answer.json()["errors"]["token"][0].startswith(expired)
    # A cancel link registers nothing, a registration link cancels nothing.
    registration = services.register(volunteer, action)
    cancel_token = services.cancel_token(registration)
    assert post(client, "/api/v2/registrations/", {"token": cancel_token}).status_code == 400
    token = register_token(volunteer, action)
    assert post(client, "/api/v2/registrations/cancel/", {"token": token}).status_code == 400
    assert Registration.objects.get().status == Status.REGISTERED


def test_a_closed_or_gone_action_registers_nobody(client, laval, make_action):
    volunteer = make_volunteer(laval, 1)
    closed = make_action(slug="annulee")
    type(closed).objects.filter(pk=closed.pk).update(status="cancelled")
    answer = post(client, "/api/v2/registrations/", {"token": register_token(volunteer, closed)})
    assert answer.status_code == 409
    assert "clos" in answer.json()["message"]
    gone = make_action(slug="retiree")
    token = register_token(volunteer, gone)
    gone.unpublish()
    assert post(client, "/api/v2/registrations/", {"token": token}).status_code == 404
    assert not Registration.objects.exists() and not mail.outbox


def test_another_origin_may_post_the_token(client, laval, make_action, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    preflight = client.options(
        "/api/v2/registrations/",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in preflight
    action = make_action()
    volunteer = make_volunteer(laval, 1)
    answer = post(
        client,
        "/api/v2/registrations/",
        {"token": register_token(volunteer, action)},
        Origin=ORIGIN,
    )
    assert answer.status_code == 200
    assert answer["Access-Control-Allow-Origin"] == ORIGIN
