"""The defects the walk-through of the demo's dedicated sites found (issue 20): on a territory's
own address every link to a page that answers there stays on it (the menu, the footer, the
breadcrumb, the buttons; the network's shared pages included), the help centre's contact form
is preset to the commune of the site, and the e-mails sent about what happens there (a help
request's answer, a mailing's test copy) link to it. Only the way back to the national site
names the national host."""

import re

import pytest
from django.core import mail

from mailings import services as mailings
from mailings.models import Mailing
from pages.models import ActionIndexPage
from support import services as support
from support.models import Audience, Ticket
from tests.factories.pages import (
    ActionPageFactory,
    InitiativeIndexPageFactory,
    InitiativePageFactory,
    StandardPageFactory,
)
from workflows.notifications import status_url

from .conftest import LAVAL_HOST, MAYENNE_HOST

pytestmark = pytest.mark.django_db

NATIONAL = "http://testserver/"


def hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|action)="([^"#]+)"', html.split("<body", 1)[1])


def absolute_links(html: str) -> set[str]:
    """The links of the page's body that name a host. Left out: the head's canonical and
    alternates (addresses for search engines), and the calendars' (a feed and an event are
    printed on their page's own address, on purpose: tests/sites/test_links.py)."""
    return {
        href
        for href in hrefs(html)
        if href.startswith(("http://", "https://"))
        and not href.endswith(".ics")
        and not href.startswith(("https://calendar.google.com/", "https://outlook.live.com/"))
    }


def menu_links(html: str) -> dict[str, str]:
    menu = html.split('class="main-menu"', 1)[1].split("</nav>", 1)[0]
    return {
        text.strip(): href for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', menu)
    }


@pytest.fixture
def charter(home_page):
    return StandardPageFactory(title="La charte", slug="charte", kind="charter")


@pytest.fixture
def laval_action(laval_page):
    agenda = ActionIndexPage.objects.child_of(laval_page).get()
    return ActionPageFactory(
        parent=agenda, title="Nettoyage des berges", slug="berges", registration_required=True
    )


def test_on_a_department_s_site_only_the_way_back_names_the_national_host(
    client, mayenne_site, laval_page, charter
):
    for path in ("/", "/laval/", "/gestes/", "/je-participe/", "/aide/", "/charte/"):
        html = client.get(path, HTTP_HOST=MAYENNE_HOST).content.decode()
        assert absolute_links(html) == {NATIONAL}, path
    html = client.get("/laval/", HTTP_HOST=MAYENNE_HOST).content.decode()
    links = menu_links(html)
    assert links["Agenda"] == "/laval/actions/"
    assert links["Je participe"] == "/laval/je-participe/"
    assert 'href="/charte/"' in html.split('class="site-footer', 1)[1]


def test_a_commune_s_pages_on_its_department_s_site_link_there_though_it_has_its_own(
    client, laval_site, charter
):
    html = client.get("/laval/", HTTP_HOST=MAYENNE_HOST).content.decode()
    links = menu_links(html)
    assert links["Agenda"] == "/laval/actions/"  # not laval.localhost's
    assert links["Je participe"] == "/laval/je-participe/"
    assert absolute_links(html) == {NATIONAL}


def test_a_shared_page_on_a_commune_s_site_keeps_the_commune_s_menu(
    client, laval_site, charter, laval_page
):
    html = client.get("/charte/", HTTP_HOST=LAVAL_HOST).content.decode()
    assert absolute_links(html) == {NATIONAL}
    assert re.search(r'<a class="brand" href="/">', html)
    links = menu_links(html)
    assert links["Laval"] == "/"
    assert links["Agenda"] == "/actions/"
    assert links["Je participe"] == "/je-participe/"
    breadcrumb = html.split('class="breadcrumb', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a href="([^"]+)"', breadcrumb) == ["/", "/charte/"]


