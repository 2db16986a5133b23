"""Asking for the link of one's volunteer space through the API (POST /api/v2/space-link/): the
same form, honeypot, limits and job as the space's page; the answer says the same for anyone."""

import json

import pytest
from django.core import mail

from core.models import OutgoingEmail
from volunteers.submissions import RATE_LIMIT, TARGET_LIMIT

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db

URL = "/api/v2/space-link/"
ORIGIN = "https://front.example.org"


def post(client, data, remote_addr="127.0.0.1", **headers):
    return client.post(
        URL,
        json.dumps(data),
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR=remote_addr,
    )


def test_a_volunteer_gets_the_link_and_anyone_the_same_answer(
    client, laval, django_assert_max_num_queries
):
    camille = make_volunteer(laval, 1, first_name="Camille")
    with django_assert_max_num_queries(15):
        known = post(client, {"email": camille.email})
    unknown = post(client, {"email": "personne@exemple.invalid"})
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    assert "un message est en route" in known.json()["message"]
    assert camille.email not in known.content.decode()
    assert [message.to for message in mail.outbox] == [[camille.email]]
    assert "Le lien de votre espace bénévole" in mail.outbox[0].subject
    assert OutgoingEmail.objects.count() == 1
    assert not known.cookies  # the space opens on the site's page, from the e-mail


@pytest.mark.parametrize(
    ("language", "required", "invalid"),
    [
        ("fr", "Champ requis.", "Saisissez une adresse e-mail valide."),
        ("en", "This field is required.", "Enter a valid email address."),
    ],
)
def test_errors_come_in_the_language_asked(client, db, language, required, invalid):
    lang = {"Accept-Language": language}
    assert post(client, {}, **lang).json() == {"errors": {"email": [required]}}
    answer = post(client, {"email": "pas-une-adresse"}, **lang)
    assert answer.status_code == 400
    assert answer.json() == {"errors": {"email": [invalid]}}
    assert not mail.outbox


def test_a_robot_is_answered_as_a_person_and_nothing_is_sent(client, laval):
    camille = make_volunteer(laval, 1)
    robot = post(client, {"email": camille.email, "website": "https://spam.example"})
    assert robot.status_code == 202
    assert not mail.outbox
    assert robot.content == post(client, {"email": camille.email}).content
    assert len(mail.outbox) == 1


def test_the_page_and_the_api_share_the_limits(client, laval):
    camille = make_volunteer(laval, 1)
    assert client.post("/je-participe/mon-espace/", {"email": camille.email}).status_code == 200
    answers = [
        post(client, {"email": camille.email}, remote_addr=f"198.51.100.{n}")
        for n in range(TARGET_LIMIT + 1)
    ]
    assert {answer.status_code for answer in answers} == {202}
    assert len(mail.outbox) == TARGET_LIMIT
    codes = [
        post(client, {"email": f"p{n}@exemple.invalid"}).status_code for n in range(RATE_LIMIT)
    ]
    assert codes == [202] * (RATE_LIMIT - 1) + [429]


def test_cors_allows_post_from_a_configured_origin_only(client, settings, db):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    preflight = client.options(
        URL, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    )
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    other = client.options(
        URL,
        headers={
            "Origin": "https://elsewhere.example.org",
            "Access-Control-Request-Method": "POST",
        },
    )
    assert "Access-Control-Allow-Origin" not in other
