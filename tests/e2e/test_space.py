"""A volunteer opens their space from the e-mailed link and submits every one of its forms in
chromium, with DEBUG off: edit their details, move to another commune, cancel a registration,
erase their data. Each form answers with the space, never with a 403."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from core.vocabulary import ActionKind
from onboarding.services import onboard_commune
from pages.agenda.queries import ensure_action_index
from pages.models import ActionPage
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from volunteers.models import Registration, Volunteer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def registered_volunteer(live_server) -> dict:
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    ernee = CommuneFactory(code="53096", name="Ernée", slug="ernee", department=mayenne)
    PostalCodeFactory(code="53500", commune=ernee)
    laval_page = onboard_commune("53130")
    start = timezone.now() + timedelta(days=9)
    action = ActionPage(
        title="Jardin partagé du Bourny",
        slug="jardin-bourny",
        description="Une heure de désherbage au jardin partagé.",
        kind=ActionKind.COLLECTIVE,
        start=start,
        end=start + timedelta(hours=1),
        registration_required=True,
        address="Jardin du Bourny, Laval",
    )
    ensure_action_index(laval_page).add_child(instance=action)
    now = timezone.now()
    volunteer = Volunteer.objects.create(
        first_name="Maëlys",
        last_name="Tournesol",
        email="maelys.tournesol@exemple.invalid",
        commune=laval,
        charter_accepted_at=now,
        contact_consent=True,
        confirmed_at=now,
        handed_over_at=now,
    )
    Registration.objects.create(
        volunteer=volunteer, action=action, status=Registration.Status.REGISTERED, requested_at=now
    )
    mail.outbox = []
    return {"url": live_server.url, "volunteer": volunteer, "ernee": ernee}


def open_space(page, base: str, email: str) -> None:
    """Asks for the link on the site, as a volunteer would, and follows it."""
    page.goto(base + "/je-participe/mon-espace/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="M'envoyer le lien").click()
    expect(page.get_by_role("status")).to_be_visible()  # waits for the answer
    body = [m for m in mail.outbox if m.to == [email]][-1].body
    link = re.search(r"http://testserver(/je-participe/mon-espace/[^/\s]+/)", body)[1]
    page.goto(base + link)
    page.get_by_role("button", name="Ouvrir mon espace").click()  # the link opens once
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour Maëlys")


def test_every_form_of_the_space_works_in_a_browser(registered_volunteer, page, screenshots):
    base = registered_volunteer["url"]
    volunteer = registered_volunteer["volunteer"]
    open_space(page, base, volunteer.email)

    # Edit my details.
    page.get_by_role("link", name="Modifier mes coordonnées").click()
    page.get_by_label("Téléphone").fill("06 99 99 01 02")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("status").inner_text() == "Vos coordonnées sont enregistrées."

    # Cancel the registration from the space.
    page.get_by_role("button", name=re.compile("Annuler.*Jardin partagé du Bourny")).click()
    assert page.get_by_role("status").inner_text() == "Votre inscription est annulée."

    # Move to Ernée: the commune is found as the postal code is typed (the one of 53500).
    page.get_by_role("link", name=re.compile("changer de commune")).click()
    page.get_by_label("Code postal").fill("53500")
    found = page.locator(".form-status")
    found.filter(has_text="Ernée").wait_for()
    assert page.get_by_label("Commune").input_value() == str(registered_volunteer["ernee"].pk)
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("status").inner_text() == "Votre commune est désormais Ernée."
    page.screenshot(path=str(screenshots / "space-after-forms.png"), full_page=True)

    # Erase my data.
    page.get_by_role("link", name="Effacer mes données").click()
    page.get_by_role("button", name="Oui, effacer mes données").click()
    assert "Vos données sont effacées" in page.get_by_role("heading", level=1).inner_text()

    volunteer.refresh_from_db()
    assert volunteer.erased_at is not None
    assert volunteer.commune == registered_volunteer["ernee"]
    registration = Registration.objects.get(volunteer=volunteer)
    assert registration.status == Registration.Status.CANCELLED


def test_a_refused_form_explains_itself_in_french(registered_volunteer, page):
    """A form posted without its security token (a page kept open across a deployment, a
    cookie cleared) gets the site's own page in French, with a way back, not Django's."""
    base = registered_volunteer["url"]
    open_space(page, base, registered_volunteer["volunteer"].email)
    page.get_by_role("link", name="Modifier mes coordonnées").click()
    page.context.clear_cookies()
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ce formulaire a expiré"
    assert page.get_by_role("link", name="Retour à l'accueil").is_visible()
