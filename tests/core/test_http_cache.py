"""Who may keep a copy of an answer (core/http_cache.py): an anonymous visitor's page is public
(the proxy keeps it PAGE_CACHE_SECONDS, a filtered one a minute); a logged-in user's, a form's,
a POST's and the personal feed's are private; the API's headers are the API's own."""

import pytest
from django.test import Client

from core.http_cache import PRIVATE
from tests.factories.volunteers import VolunteerFactory
from volunteers import calendar

pytestmark = pytest.mark.django_db

LAVAL = "/mayenne/laval/"


def test_an_anonymous_page_is_public_for_the_proxy_and_briefly_for_browsers(client, laval_page):
    response = client.get(LAVAL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=30, s-maxage=300"
    assert "Cookie" in response["Vary"]
    assert not response.cookies


def test_the_proxy_s_delay_is_a_setting(client, laval_page, settings):
    settings.PAGE_CACHE_SECONDS = 20
    assert client.get(LAVAL)["Cache-Control"] == "public, max-age=20, s-maxage=20"


def test_a_filtered_address_is_kept_a_minute_as_no_purge_names_it(client, laval_page):
    response = client.get(LAVAL + "?page=2")
    assert response["Cache-Control"] == "public, max-age=30, s-maxage=60"


def test_a_logged_in_user_s_page_is_private(client, laval_page, laval_editor):
    client.force_login(laval_editor)
    response = client.get(LAVAL)
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


@pytest.mark.parametrize("path", ["/je-participe/", "/mayenne/laval/je-participe/"])
def test_a_form_with_its_csrf_token_is_private(client, laval_page, path):
    response = client.get(path)
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert response["Cache-Control"] == PRIVATE


def test_a_post_is_private(laval_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/je-participe/", {})
    assert response.status_code == 403
    assert response["Cache-Control"] == PRIVATE


def test_the_volunteer_s_space_is_private(client, laval_page):
    response = client.get("/je-participe/mon-espace/not-a-token/")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_the_personal_feed_is_private_and_a_public_feed_public(client, laval_page, laval):
    volunteer = VolunteerFactory(commune=laval)
    personal = client.get(calendar.personal_feed_url(volunteer).removeprefix("http://testserver"))
    assert personal.status_code == 200
    assert personal["Cache-Control"].startswith("private")
    public = client.get(LAVAL + "agenda.ics")
    assert public["Cache-Control"].startswith("public")


def test_the_api_s_headers_are_left_to_the_api(client, laval_page):
    response = client.get("/api/v2/pages/")
    assert response.status_code == 200
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_a_page_that_is_not_found_is_not_declared_public(client, laval_page):
    response = client.get("/mayenne/nulle-part/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")
