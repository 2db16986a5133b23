"""The reference front end (examples/headless/), served on another origin by a small static
server, reads the API from chromium: Laval's page, its agenda and a gesture of the idea box;
then a resident signs up through POST /api/v2/sign-up/; the e-mail's link opens the front end
(HEADLESS_FRONT_END_URLS), which confirms through the API, and so does their space's link.
CORS answers that origin only because CORS_ALLOWED_ORIGINS names it. DEBUG is off (the test
settings), the page is axe-clean and fits 320 px."""

import functools
import re
import threading
from datetime import timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Locale

from core.vocabulary import ActionKind
from onboarding.services import onboard_commune
from pages.agenda.queries import ensure_action_index
from pages.models import ActionPage, CommunePage
from snippets.models import Gesture, GestureCategory
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from volunteers.models import Volunteer
from volunteers.space import send_space_link

from .test_axe import AXE, RUN_AXE

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FRONT_END = Path(django_settings.BASE_DIR) / "examples" / "headless"
# The static server's port: the first free one from here (the live server takes its own).
PORTS = range(8501, 8550)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory: Path) -> ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(directory))
    for port in PORTS:
        try:
            return ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError:
            continue
    raise RuntimeError(f"No free port in {PORTS}.")


@pytest.fixture
def front_end():
    """examples/headless/ on its own origin, as a département's site would serve it."""
    server = serve(FRONT_END)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def laval_site(live_server, front_end, settings) -> dict:
    settings.CORS_ALLOWED_ORIGINS = [front_end]
    # The e-mails of a volunteer who signed up there open the front end's page.
    settings.HEADLESS_FRONT_END_URLS = {
        front_end: f"{front_end}/index.html?api={live_server.url}&page=/mayenne/laval/"
    }
    # The API's public address is the live server's (find/ redirects to it), as in production
    # it is the site's own.
    settings.WAGTAILAPI_BASE_URL = live_server.url
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    laval_page = onboard_commune("53130")
    CommunePage.objects.filter(pk=laval_page.pk).update(
        intro="À Laval, chacun donne une heure par mois près de chez soi."
    )
    start = timezone.now() + timedelta(days=9)
    ensure_action_index(laval_page).add_child(
        instance=ActionPage(
            title="Jardin partagé du Bourny",
            slug="jardin-bourny",
            description="Une heure de désherbage au jardin partagé.",
            kind=ActionKind.COLLECTIVE,
            start=start,
            end=start + timedelta(hours=1),
            registration_required=True,
            capacity=8,
            address="Jardin du Bourny, Laval",
        )
    )
    locale = Locale.get_default()
    category = GestureCategory.objects.create(locale=locale, name="Voisinage", slug="voisinage")
    Gesture.objects.create(
        locale=locale,
        title="Monter les courses d'un voisin",
        slug="monter-courses",
        summary="Porter les sacs jusqu'à sa porte, le samedi matin.",
        how_to="<p>Proposez-le avec un mot dans le hall.</p>",
        category=category,
        kind=ActionKind.NEIGHBOURLY,
        live=True,
    )
    mail.outbox = []
    return {"site": live_server.url, "front_end": front_end}


