"""A visitor of a Breton page follows its links in a real browser (issue 21): the commune's
sign-up answers in Breton (French where Breton has no translation, never English), the form is
sent, and the confirmation e-mail's link, in the volunteer's language, leads to a Breton page
that confirms; the footer's help centre answers in Breton too."""

import re

import pytest
from django.core import mail

from onboarding.services import onboard_commune
from pages.translations import translate
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from volunteers.models import Volunteer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def breton_quimper(live_server) -> str:
    finistere = DepartmentFactory(code="29", name="Finistère", slug="finistere")
    quimper = CommuneFactory(code="29232", name="Quimper", slug="quimper", department=finistere)
    PostalCodeFactory(code="29000", commune=quimper)
    quimper_page = onboard_commune("29232")
    department_page = quimper_page.get_parent().specific
    department_page.regional_language = "br"
    department_page.save_revision().publish()
    translate(department_page, "br", {"Finistère": "Penn-ar-Bed"})
    translate(quimper_page, "br", {"Quimper": "Kemper"})
    mail.outbox = []
    return live_server.url


def test_a_breton_visitor_signs_up_and_confirms_in_breton(breton_quimper, page):
    page.goto(breton_quimper + "/br/finistere/quimper/")
    assert page.locator("html").get_attribute("lang") == "br"
    page.locator('.main-menu a[href="/br/finistere/quimper/je-participe/"]').click()
    page.wait_for_url(re.compile(r"/br/finistere/quimper/je-participe/$"))
    assert page.locator("html").get_attribute("lang") == "br"
    assert "Skip to main content" not in page.content()  # French, where Breton has no string
    assert page.locator('input[name="postal_code"]').input_value() == "29000"
    page.locator('input[name="first_name"]').fill("Maiwenn")
    page.locator('input[name="last_name"]').fill("Le Gall")
    page.locator('input[name="email"]').fill("maiwenn.legall@exemple.invalid")
    page.locator('input[name="charter"]').check()
    page.locator('input[name="contact_consent"]').check()
    assert page.locator('select[name="language"]').input_value() == "br"
    page.locator('main form button[type="submit"]').last.click()
    page.wait_for_url(re.compile(r"/br/je-participe/verifiez-vos-e-mails/$"))
    assert page.locator("html").get_attribute("lang") == "br"

    assert Volunteer.objects.get().language == "br"
    link = re.search(r"https?://[^/\s]+(/br/je-participe/confirmer/\S+/)", mail.outbox[0].body)[1]
    page.goto(breton_quimper + link)
    assert page.locator("html").get_attribute("lang") == "br"
    assert Volunteer.objects.get().confirmed_at is not None

    # The footer's help centre, in Breton too.
    page.locator('.site-footer a[href="/br/aide/"]').click()
    page.wait_for_url(re.compile(r"/br/aide/$"))
    assert page.locator("html").get_attribute("lang") == "br"
