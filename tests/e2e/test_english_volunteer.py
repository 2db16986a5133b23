"""Issue 21's proof, end to end in chromium: a resident switches Laval's page to English,
subscribes to the English agenda (its feed, read by ical.js, holds the French feed's UIDs with
English summaries), signs up in English, confirms from the English e-mail, registers for an
action happening tomorrow from its English page; the reminders job then e-mails the reminder in
English, with English links (followed to their end) and no French sentence."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import transaction
from wagtail.models import Locale

from demo import actions as demo_actions
from demo import content
from demo.services import ensure_commune_page, ensure_department_page, fill_territory
from demo.translations import ENGLISH
from pages.agenda.queries import action_index_of, today
from pages.agenda.recurrence import PARIS
from pages.models import ActionPage, HomePage
from pages.translations import translate
from territories.models import Commune
from tests.demo.territories import create_demo_territories
from tests.factories.territories import PostalCodeFactory
from tests.pages.icaljs import icaljs
from volunteers import jobs
from volunteers.models import Registration, Volunteer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "robin.hale@example.invalid"
CLEANING = "nettoyage-berges-mayenne"
# French words and sentences of the volunteers' e-mails and of the date (l j F Y): none may
# be in an English one (the content left untranslated by the demo, an address, is not
# looked for).
FRENCH = re.compile(
    r"\b(Bonjour|Rappel|demain|Quand|Où|Annuler|inscription|Mon espace|calendrier|"
    r"confirmer|Merci|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|janvier|février|"
    r"mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|Nettoyage|berges)\b",
    re.IGNORECASE,
)


def laval_in_english() -> None:
    """The demo's Laval, as `load_demo(translations_too=True)` makes it, but only Mayenne, Laval
    and its actions (the whole demo takes minutes on a busy machine): their pages, their and
    the national home's English translations (the demo's own strings, through wagtail-localize), and
    the banks' cleaning moved to tomorrow, 9:00 Paris time."""
    create_demo_territories()
    PostalCodeFactory(code="53000", commune=Commune.objects.get(code="53130"))
    french = Locale.get_default()
    mayenne_content = next(d for d in content.DEPARTMENTS if d.code == "53")
    laval_content = next(c for c in mayenne_content.communes if c.code == "53130")
    with transaction.atomic():
        home = HomePage.objects.get(locale=french)
        mayenne = ensure_department_page("53")
        fill_territory(mayenne, mayenne_content)
        laval = ensure_commune_page("53130")
        fill_territory(laval, laval_content)
    demo_actions.load()  # only those of the territories that have a page: Mayenne's, Laval's
    agenda = action_index_of(laval)
    cleaning = ActionPage.objects.get(slug=CLEANING, locale=french)
    start = dt.datetime.combine(today() + dt.timedelta(days=1), dt.time(9), tzinfo=PARIS)
    cleaning.start, cleaning.end = start, start + dt.timedelta(minutes=150)
    cleaning.save_revision().publish()
    for page in [home, mayenne, laval, agenda, *agenda.get_children().live().specific()]:
        translate(page.specific, "en", ENGLISH)


@pytest.fixture
def english_laval(live_server) -> str:
    laval_in_english()
    mail.outbox = []
    return live_server.url


def french_in(text: str) -> list[str]:
    """The French words of `text`, its addresses (French paths: /je-participe/) left out."""
    return FRENCH.findall(re.sub(r"https?://\S+", " ", text))


