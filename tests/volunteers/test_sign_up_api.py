"""Signing up through the API (POST /api/v2/sign-up/), for a front end on another site: the same
form, limits, honeypot and double opt-in as the site's page, JSON in and out, nothing echoed."""

import json
import re

import pytest
from django.core import mail

from volunteers.models import Volunteer
from volunteers.submissions import RATE_LIMIT, TARGET_LIMIT

from .conftest import sign_up_data

pytestmark = pytest.mark.django_db

URL = "/api/v2/sign-up/"
ORIGIN = "https://front.example.org"


def payload(**overrides) -> dict:
    """The page's form data as a front end sends it: booleans and lists, no honeypot."""
    data = {**sign_up_data(), "charter": True, "contact_consent": True}
    del data["website"], data["commune"]
    data.update(overrides)
    return data


def post(client, data, remote_addr="127.0.0.1", **headers):
    return client.post(
        URL,
        json.dumps(data),
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR=remote_addr,
    )


def test_a_sign_up_is_accepted_its_link_sent_and_nothing_echoed(
    client, laval, gestures, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):  # as the page's post
        response = post(client, payload(gestures=[gestures[0].pk, gestures[2].pk]))
    assert response.status_code == 202
    assert set(response.json()) == {"message"}
    assert "message est en route" in response.json()["message"]
    for personal in ("Camille", "Durand", "camille", "06", "Bricolage"):
        assert personal not in response.content.decode()
    assert not response.cookies
    volunteer = Volunteer.objects.get()
    assert volunteer.confirmed_at is None  # nothing counts before the link is clicked
    assert volunteer.commune == laval
    assert set(volunteer.gestures.all()) == {gestures[0], gestures[2]}
    assert volunteer.availability_codes == ["weekend-morning"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille.durand@exemple.invalid"]
    assert "/je-participe/confirmer/" in mail.outbox[0].body


def test_the_page_and_the_api_share_the_rate_limit_of_one_client(client, laval):
    """One submission behind both: a client cannot double its sends by using both."""
    for n in range(RATE_LIMIT // 2):
        assert (
            client.post("/je-participe/", sign_up_data(email=f"p{n}@exemple.invalid")).status_code
            == 302
        )
    codes = [
        post(client, payload(email=f"api{n}@exemple.invalid")).status_code
        for n in range(RATE_LIMIT)
    ]
    assert codes == [202] * (RATE_LIMIT - RATE_LIMIT // 2) + [429] * (RATE_LIMIT // 2)
    assert Volunteer.objects.count() == RATE_LIMIT
    assert len(mail.outbox) == RATE_LIMIT
    limited = post(client, payload(email="encore@exemple.invalid"))
    assert limited.status_code == 429
    assert limited["Retry-After"] == "3600"
    assert "Trop de formulaires" in limited.json()["message"]


def test_one_address_gets_its_limit_of_e_mails_and_the_answer_says_nothing(client, laval):
    answers = [
        post(client, payload(), remote_addr=f"198.51.100.{n}") for n in range(TARGET_LIMIT + 2)
    ]
    assert {answer.status_code for answer in answers} == {202}
    assert len({answer.content for answer in answers}) == 1
    assert len(mail.outbox) == TARGET_LIMIT
    assert Volunteer.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "missing", "email", "charter"),
    [
        ("fr", "Champ requis.", "Saisissez une adresse e-mail valide.", "charte"),
        ("en", "This field is required.", "Enter a valid email address.", "charter"),
    ],
)
def test_errors_come_field_by_field_in_the_language_asked(
    client, laval, language, missing, email, charter
):
    data = payload(email="pas-une-adresse", charter=False)
    del data["first_name"]
    response = post(client, data, **{"Accept-Language": language})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"first_name", "email", "charter"}
    assert errors["first_name"] == [missing]
    assert errors["email"] == [email]
    assert charter in errors["charter"][0].lower()
    assert not Volunteer.objects.exists()
    assert not mail.outbox


def test_a_postal_code_of_several_communes_asks_for_the_commune(client, laval, chateau_gontier):
    """The page's second step is an error of the commune field here, with the choice named."""
    from territories.models import PostalCode

    PostalCode.objects.get_or_create(code="53000", commune=chateau_gontier)
    response = post(client, payload())
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "commune": [
            "Le code postal 53000 est celui de plusieurs communes : choisissez la vôtre, "
            "puis envoyez à nouveau le formulaire."
        ]
    }
    assert not Volunteer.objects.exists()
    response = post(client, payload(commune=laval.pk))
    assert response.status_code == 202
    assert Volunteer.objects.get().commune == laval


def test_a_robot_is_answered_as_a_person_and_nothing_is_kept(client, laval):
    person = post(client, payload(email="personne@exemple.invalid"))
    robot = post(client, payload(website="https://spam.example"))
    assert robot.status_code == person.status_code == 202
    assert robot.content == person.content
    assert Volunteer.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "body", ["not json", "[1, 2]", '{"first_name": {"a": 1}}', '"text"', "\xff"]
)
def test_an_unreadable_body_is_a_400_in_json(client, laval, body):
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"]
    assert not Volunteer.objects.exists()


def test_only_post_is_answered(client, db):
    response = client.get(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_no_session_is_read_nor_needed(client, laval, admin_user):
    """No CSRF token, and a logged-in session changes nothing: the endpoint acts on no one's
    authority, so a request forged from another site can do no more than any client."""
    client.force_login(admin_user)
    client.handler.enforce_csrf_checks = True
    response = post(client, payload())
    assert response.status_code == 202
    assert not response.cookies


def test_cors_allows_post_from_a_configured_origin_only(client, settings, db):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    preflight = client.options(
        URL,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert "content-type" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight  # never with cookies
    other = client.options(
        URL,
        headers={
            "Origin": "https://elsewhere.example.org",
            "Access-Control-Request-Method": "POST",
        },
    )
    assert "Access-Control-Allow-Origin" not in other
    # The read endpoints stay read-only for other origins.
    reading = client.options(
        "/api/v2/pages/", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    )
    assert "POST" not in reading["Access-Control-Allow-Methods"]


def test_the_answer_carries_cors_for_a_configured_origin(client, settings, laval):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    allowed = post(client, payload(), Origin=ORIGIN)
    assert allowed.status_code == 202
    assert allowed["Access-Control-Allow-Origin"] == ORIGIN
    assert "Cache-Control" not in allowed or "public" not in allowed["Cache-Control"]
    other = post(client, payload(email="autre@exemple.invalid"), Origin="https://elsewhere.org")
    assert "Access-Control-Allow-Origin" not in other


def test_a_sign_up_for_an_action_leads_to_its_registration(client, laval, make_action):
    """`?action=`, as on the site's page: once confirmed, the volunteer is offered the action."""
    action = make_action()
    answer = post_to(client, f"{URL}?action={action.pk}", payload())
    assert answer.status_code == 202
    link = re.search(r"http://testserver(/je-participe/confirmer/\S+/)", mail.outbox[0].body)[1]
    confirmed = client.get(link).content.decode()
    assert "Nettoyage des berges" in confirmed and action.url in confirmed
    # An unknown action, or one without registration, is ignored: a plain sign-up.
    other = post_to(client, f"{URL}?action=999999", payload(email="autre@exemple.invalid"))
    assert other.status_code == 202


def post_to(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")
