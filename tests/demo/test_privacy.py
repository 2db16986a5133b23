"""Every public address of the populated demo — pages, agendas, feeds, the idea box, the API —
and none shows a volunteer's name, e-mail or telephone, nor a beneficiary's."""

from django.core.cache import cache
from wagtail.models import Page

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
    for page in Page.objects.live().public().specific():
        url = page.url
        if not url:
            continue
        urls.append(url)
        if isinstance(page, HomePage | DepartmentPage | CommunePage | ActionPage):
            urls.append(url + "agenda.ics")
            # Its answer in the API: an action's registration counts, a territory's children.
            urls.append(f"/api/v2/pages/{page.pk}/")
    return urls


def test_no_personal_data_anywhere_public(demo, client):
    cache.clear()
    secrets = personal_data()
    assert len(secrets) > 60  # the demo's volunteers and beneficiaries are there
    addresses = public_addresses()
    assert len(addresses) > 100
    for url in addresses:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        leaked = [secret for secret in secrets if secret in body]
        assert leaked == [], f"{url} shows {leaked}"
