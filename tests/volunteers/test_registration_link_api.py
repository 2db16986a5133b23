"""Asking to register for an action through the API (POST
/api/v2/actions/<id>/registration-link/): the same form, limits and magic link as the action's
page; the answer says the same for anyone, and nothing is echoed."""

import json
import re

import pytest
from django.core import mail

from core.models import OutgoingEmail
from volunteers.models import Registration
from volunteers.submissions import RATE_LIMIT, TARGET_LIMIT

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db

ORIGIN = "https://front.example.org"


def url_of(action) -> str:
    return f"/api/v2/actions/{action.pk}/registration-link/"


def post(client, action, data, remote_addr="127.0.0.1", **headers):
    return client.post(
        url_of(action),
        json.dumps(data),
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR=remote_addr,
    )


def test_a_confirmed_volunteer_gets_the_link_and_anyone_the_same_answer(
    client, laval, make_action, django_assert_max_num_queries
):
    action = make_action()
    alice = make_volunteer(laval, 1)
    with django_assert_max_num_queries(20):
        known = post(client, action, {"email": alice.email.upper()})
    unknown = post(client, action, {"email": "inconnu@exemple.invalid"})
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content  # says nothing of who is a volunteer
    assert "lien d'inscription est en route" in known.json()["message"]
    assert alice.email not in known.content.decode()
    assert [message.to for message in mail.outbox] == [[alice.email]]
    assert OutgoingEmail.objects.count() == 1
    link = re.search(r"http://testserver(/je-participe/inscription/\S+/)", mail.outbox[0].body)[1]
    assert not Registration.objects.exists()  # the link registers, on the site's page
    client.post(link)
    assert Registration.objects.get().volunteer == alice


@pytest.mark.parametrize(
    ("language", "required", "invalid"),
    [
        ("fr", "Champ requis.", "Saisissez une adresse e-mail valide."),
        ("en", "This field is required.", "Enter a valid email address."),
    ],
)
def test_errors_come_in_the_language_asked(client, make_action, language, required, invalid):
    action = make_action()
    lang = {"Accept-Language": language}
    assert post(client, action, {}, **lang).json() == {"errors": {"email": [required]}}
    answer = post(client, action, {"email": "pas-une-adresse"}, **lang)
    assert answer.status_code == 400
    assert answer.json() == {"errors": {"email": [invalid]}}
    assert not mail.outbox


def test_an_action_without_registration_or_unknown_is_a_404(client, make_action):
    free = make_action(slug="libre")
    type(free).objects.filter(pk=free.pk).update(registration_required=False)
    assert post(client, free, {"email": "a@exemple.invalid"}).status_code == 404
    draft = make_action(slug="brouillon")
    draft.unpublish()
    answer = post(client, draft, {"email": "a@exemple.invalid"})
    assert answer.status_code == 404
    assert "message" in answer.json()


def test_the_page_and_the_api_share_the_limits(client, laval, make_action):
    action = make_action()
    alice = make_volunteer(laval, 1)
    # One address: its limit of e-mails, whoever asks, and the answer stays the same.
    page = client.post(f"{action.url}inscription/", {"email": alice.email})
    assert page.status_code == 200
    answers = [
        post(client, action, {"email": alice.email}, remote_addr=f"198.51.100.{n}")
        for n in range(TARGET_LIMIT + 1)
    ]
    assert {answer.status_code for answer in answers} == {202}
    assert len(mail.outbox) == TARGET_LIMIT
    # One client: its limit of forms, page and API together.
    codes = [
        post(client, action, {"email": f"p{n}@exemple.invalid"}).status_code
        for n in range(RATE_LIMIT)
    ]
    assert codes == [202] * (RATE_LIMIT - 1) + [429]


def test_cors_allows_post_from_a_configured_origin_only(client, settings, make_action):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    action = make_action()
    preflight = client.options(
        url_of(action), headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    )
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    # The action's own read answer stays read-only for other origins.
    reading = client.options(
        f"/api/v2/actions/{action.pk}/",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert "POST" not in reading["Access-Control-Allow-Methods"]
    other = client.options(
        url_of(action),
        headers={
            "Origin": "https://elsewhere.example.org",
            "Access-Control-Request-Method": "POST",
        },
    )
    assert "Access-Control-Allow-Origin" not in other
