"""What a front end on another site needs from the API (issue 19): an index and a description,
an action's answer complete enough to render it, bodies with renditions and absolute links,
index pages with their children, CORS for the configured origins only, answers it may keep
and ask again with their ETag; and nothing of a volunteer anywhere."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.core.test_headers import directives
from volunteers.models import Volunteer

ORIGIN = "https://front.example.org"


def test_the_api_root_is_an_index(client, db):
    response = client.get("/api/v2/")
    assert response.status_code == 200
    data = response.json()
    assert data["endpoints"]["actions"] == "http://testserver/api/v2/actions/"
    assert data["endpoints"]["figures"] == "http://testserver/api/v2/figures/"
    assert set(data["endpoints"]) >= {"pages", "images", "documents", "gestures", "communes"}
    assert data["schema"] == "http://testserver/api/v2/openapi.json"
    assert data["docs"] == "http://testserver/api/v2/docs/"


def test_the_docs_page_loads_nothing_from_elsewhere(client, home_page):
    response = client.get("/api/v2/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "GET /api/v2/actions/" in html
    assert "registration" in html  # the action's fields are described
    assert "<script" not in html
    # Every address it loads (scripts, styles, images) is the site's own.
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html.split("<main", 1)[0] + html)
    assert directives(response)["script-src"] == ["'self'"]


def detail(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_an_action_renders_from_its_answer_alone(client, api_content, agenda_now):
    workshop = detail(client, api_content["workshop"])
    assert workshop["meta"]["type"] == "pages.ActionPage"
    assert workshop["meta"]["html_url"] == "http://testserver/mayenne/laval/actions/atelier-velo/"
    assert workshop["ics_url"].startswith("http://testserver/mayenne/laval/actions/atelier-velo/")
    assert workshop["description"] == "Description de Atelier vélo."
    assert workshop["recurrence"] is None
    start = dt.datetime.fromisoformat(workshop["next_occurrences"][0]["start"])
    assert start == agenda_now + dt.timedelta(days=2)
    assert workshop["place"]["label"] == "Place de la Mairie, Laval"
    assert workshop["place"]["commune"] == {"code": "53130", "name": "Laval"}
    assert len(workshop["gestures"]) == 3
    # Two places, both taken, one volunteer waiting: counts only.
    assert workshop["registration"] == {
        "required": True,
        "open": True,
        "capacity": 2,
        "places_left": 0,
        "full": True,
        "waiting": 1,
    }

    monthly = detail(client, api_content["monthly"])
    assert monthly["recurrence"]["frequency"] == "monthly"
    assert monthly["recurrence"]["rule"].startswith("FREQ=MONTHLY")
    assert monthly["recurrence"]["cancelled_dates"] == [agenda_now.date().isoformat()]
    dates = monthly["next_occurrences"]
    assert 1 < len(dates) <= 6
    cancelled = [date for date in dates if date["cancelled"]]
    assert [date["reason"] for date in cancelled] == ["Férié"]
    assert monthly["registration"]["places_left"] is None
    assert monthly["registration"]["full"] is False

    online = detail(client, api_content["online"])
    assert online["place"]["online"] is True
    assert online["place"]["label"] == "En ligne"  # French unless Accept-Language asks
    assert online["place"]["online_url"] == "https://visio.example.org/a"


def test_an_actions_answer_runs_a_fixed_number_of_queries(
    client, api_content, add_action, agenda_tree, agenda_now, django_assert_max_num_queries
):
    url = f"/api/v2/pages/{api_content['workshop'].pk}/"
    client.get(url)  # the site's root paths, cached on a running site
    # Wagtail's own (the page, its site, its restrictions...) and one per related table.
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    listing = "/api/v2/pages/?type=pages.ActionPage&fields=*&limit=50"
    counts = []
    for number in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(listing).status_code == 200
        counts.append(len(queries))
        for more in range(5):
            add_action(agenda_tree["laval"], f"Action {number}-{more}", agenda_now)
    assert counts[0] == counts[1] <= 14


def test_a_body_gives_renditions_with_their_alt_text_and_absolute_links(client, api_content):
    news = detail(client, api_content["news"])
    paragraph, image = news["body"]
    assert paragraph["type"] == "paragraph"
    assert 'href="http://testserver/mayenne/laval/"' in paragraph["value"]
    assert "linktype" not in paragraph["value"]
    assert image["type"] == "image"
    assert image["value"]["id"] == api_content["image"].pk
    assert image["value"]["url"].startswith("http://testserver/media/images/")
    assert image["value"]["alt"] == "Des vélos réparés dans la cour"
    assert 0 < image["value"]["width"] <= 1200


def test_an_images_file_is_given_at_an_absolute_address(client, api_content):
    image = client.get(f"/api/v2/images/{api_content['image'].pk}/").json()
    assert image["meta"]["download_url"].startswith("http://testserver/media/original_images/")


def test_index_pages_give_their_children(client, api_content, agenda_tree):
    laval = detail(client, agenda_tree["themed_laval_page"])
    children = {child["slug"]: child for child in laval["children"]}
    assert set(children) >= {"actions", "actualites"}
    assert children["actions"]["type"] == "pages.ActionIndexPage"
    assert children["actions"]["html_url"] == "http://testserver/mayenne/laval/actions/"
    agenda = detail(client, agenda_tree["laval"])
    assert {child["title"] for child in agenda["children"]} == {"Atelier vélo", "Café-tricot"}
    assert agenda["children"][0]["detail_url"].startswith("http://testserver/api/v2/pages/")
    # A listing does not ask each page for its children.
    listing = client.get("/api/v2/pages/?type=pages.CommunePage&fields=children").json()
    assert [item["children"] for item in listing["items"]] == [None, None]


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/actions/", "/api/v2/openapi.json"])
def test_cors_answers_only_the_configured_origins(client, settings, home_page, path):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    allowed = client.get(path, headers={"Origin": ORIGIN})
    assert allowed.status_code == 200
    assert allowed["Access-Control-Allow-Origin"] == ORIGIN
    assert "origin" in allowed["Vary"].lower()  # a shared cache keeps one answer per origin
    other = client.get(path, headers={"Origin": "https://elsewhere.example.org"})
    assert other.status_code == 200
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        path, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_cors_stays_off_the_site_and_off_by_default(client, settings, home_page):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    page = client.get("/", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in page
    settings.CORS_ALLOWED_ORIGINS = []
    api = client.get("/api/v2/pages/", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in api


def test_a_repeated_request_is_answered_304_until_a_publication(client, api_content):
    url = "/api/v2/actions/"
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    workshop = api_content["workshop"]
    workshop.title = "Atelier vélo et trottinettes"
    workshop.save_revision().publish()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Atelier vélo et trottinettes" in changed.content.decode()


def test_errors_are_not_kept(client, db):
    response = client.get("/api/v2/actions/?kind=nope")
    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")
    assert "ETag" not in response


def test_no_payload_holds_anything_of_a_volunteer(client, api_content):
    volunteers = list(Volunteer.objects.all())
    assert len(volunteers) == 3
    secrets = [
        value
        for volunteer in volunteers
        for value in (volunteer.email, volunteer.first_name, volunteer.last_name, volunteer.phone)
    ]
    urls = [reverse("api_index"), "/api/v2/figures/", "/api/v2/openapi.json"]
    for name in ("pages", "actions", "gestures", "gesture-categories", "images", "communes"):
        listing = client.get(f"/api/v2/{name}/?fields=*&limit=100")
        assert listing.status_code == 200, name
        urls += [f"/api/v2/{name}/{item['id']}/" for item in listing.json()["items"]]
        urls.append(f"/api/v2/{name}/?fields=*&limit=100")
    for url in urls:
        text = client.get(url).content.decode()
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, (url, leaked)
