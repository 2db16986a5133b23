"""A resident asks a question on the help centre (the demo, DEBUG off); the Laval referent
(the demo's login) finds it in the admin, answers it; the answer arrives by e-mail and its link
leads back to the help centre."""

import re

import pytest
from django.core import mail

from demo.services import load_demo
from support.models import Ticket
from territories.models import Commune
from tests.demo.territories import create_demo_territories
from tests.factories.territories import PostalCodeFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DEMO_PASSWORD = "heure-civique-demo"
RESIDENT = "resident.laval@exemple.invalid"


@pytest.fixture
def demo_site(live_server) -> str:
    create_demo_territories()
    # The demo's territories are made without postal codes: Laval's, as the import has it.
    PostalCodeFactory(code="53000", commune=Commune.objects.get(code="53130"))
    load_demo(password=DEMO_PASSWORD, kits_too=False)
    mail.outbox = []
    return live_server.url


def test_a_resident_asks_and_the_laval_referent_answers_by_e_mail(
    demo_site, log_into_admin, page, screenshots
):
    base = demo_site
    page.goto(base + "/aide/")
    assert page.get_by_role("heading", level=1).inner_text() == "Centre d’aide"
    page.get_by_label("Rechercher dans le centre d’aide").fill("annuler inscription")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(re.compile(r"/aide/\?q="))
    assert "Comment annuler mon inscription" in page.content()
    page.get_by_role("link", name="Poser une question").first.click()
    page.wait_for_url(re.compile(r"/aide/contact/$"))

    page.get_by_label("Votre nom").fill("Paul Habitant")
    page.get_by_label(re.compile("^Votre adresse e-mail")).fill(RESIDENT)
    page.get_by_label("Vous êtes").select_option("volunteers")
    page.get_by_label(re.compile("^Code postal de votre commune")).fill("53000")
    page.get_by_label("Objet").fill("Aider le week-end")
    page.get_by_label("Votre question").fill(
        "Je ne suis disponible que le week-end : y a-t-il des actions le dimanche à Laval ?"
    )
    page.screenshot(path=str(screenshots / "help-contact.png"), full_page=True)
    page.get_by_role("button", name="Envoyer ma question").click()
    page.wait_for_url(re.compile(r"/aide/contact/merci/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Votre question est envoyée"
    ticket = Ticket.objects.get(email=RESIDENT)
    assert ticket.routed_commune.name == "Laval"
    # Laval's referent is told, without the resident's details.
    [told] = mail.outbox
    assert RESIDENT not in told.body and "Paul" not in told.body

    log_into_admin(page, "laval.referent", password=DEMO_PASSWORD)
    # The home page's panel: the demo's new ticket of Laval and this one wait.
    assert "2 demandes attendent une première réponse" in page.content()
    page.get_by_role("link", name="Ouvrir les demandes").click()
    page.get_by_role("link", name="Aider le week-end").click()
    page.wait_for_url(re.compile(rf"/admin/assistance/{ticket.pk}/$"))
    assert "Paul Habitant" in page.content()
    page.get_by_label("Votre réponse").fill(
        "Bonjour Paul, oui : la distribution alimentaire a lieu chaque dimanche matin."
    )
    page.get_by_role("button", name="Envoyer la réponse par e-mail").click()
    page.wait_for_url(re.compile(rf"/admin/assistance/{ticket.pk}/$"))
    assert "La réponse est envoyée par e-mail." in page.content()
    page.screenshot(path=str(screenshots / "help-ticket-answered.png"), full_page=True)

    answer = mail.outbox[-1]
    assert answer.to == [RESIDENT]
    assert "la distribution alimentaire a lieu chaque dimanche matin" in answer.body
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ANSWERED and ticket.first_response_at is not None
    # The e-mailed link leads back to the help centre.
    path = re.search(r"https?://[^/\s]+(/aide/)\s", answer.body)[1]
    page.context.clear_cookies()
    page.goto(base + path)
    assert page.get_by_role("heading", level=1).inner_text() == "Centre d’aide"