def test_the_front_end_on_another_origin_renders_laval_and_signs_a_volunteer_up(
    laval_site, page, screenshots
):
    site, front_end = laval_site["site"], laval_site["front_end"]
    assert front_end != site  # another origin: another port
    page.context.add_init_script(path=str(AXE))
    page.goto(f"{front_end}/index.html?api={site}&page=/mayenne/laval/")

    # Laval's page, its agenda and a gesture, from the API alone.
    expect(page.get_by_role("heading", level=1)).to_have_text("Laval")
    expect(page.get_by_text("chacun donne une heure par mois")).to_be_visible()
    agenda = page.locator("#agenda")
    expect(agenda.get_by_role("link", name="Jardin partagé du Bourny")).to_be_visible()
    expect(agenda.get_by_text("8 place(s) libre(s)")).to_be_visible()
    link = agenda.get_by_role("link", name="Jardin partagé du Bourny").get_attribute("href")
    assert link.endswith("/mayenne/laval/actions/jardin-bourny/")
    gesture = page.locator("#gesture")
    expect(gesture.get_by_role("heading", level=3)).to_have_text("Monter les courses d'un voisin")
    expect(gesture.get_by_text("Proposez-le avec un mot dans le hall.")).to_be_visible()
    page.screenshot(path=str(screenshots / "headless-front-end.png"), full_page=True)

    # Accessible on a phone and a laptop; nothing wider than a 320 px screen.
    for width in (320, 390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        violations = page.evaluate(RUN_AXE)
        assert not violations, (width, violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    # A form sent incomplete: the API's errors, in French, by field, the summary focused.
    page.get_by_role("button", name="Je m'inscris").click()
    summary = page.locator("#sign-up-errors")
    expect(summary).to_be_focused()
    expect(page.locator("#first_name-error")).to_have_text("Champ requis.")
    assert page.get_by_label("Prénom").get_attribute("aria-invalid") == "true"
    assert not Volunteer.objects.exists() and not mail.outbox
    assert not page.evaluate(RUN_AXE)

    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("E-mail").fill("camille.durand@exemple.invalid")
    page.get_by_label("Code postal").fill("53000")
    page.get_by_label("J'ai lu et j'accepte la charte du bénévole").check()
    page.get_by_label(re.compile("J'accepte d'être contacté")).check()
    page.get_by_role("button", name="Je m'inscris").click()
    expect(page.get_by_role("status").filter(has_text="message est en route")).to_be_visible()
    expect(summary).to_be_hidden()

    # The confirmation e-mail arrives; its link opens the front end, which confirms through
    # the API.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille.durand@exemple.invalid"]
    assert "/je-participe/confirmer/" not in message.body
    confirm = re.search(rf"{re.escape(front_end)}/index\.html\?\S*confirm=\S+", message.body)[0]
    page.goto(confirm)
    outcome = page.locator("#link")
    expect(outcome.get_by_role("heading", level=2)).to_have_text("Votre inscription")
    expect(outcome.get_by_role("status")).to_have_text("Votre inscription est confirmée. Merci !")
    assert "confirm=" not in page.url  # the token leaves the address bar
    expect(page.get_by_role("heading", level=1)).to_have_text("Laval")  # the page as before
    volunteer = Volunteer.objects.get()
    assert volunteer.commune.code == "53130" and volunteer.confirmed_at is not None
    assert volunteer.front_end == front_end
    assert not page.evaluate(RUN_AXE)

    # Their space's link, asked for later, opens the front end too: it opens the space.
    send_space_link(volunteer.email)
    space = re.search(rf"{re.escape(front_end)}/index\.html\?\S*space=\S+", mail.outbox[-1].body)
    page.goto(space[0])
    expect(outcome.get_by_role("status")).to_have_text("Bonjour Camille, voici votre espace.")
    expect(outcome.get_by_text("Aucune inscription à venir.")).to_be_visible()
    page.screenshot(path=str(screenshots / "headless-front-end-space.png"), full_page=True)
    assert not page.evaluate(RUN_AXE)
    # Opened once: the same link again says so, from the API.
    page.goto(space[0])
    expect(outcome.get_by_role("status")).not_to_have_text(re.compile("Bonjour|instant"))


def test_an_origin_not_configured_reads_nothing(laval_site, page, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.autre.example"]
    site, front_end = laval_site["site"], laval_site["front_end"]
    page.goto(f"{front_end}/index.html?api={site}&page=/mayenne/laval/")
    expect(page.locator("#loading")).to_contain_text("n'a pas pu être chargée")
    expect(page.get_by_role("heading", level=1)).to_be_hidden()


def test_a_french_page_is_answered_in_french_in_an_english_browser(laval_site, browser):
    """The front end asks the API in its page's language: a browser's own Accept-Language
    answered a French page's errors in English and signed the volunteer up in English."""
    site, front_end = laval_site["site"], laval_site["front_end"]
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto(f"{front_end}/index.html?api={site}&page=/mayenne/laval/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Laval")
        page.get_by_role("button", name="Je m'inscris").click()
        expect(page.locator("#first_name-error")).to_have_text("Champ requis.")
        page.get_by_label("Prénom").fill("Alex")
        page.get_by_label("Nom", exact=True).fill("Martin")
        page.get_by_label("E-mail").fill("alex.martin@exemple.invalid")
        page.get_by_label("Code postal").fill("53000")
        page.get_by_label("J'ai lu et j'accepte la charte du bénévole").check()
        page.get_by_label(re.compile("J'accepte d'être contacté")).check()
        page.get_by_role("button", name="Je m'inscris").click()
        expect(page.get_by_role("status").filter(has_text="message est en route")).to_be_visible()
    finally:
        context.close()
    assert Volunteer.objects.get().language == "fr"
    assert mail.outbox[0].body.startswith("Bonjour Alex")
