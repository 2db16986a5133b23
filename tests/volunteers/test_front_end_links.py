"""A volunteer who signed up through a front end on another site (HEADLESS_FRONT_END_URLS, by
the Origin of its sign-up) gets e-mailed links that open that front end, their token in the
address; the front end sends the token back to the API (POST /api/v2/confirmation/, the space's
open/, registrations/). Anyone else's links open the site's own pages."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from volunteers.models import Volunteer

from .conftest import make_volunteer
from .test_sign_up_api import payload

pytestmark = pytest.mark.django_db

ORIGIN = "https://front.example.org"
FRONT_END = "https://front.example.org/heure-civique/?page=/mayenne/laval/"


@pytest.fixture
def front_end(settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    settings.HEADLESS_FRONT_END_URLS = {ORIGIN: FRONT_END}


def post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def link_in(message, parameter: str) -> tuple[str, str]:
    """The front end's link in `message` and the token it carries as `parameter`."""
    link = re.search(r"https://front\.example\.org/heure-civique/\S+", message.body)[0]
    query = parse_qs(urlsplit(link).query)
    assert query["page"] == ["/mayenne/laval/"]  # the front end's own parameters are kept
    return link, query[parameter][0]


def test_a_front_end_s_sign_up_is_confirmed_on_the_front_end(client, laval, front_end):
    assert post(client, "/api/v2/sign-up/", payload(), Origin=ORIGIN).status_code == 202
    volunteer = Volunteer.objects.get()
    assert volunteer.front_end == ORIGIN
    [message] = mail.outbox
    _link, token = link_in(message, "confirm")
    assert "/je-participe/confirmer/" not in message.body  # not the site's page

    confirmed = post(client, "/api/v2/confirmation/", {"token": token}, Origin=ORIGIN)
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json() == {
        "message": "Votre inscription est confirmée. Merci !",
        "then_action": None,
    }
    assert confirmed["Access-Control-Allow-Origin"] == ORIGIN
    volunteer.refresh_from_db()
    assert volunteer.confirmed_at is not None
    # Again: nothing more changes.
    again = post(client, "/api/v2/confirmation/", {"token": token})
    assert again.status_code == 200
    assert Volunteer.objects.get().confirmed_at == volunteer.confirmed_at


def test_a_bad_confirmation_token_is_a_field_error(client, db):
    response = post(client, "/api/v2/confirmation/", {"token": "nope"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"token"}


def test_the_space_and_registration_links_open_the_front_end(client, laval, make_action, front_end):
    volunteer = make_volunteer(laval, 1, front_end=ORIGIN)
    assert post(client, "/api/v2/space-link/", {"email": volunteer.email}).status_code == 202
    _link, token = link_in(mail.outbox[-1], "space")
    opened = post(client, "/api/v2/space/open/", {"token": token}, Origin=ORIGIN)
    assert opened.status_code == 200, opened.content

    action = make_action()
    url = f"/api/v2/actions/{action.pk}/registration-link/"
    assert post(client, url, {"email": volunteer.email}).status_code == 202
    _link, token = link_in(mail.outbox[-1], "register")
    registered = post(client, "/api/v2/registrations/", {"token": token}, Origin=ORIGIN)
    assert registered.status_code == 200, registered.content
    assert registered.json()["status"] == "registered"


@pytest.mark.parametrize("origin", [None, "https://www.autre.example"])
def test_the_site_s_sign_ups_and_other_origins_keep_the_site_s_links(
    client, laval, front_end, origin
):
    headers = {"Origin": origin} if origin else {}
    assert post(client, "/api/v2/sign-up/", payload(), **headers).status_code == 202
    assert Volunteer.objects.get().front_end == ""
    assert "http://testserver/je-participe/confirmer/" in mail.outbox[0].body
    assert "front.example.org" not in mail.outbox[0].body


def test_a_front_end_no_longer_configured_gives_the_site_s_links(client, laval, settings):
    settings.HEADLESS_FRONT_END_URLS = {}
    volunteer = make_volunteer(laval, 1, front_end=ORIGIN)
    assert post(client, "/api/v2/space-link/", {"email": volunteer.email}).status_code == 202
    assert "http://testserver/" in mail.outbox[-1].body
    assert "front.example.org" not in mail.outbox[-1].body
