"""Every public address of the populated demo — pages, agendas, feeds, the idea box, the API —
and none shows a volunteer's name, e-mail or telephone, nor a beneficiary's; the pages of
Mayenne and Laval both on their own addresses (demo/sites.py) and as national copies."""

from django.core.cache import cache
from django.test import RequestFactory
from wagtail.models import Page

from demo import sites
from helprequests.models import HelpRequest
from pages.models import ActionPage, CommunePage, DepartmentPage, HomePage
from volunteers.models import Volunteer

API = [
    "/api/v2/pages/?limit=100",
    "/api/v2/actions/?limit=100",
    "/api/v2/actions/?limit=100&fields=*",
    "/api/v2/pages/?type=pages.ActionPage&fields=*&limit=100",
    "/api/v2/gestures/?limit=100",
    "/api/v2/figures/",
    "/api/v2/figures/?commune=53130",
    "/api/v2/figures/?department=53",
]
PUBLIC = ["/gestes/", "/gestes/imprimer/", "/je-participe/", "/proposer-une-initiative/"]


def personal_data() -> set[str]:
    secrets = set()
    for volunteer in Volunteer.objects.all():
        full_name = f"{volunteer.first_name} {volunteer.last_name}"
        secrets |= {full_name, volunteer.email, volunteer.phone}
    for request in HelpRequest.objects.all():
        secrets |= {
            request.beneficiary_name,
            request.beneficiary_email,
            request.beneficiary_phone,
            request.beneficiary_address,
        }
    return {secret for secret in secrets if secret}


def public_addresses() -> list[str]:
    urls = list(PUBLIC) + list(API)
    national = RequestFactory().get("/")  # a request on the national site: its copies
    for page in Page.objects.live().public().specific():
        # Its own address (on its territory's site, when it has one), and its national copy.
        for url in dict.fromkeys([page.url, page.get_url(national)]):
            if not url:
                continue
            urls.append(url)
            if isinstance(page, HomePage | DepartmentPage | CommunePage | ActionPage):
                urls.append(url + "agenda.ics")
        if page.url:
            # Its answer in the API: an action's registration counts, a territory's children.
            urls.append(f"/api/v2/pages/{page.pk}/")
    return urls


def test_no_personal_data_anywhere_public(demo, client):
    assert sites.load() == 0  # Mayenne and Laval on their own addresses already (the fixture)
    cache.clear()
    secrets = personal_data()
    assert len(secrets) > 60  # the demo's volunteers and beneficiaries are there
    addresses = public_addresses()
    assert len(addresses) > 100
    assert any(url.startswith("http://mayenne.localhost") for url in addresses)
    assert any(url.startswith("http://laval.localhost") for url in addresses)
    for url in addresses:
        response = client.get(url)  # on its site's host (tests/demo/conftest.py)
        assert response.status_code == 200, url
        body = response.content.decode()
        leaked = [secret for secret in secrets if secret in body]
        assert leaked == [], f"{url} shows {leaked}"