def path_of(url: str) -> str:
    """The path (and query) of an e-mailed or printed address: the live server answers it."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def links_of(message) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", message.body)


def html_of(message) -> str:
    return next(body for body, kind in message.alternatives if kind == "text/html")


def window() -> tuple[dt.datetime, dt.datetime]:
    now = dt.datetime.now(dt.UTC)
    return now - dt.timedelta(days=1), now + dt.timedelta(weeks=10)


def test_an_english_resident_subscribes_signs_up_registers_and_is_reminded_in_english(
    english_laval, page, screenshots
):
    base = english_laval

    # 1. Laval's page in French; the switcher, by keyboard, to its English page.
    page.goto(base + "/mayenne/laval/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator(".language-switcher a", has_text="English").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/mayenne/laval/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "works with the neighbourhood centres" in page.locator("main").inner_text()

    # 2. The English agenda, its subscription link, fetched as a calendar application would
    # (webcal:// is http://); the French agenda's beside it. Read by ical.js.
    page.locator(".main-menu a", has_text="Agenda").click()
    page.wait_for_url(re.compile(r"/en/mayenne/laval/actions/$"))
    assert "Cleaning the banks of the Mayenne" in page.locator("main").inner_text()
    webcal = page.get_by_role("link", name="Subscribe (webcal)").first.get_attribute("href")
    assert webcal.startswith("webcal://") and path_of(webcal) == "/en/mayenne/laval/agenda.ics"
    english_feed = page.request.get(base + path_of(webcal))
    page.locator(".language-switcher a", has_text="Français").click()
    page.wait_for_url(re.compile(r"/mayenne/laval/actions/$"))
    french_webcal = page.get_by_role(
        "link", name=re.compile(r"^S.abonner \(webcal\)$")
    ).first.get_attribute("href")
    assert path_of(french_webcal) == "/mayenne/laval/agenda.ics"
    french_feed = page.request.get(base + path_of(french_webcal))
    assert english_feed.status == french_feed.status == 200
    english, french = icaljs(english_feed.body(), *window()), icaljs(french_feed.body(), *window())
    assert [o["uid"] for o in english["occurrences"]] == [o["uid"] for o in french["occurrences"]]
    assert len(english["occurrences"]) >= 5
    assert english["calendar"]["x-wr-calname"] == "L'Heure Civique — Laval"
    summaries = {o["summary"] for o in english["occurrences"]}
    assert {"Cleaning the banks of the Mayenne", "Knitting café", "Bike repair workshop"} <= (
        summaries
    )
    assert "Nettoyage des berges de la Mayenne" in {o["summary"] for o in french["occurrences"]}
    # Laval's actions are translated: in English, at their English address; Mayenne's
    # department-wide one is not: in French, at its French one.
    for mine, theirs in zip(english["occurrences"], french["occurrences"], strict=True):
        if "/mayenne/laval/" in theirs["url"]:
            assert mine["summary"] != theirs["summary"]
            assert path_of(mine["url"]) == "/en" + path_of(theirs["url"])
        else:
            assert (mine["summary"], mine["url"]) == (theirs["summary"], theirs["url"])

    # 3. Signing up in English, from Laval's English page.
    page.locator(".language-switcher a", has_text="English").click()
    page.wait_for_url(re.compile(r"/en/mayenne/laval/actions/$"))
    page.goto(base + "/en/mayenne/laval/")
    page.locator("main").get_by_role("link", name="I take part").first.click()
    page.wait_for_url(re.compile(r"/en/mayenne/laval/je-participe/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_label("Postal code").input_value() == "53000"
    language = page.get_by_label("Language of our messages to you")
    assert language.evaluate("s => s.value") == "en"  # the page's, as chosen for them
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Hale")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("I have read and accept the volunteer charter").check()
    page.get_by_label(re.compile("I agree to be contacted")).check()
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(re.compile(r"/en/je-participe/verifiez-vos-e-mails/$"))
    assert page.locator("html").get_attribute("lang") == "en"

    (confirmation,) = mail.outbox
    assert confirmation.to == [EMAIL]
    assert confirmation.subject == "Confirm your sign-up to L'Heure Civique"
    assert confirmation.body.startswith("Hello Robin,")
    assert "Thank you for giving one hour a month!" in confirmation.body
    assert not french_in(confirmation.subject + confirmation.body), confirmation.body
    confirm = next(url for url in links_of(confirmation) if "/confirmer/" in url)
    assert path_of(confirm).startswith("/en/je-participe/confirmer/")
    page.goto(base + path_of(confirm))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Your sign-up is confirmed"
    volunteer = Volunteer.objects.get(email=EMAIL)
    assert volunteer.is_confirmed and volunteer.language == "en"

    # 4. From the English page of tomorrow's action: one click registers this browser's
    # volunteer. Then the reminders job, as django-q runs it every hour.
    page.goto(base + "/en/mayenne/laval/actions/")
    page.get_by_role("link", name="Cleaning the banks of the Mayenne").first.click()
    page.wait_for_url(re.compile(rf"/en/mayenne/laval/actions/{CLEANING}/$"))
    mail.outbox = []
    page.get_by_role("button", name="Register for this action").click()
    page.wait_for_url(re.compile(r"/inscription/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "You are registered" in page.get_by_role("status").inner_text()
    page.screenshot(path=str(screenshots / "english-registered.png"), full_page=True)
    # A place of the action, the French one's: the English page is the same action.
    registration = Registration.objects.select_related("action__locale").get(volunteer=volunteer)
    assert registration.status == Registration.Status.REGISTERED
    assert registration.action.locale.language_code == "fr"

    mail.outbox = []
    assert jobs.send_reminders() >= 1
    (reminder,) = [message for message in mail.outbox if message.to == [EMAIL]]
    assert reminder.subject == 'Tomorrow: "Cleaning the banks of the Mayenne"'
    assert reminder.body.startswith("Hello Robin,")
    assert 'you are expected tomorrow for "Cleaning the banks of the Mayenne"' in reminder.body
    when = (today() + dt.timedelta(days=1)).strftime("%A %-d %B %Y")  # C locale: English
    assert f"When: {when}, 09:00" in reminder.body
    assert not french_in(reminder.subject + reminder.body), reminder.body
    assert not french_in(re.sub(r"<[^>]+>", " ", html_of(reminder)))
    attachment = next(body for name, body, kind in reminder.attachments if kind == "text/calendar")
    attached = icaljs(attachment.encode(), *window())
    assert [o["summary"] for o in attached["occurrences"]] == ["Cleaning the banks of the Mayenne"]
    assert attached["occurrences"][0]["uid"] in {o["uid"] for o in french["occurrences"]}

    # Every link of the reminder is English, and followed to its end in chromium.
    # (The footer names the site by its address, http://testserver here: not a page.)
    urls = [path_of(url) for url in links_of(reminder) if path_of(url) not in ("", "/")]
    assert urls and all(url.startswith("/en/") for url in urls), urls
    action_url = next(url for url in urls if url.endswith(f"/actions/{CLEANING}/"))
    page.goto(base + action_url)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Cleaning the banks of the Mayenne"
    feed_url = next(url for url in urls if url.startswith("/en/agenda/perso/"))
    personal = page.request.get(base + feed_url)
    assert personal.status == 200
    mine = icaljs(personal.body(), *window())
    assert [o["summary"] for o in mine["occurrences"]] == ["Cleaning the banks of the Mayenne"]
    assert mine["occurrences"][0]["uid"] == attached["occurrences"][0]["uid"]
    assert not french_in(mine["calendar"]["x-wr-calname"] or "")
    cancel = next(url for url in urls if "/annulation/" in url)
    page.goto(base + cancel)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Cleaning the banks of the Mayenne"
    page.get_by_role("button", name="Cancel my registration").click()
    assert page.get_by_role("status").inner_text() == "Your registration is cancelled."
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