def test_the_sign_up_links_the_charter_on_the_commune_s_site(client, laval_site, charter):
    html = client.get("/je-participe/", HTTP_HOST=LAVAL_HOST).content.decode()
    assert 'href="/charte/"' in html
    assert absolute_links(html) == {NATIONAL}


def test_a_page_not_found_leads_back_to_the_site_s_own_home(client, laval_site):
    html = client.get("/nulle-part/", HTTP_HOST=LAVAL_HOST).content.decode()
    assert re.search(r'<a class="button" href="/">', html)
    assert absolute_links(html) == {NATIONAL}


def test_an_action_s_registration_links_stay_on_the_site_it_is_read_on(
    client, laval_site, laval_action
):
    html = client.get("/laval/actions/berges/", HTTP_HOST=MAYENNE_HOST).content.decode()
    assert 'href="/laval/actions/berges/inscription/"' in html
    assert absolute_links(html) == {NATIONAL}
    national = client.get("/mayenne/laval/actions/berges/").content.decode()
    assert 'href="/mayenne/laval/actions/berges/inscription/"' in national


def test_the_contact_form_of_a_commune_s_site_is_preset_to_the_commune(client, laval_site, laval):
    form = client.get("/aide/contact/", HTTP_HOST=LAVAL_HOST).context["form"]
    assert form.initial["commune"] == laval.pk
    assert form.initial["postal_code"] == "53000"
    html = client.get("/aide/contact/", HTTP_HOST=LAVAL_HOST).content.decode()
    assert re.search(r'name="postal_code"[^>]*value="53000"', html)
    assert "commune" not in client.get("/aide/contact/").context["form"].initial
    assert (
        "commune"
        not in client.get("/aide/contact/", HTTP_HOST=MAYENNE_HOST).context["form"].initial
    )  # a department's site: which of its communes is for the visitor to say


def test_the_answer_to_a_help_request_of_laval_links_to_laval_s_help_centre(
    laval_site, laval, laval_referent
):
    ticket = Ticket.objects.create(
        name="Jeanne",
        email="jeanne@exemple.invalid",
        audience=Audience.VOLUNTEERS,
        commune=laval,
        routed_commune=laval,
        subject="Une question",
        message="Comment ?",
    )
    support.answer(ticket, "Regardez l’agenda.", laval_referent)
    body = mail.outbox[-1].body
    assert "http://laval.localhost/aide/" in body
    assert "testserver" not in body


def test_a_mailing_s_test_copy_links_to_the_commune_s_site(laval_site, laval, laval_referent):
    mailing = Mailing.objects.create(
        commune=laval, subject="Les berges", body="<p>Venez.</p>", created_by=laval_referent
    )
    assert mailings.send_test(mailing, laval_referent)
    message = mail.outbox[-1]
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://laval.localhost/je-participe/"
    )
    assert "http://testserver/je-participe/" not in message.body


def test_an_action_s_registration_form_offers_the_sign_up_on_the_site_it_is_read_on(
    client, laval_site, laval_action
):
    on_mayenne = client.get("/laval/actions/berges/inscription/", HTTP_HOST=MAYENNE_HOST)
    html = on_mayenne.content.decode()
    assert f'href="/laval/je-participe/?action={laval_action.pk}"' in html
    assert absolute_links(html) == {NATIONAL}
    on_laval = client.get("/actions/berges/inscription/", HTTP_HOST=LAVAL_HOST).content.decode()
    assert f'href="/je-participe/?action={laval_action.pk}"' in on_laval
    national = client.get("/mayenne/laval/actions/berges/inscription/").content.decode()
    assert f'href="/mayenne/laval/je-participe/?action={laval_action.pk}"' in national


def test_an_initiative_s_status_link_is_on_its_commune_s_address(laval_site, home_page):
    index = InitiativeIndexPageFactory(parent=laval_site.root_page)
    initiative = InitiativePageFactory(parent=index)
    assert status_url(initiative).startswith("http://laval.localhost/")
    national = InitiativePageFactory(parent=InitiativeIndexPageFactory())
    assert status_url(national).startswith("http://testserver/")
