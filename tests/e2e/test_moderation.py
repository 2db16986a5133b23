"""A resident proposes an initiative on Laval's page without an account; the Mayenne referent,
then a Voisins Solidaires moderator, approve it in the admin; it is live on Laval's page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from onboarding import roles
from onboarding import services as onboarding
from onboarding.models import TerritoryGroup
from tests.conftest import PASSWORD
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site_with_reviewers(live_server, home_page) -> str:
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    onboarding.onboard_commune("53130")
    users = get_user_model().objects
    referent = users.create_user("referent", "referent@example.org", PASSWORD)
    referent.groups.add(roles.group_of(mayenne, TerritoryGroup.Role.REFERENTS))
    moderator = users.create_user("moderatrice", "moderatrice@example.org", PASSWORD)
    moderator.groups.add(onboarding.national_groups())
    mail.outbox = []
    return live_server.url


def approve_from_the_dashboard(page, username, screenshots):
    page.get_by_role("link", name="Le café des voisins").first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    page.screenshot(path=str(screenshots / f"moderation-{username}.png"), full_page=True)
    # "Approve" (without a comment) in the footer's action menu.
    page.get_by_role("button", name="Plus d'actions").or_(
        page.locator("[data-w-dropdown-target='toggle']")
    ).last.click()
    page.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    ).click()
    page.wait_for_url(re.compile(r"/admin/"))
    page.wait_for_load_state("networkidle")


def test_propose_approve_twice_and_see_it_live(
    site_with_reviewers, log_into_admin, page, screenshots
):
    base = site_with_reviewers
    page.goto(base + "/mayenne/laval/")
    page.goto(base + "/mayenne/laval/proposer-une-initiative/")
    page.get_by_label("Nom de l'initiative").fill("Le café des voisins")
    page.get_by_label("En quelques mots").fill("Chaque samedi, un café à la médiathèque.")
    page.get_by_label("Ce qui se passe").fill("Une dizaine de bénévoles accueillent les habitants.")
    page.get_by_label("Votre nom").fill("Camille Martin")
    page.get_by_label(re.compile(r"^Votre (adresse )?e-mail")).fill("camille@example.org")
    page.get_by_role("button", name="Envoyer mon initiative").click()
    page.wait_for_url(re.compile(r"/proposer-une-initiative/suivi/"))
    status_url = page.url
    assert "En cours de relecture : Référents du département" in page.content()
    page.screenshot(path=str(screenshots / "moderation-status.png"), full_page=True)

    log_into_admin(page, "referent")
    approve_from_the_dashboard(page, "referent", screenshots)
    page.goto(status_url)
    assert "En cours de relecture : Modération Voisins Solidaires" in page.content()

    log_into_admin(page, "moderatrice")
    approve_from_the_dashboard(page, "moderatrice", screenshots)
    page.goto(status_url)
    assert "Publiée." in page.content()
    page.get_by_role("link", name="La voir en ligne").click()
    page.wait_for_url(re.compile(r"/mayenne/laval/initiatives/le-cafe-des-voisins/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Le café des voisins"
    page.screenshot(path=str(screenshots / "moderation-live.png"), full_page=True)
