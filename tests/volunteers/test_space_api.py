"""The volunteer space through the API (/api/v2/space/...): the e-mailed link's token opened
once for a visit's token, sent as a Bearer token; then what the space's pages do, through the
same forms and services, in JSON, never cached; a missing or spent token is a 401."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from tests.rows import count_rows
from volunteers import services, tokens
from volunteers.models import Registration, Volunteer
from volunteers.space import space_url

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db

ORIGIN = "https://front.example.org"
Status = Registration.Status


def post(client, url, data=None, token="", **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.post(
        url, json.dumps(data or {}), content_type="application/json", headers=headers
    )


def get(client, url, token, **headers):
    return client.get(url, headers={"Authorization": f"Bearer {token}", **headers})


def mailed_token(volunteer) -> str:
    return space_url(volunteer).rstrip("/").rsplit("/", 1)[1]


def visit(client, volunteer) -> str:
    volunteer.refresh_from_db(fields=["space_generation"])
    answer = post(client, "/api/v2/space/open/", {"token": mailed_token(volunteer)})
    assert answer.status_code == 200, answer.content
    return answer.json()["token"]


def test_the_e_mailed_link_opens_once_and_gives_a_visit(client, laval):
    camille = make_volunteer(laval, 1, first_name="Camille")
    post(client, "/api/v2/space-link/", {"email": camille.email})
    token = re.search(r"/je-participe/mon-espace/([^/\s]+)/", mail.outbox[0].body)[1]
    # The e-mailed token itself opens no endpoint: it is spent first, once.
    refused = get(client, "/api/v2/space/", token)
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Bearer")
    opened = post(client, "/api/v2/space/open/", {"token": token})
    assert opened.status_code == 200
    assert "no-store" in opened["Cache-Control"]
    again = post(client, "/api/v2/space/open/", {"token": token})
    assert again.status_code == 400
    assert (
        "déjà" in again.json()["errors"]["token"][0]
        or "une fois" in again.json()["errors"]["token"][0]
    )
    home = get(client, "/api/v2/space/", opened.json()["token"])
    assert home.status_code == 200
    assert "no-store" in home["Cache-Control"] and "ETag" not in home
    assert home.json()["volunteer"]["first_name"] == "Camille"
    assert home.json()["volunteer"]["commune"] == {"code": "53130", "name": "Laval"}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_token_or_a_wrong_one_is_a_401_in_the_language_asked(client, laval, language):
    volunteer = make_volunteer(laval, 1)
    lang = {"Accept-Language": language}
    for url in ("/api/v2/space/", "/api/v2/space/data/"):
        answer = client.get(url, headers=lang)
        assert answer.status_code == 401
        expected = "Bearer" if language == "en" else "Envoyez"
        assert expected in answer.json()["message"]
        assert get(client, url, "nimporte-quoi", **lang).status_code == 401
    answer = post(client, "/api/v2/space/erase/", {"confirm": True}, "abc", **lang)
    assert answer.status_code == 401
    volunteer.refresh_from_db()
    assert volunteer.erased_at is None


def test_the_volunteer_edits_their_details_commune_and_e_mails(
    client, laval, ernee, gestures, django_assert_max_num_queries
):
    volunteer = make_volunteer(laval, 1)
    token = visit(client, volunteer)
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "phone": "06 11 22 33 44",
        "gestures": [gestures[0].pk, gestures[3].pk],  # a draft gesture is refused
        "kinds": ["neighbourly"],
    }
    refused = post(client, "/api/v2/space/profile/", data, token)
    assert refused.status_code == 400 and set(refused.json()["errors"]) == {"gestures"}
    volunteer.refresh_from_db()
    assert volunteer.first_name != "Camille"
    data["gestures"] = [gestures[0].pk]
    with django_assert_max_num_queries(30):
        saved = post(client, "/api/v2/space/profile/", data, token)
    assert saved.status_code == 200
    assert saved.json()["message"] == "Vos coordonnées sont enregistrées."
    assert saved.json()["volunteer"]["gestures"] == [gestures[0].pk]
    assert saved.json()["volunteer"]["phone"] == "0611223344"
    # 53500 serves Ernée and Montenay: which one is the commune's error.
    asked = post(client, "/api/v2/space/commune/", {"postal_code": "53500"}, token)
    assert asked.status_code == 400 and "commune" in asked.json()["errors"]
    moved = post(
        client, "/api/v2/space/commune/", {"postal_code": "53500", "commune": ernee.pk}, token
    )
    assert moved.json()["volunteer"]["commune"]["name"] == "Ernée"
    stopped = post(client, "/api/v2/space/emails/", {"emails": "stop"}, token)
    assert stopped.json()["volunteer"]["emails_stopped"] is True
    assert post(client, "/api/v2/space/emails/", {"emails": "x"}, token).status_code == 400
    resumed = post(client, "/api/v2/space/emails/", {"emails": "resume"}, token)
    assert resumed.json()["volunteer"]["emails_stopped"] is False


def test_the_volunteer_cancels_and_records_hours_of_their_own_registrations_only(
    client, laval, make_action
):
    upcoming, past = make_action(capacity=1), make_action(slug="passee")
    first, second = make_volunteer(laval, 1), make_volunteer(laval, 2)
    mine = services.register(first, upcoming)
    services.register(second, upcoming)  # waiting
    held = services.register(first, past)
    ended = timezone.now() - dt.timedelta(days=2)
    type(past).objects.filter(pk=past.pk).update(start=ended - dt.timedelta(hours=2), end=ended)
    token = visit(client, first)
    home = get(client, "/api/v2/space/", token).json()
    assert [item["id"] for item in home["upcoming"]] == [mine.pk]
    assert home["past"][0]["hours_open"] is True and home["past"][0]["hours"] is None
    theirs = Registration.objects.get(volunteer=second)
    for url in (f"registrations/{theirs.pk}/cancel/", f"registrations/{mine.pk}/hours/"):
        refused = post(client, f"/api/v2/space/{url}", {"hours": 2}, token)
        assert refused.status_code == 404  # not theirs; an action not over takes no hours
    assert Registration.objects.get(volunteer=second).status == Status.WAITING
    mail.outbox.clear()
    cancelled = post(client, f"/api/v2/space/registrations/{mine.pk}/cancel/", {}, token)
    assert cancelled.status_code == 200 and cancelled.json()["upcoming"] == []
    assert Registration.objects.get(volunteer=second).status == Status.REGISTERED
    assert [message.to for message in mail.outbox] == [[second.email]]
    url = f"/api/v2/space/registrations/{held.pk}/hours/"
    assert "hours" in post(client, url, {"hours": 40}, token).json()["errors"]
    recorded = post(client, url, {"hours": 2.5}, token)
    assert recorded.status_code == 200
    assert recorded.json()["hours_total"] == 2.5
    held.refresh_from_db()
    assert held.hours == Decimal("2.5")


def test_the_space_answers_in_bounded_queries_and_rows(
    client, laval, make_action, django_assert_max_num_queries
):
    volunteer = make_volunteer(laval, 1)
    for n in range(6):
        services.register(volunteer, make_action(slug=f"action-{n}"))
    token = visit(client, volunteer)
    with django_assert_max_num_queries(12), count_rows() as read:
        answer = get(client, "/api/v2/space/", token)
    assert len(answer.json()["upcoming"]) == 6
    assert read.rows <= 40, read.by_query


def test_data_forget_devices_and_erasure(client, laval, make_action):
    volunteer = make_volunteer(laval, 1, first_name="Camille")
    services.register(volunteer, make_action())
    token = visit(client, volunteer)
    data = get(client, "/api/v2/space/data/", token)
    assert data.status_code == 200 and "no-store" in data["Cache-Control"]
    assert data.json()["registrations"][0]["action"] == "Nettoyage des berges"
    generation = volunteer.device_generation
    assert post(client, "/api/v2/space/forget-devices/", {}, token).status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.device_generation == generation + 1
    unconfirmed = post(client, "/api/v2/space/erase/", {}, token)
    assert unconfirmed.status_code == 400 and "confirm" in unconfirmed.json()["errors"]
    assert post(client, "/api/v2/space/erase/", {"confirm": True}, token).status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.erased_at is not None and volunteer.first_name == ""
    assert not Registration.objects.exclude(status=Status.CANCELLED).exists()
    gone = get(client, "/api/v2/space/", token)
    assert gone.status_code == 401
    assert Volunteer.objects.filter(first_name="Camille").count() == 0


def test_another_origin_may_call_the_space_with_its_token(client, laval, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    volunteer = make_volunteer(laval, 1)
    preflight = client.options(
        "/api/v2/space/profile/",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight
    answer = get(client, "/api/v2/space/", visit(client, volunteer), Origin=ORIGIN)
    assert answer.status_code == 200 and answer["Access-Control-Allow-Origin"] == ORIGIN
    assert tokens.SPACE  # the visit's token is the space's own purpose
