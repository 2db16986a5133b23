"""Links follow a territory's own address (issue 20), whichever host or job asks: the feeds and
the links inside them, the kits' sign-up address and QR code, the API's html_url, the e-mails
to a volunteer of a commune that has its own address."""

import re

import pytest
from django.core import mail
from wagtail.models import Site

from core.addresses import absolute_url, page_url, site_url
from kits import services as kits
from kits.content import kit_content
from pages.models import ActionIndexPage
from tests.factories.pages import ActionPageFactory
from tests.volunteers.conftest import sign_up_data
from volunteers.models import Volunteer

from .conftest import LAVAL_HOST, MAYENNE_HOST

pytestmark = pytest.mark.django_db


@pytest.fixture
def laval_action(laval_page):
    agenda = ActionIndexPage.objects.child_of(laval_page).get()
    return ActionPageFactory(parent=agenda, title="Nettoyage des berges", slug="berges")


def test_a_page_s_address_is_on_its_territory_s_site(mayenne_site, laval_page, home_page):
    assert page_url(laval_page) == "http://mayenne.localhost/laval/"
    assert site_url(laval_page) == "http://mayenne.localhost"
    assert page_url(home_page) == "http://testserver/"
    assert absolute_url("volunteers:sign_up", on=laval_page) == (
        "http://mayenne.localhost/je-participe/"
    )
    assert absolute_url("volunteers:sign_up") == "http://testserver/je-participe/"


def test_without_a_dedicated_site_addresses_are_national(laval_page):
    assert page_url(laval_page) == "http://testserver/mayenne/laval/"


@pytest.mark.parametrize("host", ["testserver", MAYENNE_HOST])
def test_the_feed_s_links_are_on_the_territory_s_address(client, mayenne_site, laval_action, host):
    path = "/mayenne/laval/agenda.ics" if host == "testserver" else "/laval/agenda.ics"
    feed = client.get(path, HTTP_HOST=host).content.decode().replace("\r\n ", "")
    assert "URL:http://mayenne.localhost/laval/actions/berges/" in feed
    assert "testserver" not in feed


def test_a_page_s_calendar_subscription_is_on_the_territory_s_address(
    client, mayenne_site, laval_action
):
    for host, path in (
        ("testserver", "/mayenne/laval/actions/"),
        (MAYENNE_HOST, "/laval/actions/"),
    ):
        html = client.get(path, HTTP_HOST=host).content.decode()
        assert "webcal://mayenne.localhost/laval/agenda.ics" in html, host


def test_the_api_s_html_url_is_on_the_territory_s_address(client, mayenne_site, laval_action):
    detail = client.get(f"/api/v2/pages/{laval_action.pk}/").json()
    assert detail["meta"]["html_url"] == "http://mayenne.localhost/laval/actions/berges/"
    action = client.get(f"/api/v2/actions/{laval_action.pk}/").json()
    assert action["html_url"] == "http://mayenne.localhost/laval/actions/berges/"


def test_the_kit_prints_the_territory_s_address_and_changes_with_it(laval_page, mayenne_page):
    before = kit_content(laval_page)
    assert before.sign_up_url == "http://testserver/mayenne/laval/je-participe/"
    fingerprint = kits.fingerprints(before)
    Site.objects.create(hostname=LAVAL_HOST, port=80, root_page=laval_page)
    after = kit_content(laval_page.specific_class.objects.get(pk=laval_page.pk))  # as the job
    assert after.sign_up_url == "http://laval.localhost/je-participe/"
    assert after.short_url == "laval.localhost/je-participe/"
    assert kits.fingerprints(after) != fingerprint  # the documents are drawn again
    assert kit_content(mayenne_page).sign_up_url == "http://testserver/je-participe/"


def test_a_sign_up_on_a_commune_s_site_is_confirmed_there(client, laval_site, laval):
    response = client.post("/je-participe/", sign_up_data(), HTTP_HOST=LAVAL_HOST)
    assert response.status_code == 302
    body = mail.outbox[-1].body
    links = re.findall(r"https?://[^\s/]+", body)
    assert links and set(links) == {"http://laval.localhost"}, links
    confirm = re.search(r"http://laval.localhost(/je-participe/confirmer/[^/\s]+/)", body)
    assert (
        mail.outbox[-1]
        .extra_headers["List-Unsubscribe"]
        .startswith("<http://laval.localhost/je-participe/desinscription/")
    )
    answer = client.get(confirm.group(1), HTTP_HOST=LAVAL_HOST)
    assert answer.status_code == 200
    assert Volunteer.objects.get().confirmed_at is not None


def test_a_sign_up_for_a_commune_without_a_site_stays_national(client, mayenne_site, quimper_page):
    client.post("/je-participe/", sign_up_data(postal_code="29000"))
    assert "http://testserver/je-participe/confirmer/" in mail.outbox[-1].body
