"""A resident signs up with the keyboard alone, in chromium with DEBUG off (the test settings):
fewer than 30 Tab presses from the first field to the submit button, with the idea box's hundred
gestures in closed groups, the commune found from the postal code as it is typed and chosen with
the arrow keys, the form sent with Enter; every stop shows where the focus is."""

import re

import pytest
from django.core import mail

from onboarding.services import onboard_commune
from pages.models import HomePage, StandardPage
from snippets.services import load_gestures
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from volunteers.models import Volunteer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAX_TABS = 30


@pytest.fixture
def national_sign_up(live_server) -> str:
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    for code, name, slug in [("53096", "Ernée", "ernee"), ("53152", "Montenay", "montenay")]:
        commune = CommuneFactory(code=code, name=name, slug=slug, department=mayenne)
        PostalCodeFactory(code="53500", commune=commune)
    onboard_commune("53130")
    load_gestures()  # the idea box's gestures: a hundred, in eight categories
    HomePage.objects.get().add_child(
        instance=StandardPage(title="Charte du bénévole", slug="charte", kind="charter")
    )
    mail.outbox = []
    return live_server.url


FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        tag: element.tagName.toLowerCase(),
        type: element.type || "",
        name: element.name || "",
        text: (element.innerText || element.value || "").trim().slice(0, 60),
        visible: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
            || style.boxShadow !== "none",
    };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def test_keyboard_only_sign_up_in_fewer_than_30_tabs(national_sign_up, page, screenshots):
    page.goto(national_sign_up + "/je-participe/")
    for _ in range(MAX_TABS):  # from the top of the page to the first field
        page.keyboard.press("Tab")
        if focused(page)["name"] == "first_name":
            break
    assert focused(page)["name"] == "first_name"

    tabs = 0
    stops = []

    def tab():
        nonlocal tabs
        page.keyboard.press("Tab")
        tabs += 1
        stop = focused(page)
        assert stop["visible"], f"no visible focus on {stop}"
        stops.append(stop)
        return stop

    page.keyboard.type("Camille")
    tab()
    page.keyboard.type("Durand")
    tab()
    page.keyboard.type("camille.durand@exemple.invalid")
    tab()  # telephone, optional
    assert tab()["name"] == "language"  # of our messages, preset to the page's
    assert tab()["name"] == "postal_code"
    page.keyboard.type("53500")
    page.wait_for_function(
        "() => /est celui de 2 communes/.test(document.querySelector('.form-status').textContent)"
    )
    assert tab()["name"] == "commune"
    page.keyboard.press("ArrowDown")  # "Choisissez votre commune" -> Ernée (53500)
    assert page.get_by_label("Commune", exact=True).evaluate("s => s.selectedOptions[0].text") == (
        "Ernée (53500)"
    )

    ticked = set()
    while True:
        stop = tab()
        if stop["tag"] == "button":
            break
        if stop["type"] == "checkbox" and stop["name"] not in ticked:
            page.keyboard.press("Space")  # the first of each group of boxes, both consents
            ticked.add(stop["name"])
        assert tabs < MAX_TABS, stops
    assert stop["text"] == "Je m'inscris"
    summaries = [s["text"] for s in stops if s["tag"] == "summary"]
    assert len(summaries) == 8  # one stop per category, none of the hundred boxes
    assert not [s for s in stops if s["name"] == "gestures"]
    assert tabs < MAX_TABS, [s["name"] or s["text"] for s in stops]
    page.screenshot(path=str(screenshots / "sign-up-keyboard.png"), full_page=True)

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/je-participe/verifiez-vos-e-mails/$"))
    volunteer = Volunteer.objects.get()
    assert (volunteer.first_name, volunteer.commune.name) == ("Camille", "Ernée")
    assert volunteer.kinds and volunteer.availability
    assert volunteer.confirmed_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille.durand@exemple.invalid"]


def test_a_group_of_gestures_opens_and_closes_with_the_keyboard(
    national_sign_up, page, screenshots
):
    page.goto(national_sign_up + "/je-participe/")
    summary = page.locator("summary").first
    summary.focus()
    name = summary.inner_text()
    assert page.locator("details").first.evaluate("d => d.open") is False
    page.keyboard.press("Enter")
    assert page.locator("details").first.evaluate("d => d.open") is True
    page.keyboard.press("Tab")
    first_box = focused(page)
    assert first_box["name"] == "gestures" and first_box["visible"]
    page.keyboard.press("Space")
    page.keyboard.press("Shift+Tab")
    assert focused(page)["text"] == name
    page.keyboard.press("Space")  # closed again: the ticked box stays ticked, out of the way
    assert page.locator("details").first.evaluate("d => d.open") is False
    assert page.locator("details input:checked").count() == 1
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "summary" and focused(page)["text"] != name
