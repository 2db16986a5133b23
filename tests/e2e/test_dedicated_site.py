"""Laval on its own address (issue 20), in chromium with DEBUG off: a resident signs up on
laval.localhost (the commune preset), confirms from the e-mail, whose links are on
laval.localhost, registers for an action in one click, and subscribes to the feed, whose
address and links are on laval.localhost too. Chromium resolves `*.localhost` to the loopback
address itself (Python's resolver does not: the other tests send the Host header)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from core.sites import dedicate_site
from volunteers.models import Registration, Volunteer

from .test_one_click import laval_s_repair_cafe

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def laval_site(live_server) -> str:
    _laval, laval_page, _action = laval_s_repair_cafe()
    port = urlsplit(live_server.url).port
    dedicate_site(laval_page, "laval.localhost", port=port)
    mail.outbox = []
    return f"http://laval.localhost:{port}"


def test_sign_up_confirm_register_and_subscribe_on_laval_s_own_address(laval_site, page):
    base = laval_site
    page.goto(base + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Laval"

    # The network's sign-up, on Laval's address: the commune is preset.
    page.goto(base + "/je-participe/")
    assert page.get_by_label("Code postal").input_value() == "53000"
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label(re.compile(r"^Nom")).fill("Durand")
    page.get_by_label("E-mail").fill("camille.durand@exemple.invalid")
    page.get_by_label("J'ai lu et j'accepte la charte du bénévole").check()
    page.get_by_label(re.compile("J'accepte d'être contacté")).check()
    page.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_url(base + "/je-participe/verifiez-vos-e-mails/")

    # The e-mail's links are on Laval's address; the confirmation is followed there.
    (message,) = mail.outbox
    hosts = set(re.findall(r"https?://[^/\s\"<>]+", message.body))
    assert hosts == {base}, hosts
    link = re.search(rf"{re.escape(base)}/je-participe/confirmer/\S+/", message.body)[0]
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Votre inscription est confirmée"
    volunteer = Volunteer.objects.get()
    assert volunteer.confirmed_at is not None

    # This browser now knows them: one click registers them for Laval's action.
    page.goto(base + "/actions/repair-cafe/")
    assert page.url == base + "/actions/repair-cafe/"
    page.get_by_role("button", name="Je m'inscris à cette action").click()
    page.wait_for_url(re.compile(r"/inscription/$"))
    assert page.url.startswith(base + "/")
    assert "Vous êtes inscrit" in page.get_by_role("status").inner_text()
    assert Registration.objects.get(volunteer=volunteer).status == Registration.Status.REGISTERED
    booked = [m for m in mail.outbox if "réservée" in m.subject]
    assert booked and set(re.findall(r"https?://[^/\s\"<>]+", booked[0].body)) == {base}

    # The agenda's feed: subscribed with webcal:// on Laval's address, its links there too.
    page.goto(base + "/actions/")
    webcal = page.locator("a[href^='webcal://']").first.get_attribute("href")
    assert webcal == f"webcal://{urlsplit(base).netloc}/agenda.ics"
    # Read by the browser (Playwright's own requests go through Node, which does not resolve
    # `*.localhost`), as a calendar application would after the subscription.
    text = page.evaluate(
        "url => fetch(url).then(r => r.ok ? r.text() : 'HTTP ' + r.status)",
        webcal.replace("webcal://", "http://", 1),
    ).replace("\r\n ", "")
    assert text.startswith("BEGIN:VCALENDAR"), text[:100]
    assert f"URL:{base}/actions/repair-cafe/" in text
    assert "testserver" not in text
