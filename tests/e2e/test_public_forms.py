"""The public forms that no other browser test submits, in chromium with DEBUG off: a visitor
suggests a gesture for the idea box, and a volunteer records their hours from the e-mailed
follow-up link. Each is followed to its end: what is stored, what is e-mailed, what is shown."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from core.vocabulary import ActionKind
from onboarding.services import onboard_commune
from pages.agenda.queries import ensure_action_index
from pages.models import ActionPage
from snippets.models import Gesture
from tests.factories.snippets import GestureCategoryFactory
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from tests.volunteers.conftest import make_volunteer
from volunteers.hours import send_follow_ups
from volunteers.models import Registration

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def link_in(message, path_part: str) -> str:
    """The first link of an e-mail whose path contains `path_part`, as a path."""
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(path_part) + r"\S*)", message.body)
    assert match, f"no link with {path_part} in:\n{message.body}"
    return match.group(1)


@pytest.fixture
def idea_box(live_server) -> str:
    GestureCategoryFactory(name="Lien entre voisins", slug="lien-entre-voisins")
    GestureCategoryFactory(name="Environnement", slug="environnement")
    return live_server.url


def test_a_visitor_suggests_a_gesture_and_it_waits_for_moderation(idea_box, page, screenshots):
    page.goto(idea_box + "/gestes/proposer/")
    page.get_by_label("Titre du geste").fill("Arroser les plantes d'un voisin en vacances")
    page.get_by_label("En une phrase").fill("Garder vivant le balcon d'un voisin parti en congés.")
    page.get_by_label("Comment faire").fill(
        "Proposez-le sur le panneau de l'immeuble, convenez d'un jour par semaine et "
        "rendez la clé au retour."
    )
    page.get_by_label("Catégorie").select_option(label="Environnement")
    page.get_by_label("Votre nom").fill("Ondine Passereau")
    page.get_by_label("Votre adresse e-mail").fill("ondine.passereau@exemple.invalid")
    page.get_by_role("button", name="Envoyer ma proposition").click()

    page.wait_for_url("**/gestes/proposer/merci/")
    page.screenshot(path=screenshots / "gesture-suggested.png", full_page=True)
    assert page.get_by_role("heading", level=1).is_visible()
    gesture = Gesture.objects.get(title="Arroser les plantes d'un voisin en vacances")
    assert not gesture.live, "a suggestion is a draft until a moderator approves it"
    assert gesture.category.slug == "environnement"
    assert gesture.suggested_by_email == "ondine.passereau@exemple.invalid"
    # The draft is not in the public idea box.
    response = page.goto(idea_box + "/gestes/")
    assert response.status == 200
    assert "Arroser les plantes" not in page.content()


def test_a_suggestion_with_errors_keeps_what_was_typed_and_stores_nothing(idea_box, page):
    page.goto(idea_box + "/gestes/proposer/")
    page.get_by_label("Titre du geste").fill("Aider")
    page.get_by_label("Votre nom").fill("Ondine Passereau")
    page.get_by_role("button", name="Envoyer ma proposition").click()

    summary = page.locator(".form-errors")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('form-errors')")
    assert page.get_by_label("Votre nom").input_value() == "Ondine Passereau"
    assert not Gesture.objects.filter(source=Gesture.Source.SUGGESTION).exists()


@pytest.fixture
def ended_action(live_server) -> dict:
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    laval_page = onboard_commune("53130")
    end = timezone.now() - timedelta(hours=3)
    action = ActionPage(
        title="Ramassage des déchets au bord de la Mayenne",
        slug="ramassage-mayenne",
        description="Une heure et demie le long du halage.",
        kind=ActionKind.COLLECTIVE,
        start=end - timedelta(minutes=90),
        end=end,
        registration_required=True,
        address="Quai d'Avesnières, Laval",
    )
    ensure_action_index(laval_page).add_child(instance=action)
    now = timezone.now()
    volunteer = make_volunteer(
        laval, first_name="Gaspard", last_name="Lichen", email="gaspard.lichen@exemple.invalid"
    )
    registration = Registration.objects.create(
        volunteer=volunteer,
        action=action,
        status=Registration.Status.REGISTERED,
        requested_at=now - timedelta(days=3),
    )
    mail.outbox = []
    assert send_follow_ups() == 1
    return {"url": live_server.url, "registration": registration}


def test_a_volunteer_records_their_hours_from_the_follow_up_email(ended_action, page, screenshots):
    base, registration = ended_action["url"], ended_action["registration"]
    (message,) = mail.outbox
    assert message.to == ["gaspard.lichen@exemple.invalid"]

    page.goto(base + link_in(message, "/je-participe/heures/"))
    hours = page.get_by_label("Heures données")
    assert hours.input_value() == "1.5", "the action's duration is offered"
    hours.fill("2")
    page.get_by_role("button", name="Enregistrer mes heures").click()
    page.get_by_role("heading", level=1).wait_for()
    page.screenshot(path=screenshots / "hours-recorded.png", full_page=True)

    registration.refresh_from_db()
    assert registration.hours == Decimal("2")
    assert registration.hours_recorded_at is not None


def test_hours_out_of_bounds_are_refused_in_french_and_nothing_changes(ended_action, page):
    base, registration = ended_action["url"], ended_action["registration"]
    (message,) = mail.outbox
    page.goto(base + link_in(message, "/je-participe/heures/"))
    page.get_by_label("Heures données").fill("40")
    page.get_by_role("button", name="Enregistrer mes heures").click()

    summary = page.locator(".form-errors")
    summary.wait_for()
    assert "12" in summary.inner_text(), summary.inner_text()
    registration.refresh_from_db()
    assert registration.hours is None
