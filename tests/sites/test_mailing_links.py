"""A mailing of a territory that has its own address links there (issue 20): the paths its
message names, and the network's shared pages (the charter); a page of another
territory keeps that territory's address, and a national mailing stays on the national site.
The monthly hour's gesture of the idea box, too, is on the volunteer's territory's address."""

import re

import pytest
from django.core import mail

from mailings import monthly
from mailings import services as mailings
from mailings.models import Mailing
from pages.models import ActionIndexPage
from tests.factories.pages import ActionPageFactory, StandardPageFactory
from tests.volunteers.conftest import gestures, make_volunteer  # noqa: F401 (its fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def charter(home_page):
    return StandardPageFactory(title="La charte", slug="charte", kind="charter")


@pytest.fixture
def laval_action(laval_page):
    agenda = ActionIndexPage.objects.child_of(laval_page).get()
    return ActionPageFactory(parent=agenda, title="Nettoyage des berges", slug="berges")


def body_of(charter, laval_action) -> str:
    return (
        f'<p>Lisez <a linktype="page" id="{charter.pk}">la charte</a>, '
        f'venez <a linktype="page" id="{laval_action.pk}">aux berges</a>, '
        'voyez <a href="/actions/">l’agenda</a>.</p>'
    )


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def sent(mailing: Mailing, volunteer) -> mail.EmailMessage:
    mailings.schedule(mailing)
    mailings.send_mailings()
    return next(message for message in mail.outbox if volunteer.email in message.to)


def test_a_commune_s_mailing_links_on_the_commune_s_own_address(
    laval_site, laval, charter, laval_action, laval_referent
):
    volunteer = make_volunteer(laval, 1, contact_consent=True)
    mailing = Mailing.objects.create(
        commune=laval,
        subject="Les berges",
        body=body_of(charter, laval_action),
        call_to_action_page=laval_action,
        created_by=laval_referent,
    )
    message = sent(mailing, volunteer)
    html = message.alternatives[0][0]
    expected = [
        "http://laval.localhost/charte/",
        "http://laval.localhost/actions/berges/",
        "http://laval.localhost/actions/",
    ]
    assert set(expected) <= set(hrefs(html))
    for address in expected:
        assert address in message.body  # the text part too
    assert "testserver" not in message.body
    # The preview of the admin and the writer's test copy say the same.
    assert mailings.send_test(mailing, laval_referent)
    assert "http://laval.localhost/charte/" in mail.outbox[-1].body
    assert "testserver" not in mail.outbox[-1].body


def test_a_department_s_mailing_links_on_the_department_s_address_but_a_commune_on_its_own(
    laval_site, mayenne, laval, charter, laval_action, mayenne_editor
):
    volunteer = make_volunteer(laval, 1, contact_consent=True)
    mailing = Mailing.objects.create(
        department=mayenne,
        subject="La Mayenne",
        body=body_of(charter, laval_action),
        created_by=mayenne_editor,
    )
    body = sent(mailing, volunteer).body
    assert "http://mayenne.localhost/charte/" in body
    assert "http://mayenne.localhost/actions/" in body
    assert "http://laval.localhost/actions/berges/" in body  # Laval's page: Laval's address
    assert "testserver" not in body


def test_a_national_mailing_links_on_the_national_address(laval_site, laval, charter, laval_action):
    volunteer = make_volunteer(laval, 1, contact_consent=True)
    mailing = Mailing.objects.create(subject="La France", body=body_of(charter, laval_action))
    body = sent(mailing, volunteer).body
    assert "http://testserver/charte/" in body
    assert "http://testserver/actions/" in body
    assert "http://laval.localhost/actions/berges/" in body


@pytest.mark.usefixtures("gestures")
def test_the_monthly_hour_s_gesture_is_on_the_volunteer_s_territory_s_address(laval_site, laval):
    volunteer = make_volunteer(laval, 1)  # no action near them: a gesture of the idea box
    assert monthly.send_monthly_hour() >= 1
    message = next(m for m in mail.outbox if m.to == [volunteer.email])
    assert "http://laval.localhost/gestes/" in message.body
    assert "testserver" not in message.body
