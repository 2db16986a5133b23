"""A resident confirms their sign-up from the e-mailed link; that browser now recognises them,
and they register for an action in ONE click, by keyboard only. The success page shows where,
when, the calendar links, the cancel link and their space; every link of the confirmation
e-mail is followed to its end, the List-Unsubscribe one too (it stops e-mails, cancels
nothing), and the registration is cancelled by the e-mailed cancel link."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.vocabulary import ActionKind
from onboarding.services import onboard_commune
from pages.agenda.queries import ensure_action_index
from pages.models import ActionPage
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from volunteers import services
from volunteers.models import Registration, Volunteer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# From the top of the action page to its "Je m'inscris" button: the skip link, the header's
# links, the menu, then the button: 14 in chromium today.
MAX_TABS = 20


def laval_s_repair_cafe():
    """Laval engaged, with an action in 11 days: 4 places, registration required. Returns
    (the commune, its page, the action)."""
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    laval_page = onboard_commune("53130")
    start = timezone.now() + timedelta(days=11)
    action = ActionPage(
        title="Repair café de la médiathèque",
        slug="repair-cafe",
        description="Réparer ensemble petits appareils et vêtements.",
        kind=ActionKind.COLLECTIVE,
        start=start,
        end=start + timedelta(hours=2),
        capacity=4,
        registration_required=True,
        address="Médiathèque Jacques-Demy, place de Hercé, Laval",
    )
    ensure_action_index(laval_page).add_child(instance=action)
    return laval, laval_page, action


@pytest.fixture
def new_volunteer(live_server) -> dict:
    laval, _laval_page, action = laval_s_repair_cafe()
    volunteer = Volunteer.objects.create(
        first_name="Loïc",
        last_name="Perrichon",
        email="loic.perrichon@exemple.invalid",
        commune=laval,
        charter_accepted_at=timezone.now(),
        contact_consent=True,
    )
    mail.outbox = []
    services.send_confirmation(volunteer)
    return {"url": live_server.url, "volunteer": volunteer, "action": action}


def link_in(message, path: str) -> str:
    return re.search(rf"http://testserver({re.escape(path)}[^\s\"<>]+)", message.body)[1]


def test_confirm_then_register_in_one_click_by_keyboard(new_volunteer, page, screenshots):
    base, volunteer, action = (new_volunteer[k] for k in ("url", "volunteer", "action"))

    # 1. The confirmation e-mail's link: the sign-up counts, this browser now knows them.
    confirmation = [m for m in mail.outbox if m.to == [volunteer.email]][-1]
    page.goto(base + link_in(confirmation, "/je-participe/confirmer/"))
    assert "confirmée" in page.get_by_role("heading", level=1).inner_text()
    cookie = next(c for c in page.context.cookies() if c["name"] == "hc_volontaire")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    # 2. The action page, by keyboard: Tab from the top to the button, then Enter. One click.
    page.goto(base + action.url)
    assert "4 places restantes sur 4" in page.locator("main").inner_text()
    tabs = 0
    while tabs < 100:
        page.keyboard.press("Tab")
        tabs += 1
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == "Je m'inscris à cette action":
            break
    assert tabs <= MAX_TABS, f"{tabs} Tab presses to reach the button"
    print(f"one click: {tabs} Tab presses from the top of the action page to the button")
    mail.outbox = []
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/inscription/$"))

    # 3. The success page: registered, where, when, calendar links, cancel, space.
    assert "Vous êtes inscrit" in page.get_by_role("status").inner_text()
    main = page.locator("main")
    assert "Médiathèque Jacques-Demy, place de Hercé, Laval" in main.inner_text()
    assert page.get_by_role("link", name=re.compile("Ajouter à Google Agenda")).is_visible()
    assert page.get_by_role("link", name=re.compile("Ajouter à Outlook")).is_visible()
    assert page.get_by_role("link", name="Annuler mon inscription").is_visible()
    space_link = page.get_by_role("link", name=re.compile("Mon espace bénévole"))
    page.screenshot(path=str(screenshots / "one-click-registered.png"), full_page=True)
    registration = Registration.objects.get(volunteer=volunteer)
    assert registration.status == Registration.Status.REGISTERED
    space_link.click()
    page.get_by_role("button", name="Ouvrir mon espace").click()  # the link opens once
    assert "Bonjour Loïc" in page.get_by_role("heading", level=1).inner_text()
    assert "Repair café de la médiathèque" in page.locator("main").inner_text()

    # 4. The e-mail that confirms the place: every link followed to its end.
    booked = [m for m in mail.outbox if m.to == [volunteer.email]]
    assert len(booked) == 1 and "réservée" in booked[0].subject
    booked = booked[0]
    page.goto(base + link_in(booked, "/agenda/perso/nouvelle-adresse/"))
    assert page.get_by_role("heading", level=1).is_visible()
    # The e-mail's link to the space was sent before the success page's was opened: spent.
    page.goto(base + link_in(booked, "/je-participe/mon-espace/"))
    assert "déjà été utilisé" in page.get_by_role("heading", level=1).inner_text()

    # List-Unsubscribe: the mail client's "unsubscribe" stops e-mails, cancels nothing.
    unsubscribe = booked.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/je-participe/ne-plus-recevoir/" in unsubscribe
    page.goto(base + unsubscribe.removeprefix("http://testserver"))
    page.get_by_role("button", name="Ne plus recevoir d'e-mails").click()
    assert "plus de rappels" in page.get_by_role("status").inner_text()
    volunteer.refresh_from_db()
    assert volunteer.emails_stopped_at is not None
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED

    # 5. The cancel link of the e-mail, to its end.
    page.goto(base + link_in(booked, "/je-participe/annulation/"))
    page.get_by_role("button", name="Annuler mon inscription").click()
    assert page.get_by_role("status").inner_text() == "Votre inscription est annulée."
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED

    # The action page has its place back, and offers the one click again.
    page.goto(base + action.url)
    assert "4 places restantes sur 4" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Je m'inscris à cette action").is_visible()
