"""Two volunteers want the last place of an action: the first registers from the e-mailed link,
the second, on the same computer ("not you?" forgets the first), lands on the waiting list;
the first cancels from their e-mail and the second gets the place. Then the referent of Laval
writes a note about the first in the admin."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from core.vocabulary import ActionKind
from onboarding.models import TerritoryGroup
from onboarding.roles import group_of
from onboarding.services import onboard_commune
from pages.agenda.queries import ensure_action_index
from pages.models import ActionPage
from tests.conftest import PASSWORD
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from volunteers.models import Registration, Volunteer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def one_place_left(live_server) -> dict:
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    laval_page = onboard_commune("53130")
    start = timezone.now() + timedelta(days=12)
    action = ActionPage(
        title="Lecture à l'EHPAD",
        slug="lecture-ehpad",
        description="Une heure de lecture à voix haute avec les résidents.",
        kind=ActionKind.COLLECTIVE,
        start=start,
        end=start + timedelta(hours=1),
        capacity=1,
        registration_required=True,
        address="EHPAD du Bourny, Laval",
    )
    ensure_action_index(laval_page).add_child(instance=action)
    now = timezone.now()
    people = [
        Volunteer.objects.create(
            first_name=first,
            last_name=last,
            email=f"{first.lower()}@exemple.invalid",
            commune=laval,
            charter_accepted_at=now,
            contact_consent=True,
            confirmed_at=now,
            handed_over_at=now,
        )
        for first, last in [("Anouk", "Brisefer"), ("Bastien", "Coquelicot")]
    ]
    referent = get_user_model().objects.create_user(
        username="laval.referent", email="referent@mairie.example", password=PASSWORD
    )
    referent.groups.add(group_of(laval, TerritoryGroup.Role.REFERENTS))
    mail.outbox = []
    return {"url": live_server.url, "action": action, "people": people}


def link_in(message, path: str) -> str:
    return re.search(rf"http://testserver({path}\S+/)", message.body)[1]


def ask_for_a_link(page, base: str, email: str) -> str:
    page.goto(base + "/mayenne/laval/actions/lecture-ehpad/")
    # A device that recognises someone else (who registered on it): "not you?" forgets it.
    forget = page.get_by_role("button", name="Ce n'est pas vous ? Oublier cet appareil")
    if forget.count():
        forget.click()
        page.wait_for_url(re.compile(r"/lecture-ehpad/$"))
    page.get_by_role("link", name=re.compile("^Je m'inscris")).click()  # or on the waiting list
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="M'envoyer le lien").click()
    assert page.get_by_role("status").is_visible()
    message = [m for m in mail.outbox if m.to == [email]][-1]
    return link_in(message, "/je-participe/inscription/")


def test_the_last_place_goes_to_the_waiting_list_then_to_the_next(
    one_place_left, page, screenshots
):
    base = one_place_left["url"]
    anouk, bastien = one_place_left["people"]

    page.goto(base + ask_for_a_link(page, base, anouk.email))
    page.get_by_role("button", name="S'inscrire").click()
    assert "Vous êtes inscrit" in page.get_by_role("status").inner_text()

    page.goto(base + ask_for_a_link(page, base, bastien.email))
    page.get_by_role("button", name="Je m'inscris sur la liste d'attente").click()
    assert "liste d'attente" in page.get_by_role("status").inner_text()
    page.screenshot(path=str(screenshots / "registration-waiting-list.png"), full_page=True)

    booked = [m for m in mail.outbox if m.to == [anouk.email] and "réservée" in m.subject][-1]
    page.goto(base + link_in(booked, "/je-participe/annulation/"))
    page.get_by_role("button", name="Annuler mon inscription").click()
    assert page.get_by_role("status").inner_text() == "Votre inscription est annulée."

    places = Registration.objects.filter(action=one_place_left["action"])
    assert places.get(volunteer=anouk).status == Registration.Status.CANCELLED
    assert places.get(volunteer=bastien).status == Registration.Status.REGISTERED
    assert [m for m in mail.outbox if m.to == [bastien.email] and "libérée" in m.subject]


def test_the_referent_writes_a_note_about_a_volunteer(
    one_place_left, log_into_admin, page, screenshots
):
    base = one_place_left["url"]
    anouk = one_place_left["people"][0]
    log_into_admin(page, "laval.referent")

    page.goto(base + "/admin/volontaires/")
    page.get_by_role("link", name=re.compile("Brisefer")).click()
    page.get_by_label("Nouvelle note").fill("Appelée : préfère le samedi matin.")
    page.get_by_role("button", name="Ajouter la note").click()
    page.wait_for_url(re.compile(rf"/admin/volontaires/{anouk.pk}/$"))
    notes = page.locator(".volunteer-notes")
    assert "Appelée : préfère le samedi matin." in notes.inner_text()
    assert "par laval.referent" in notes.inner_text()
    page.screenshot(path=str(screenshots / "referent-note.png"), full_page=True)
