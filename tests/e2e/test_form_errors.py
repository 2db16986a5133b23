"""In chromium: a form sent with errors comes back with the focus on its error summary, whose
first link is the next Tab; a focused button keeps its white text inside its two-band ring."""

import pytest

from onboarding.services import onboard_commune
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def laval_sign_up(live_server) -> str:
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    onboard_commune("53130")
    return live_server.url + "/mayenne/laval/je-participe/"


def test_the_empty_sign_up_focuses_its_error_summary(laval_sign_up, page, screenshots):
    page.goto(laval_sign_up)
    page.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_selector("#form-errors")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "form-errors"
    summary = page.locator("#form-errors")
    assert "Merci de corriger le formulaire" in summary.inner_text()
    assert "Prénom : Champ requis." in summary.inner_text()
    page.screenshot(path=str(screenshots / "sign-up-errors.png"), full_page=True)

    page.keyboard.press("Tab")
    first_link = summary.get_by_role("link").first
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        first_link.get_attribute("href")
    )
    assert first_link.get_attribute("href") == "#id_first_name"

    # The link leads to its field, which says what is wrong.
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_first_name"
    field = page.locator("#id_first_name")
    assert field.get_attribute("aria-invalid") == "true"
    error = page.locator("#id_first_name_error")
    assert field.get_attribute("aria-describedby") == "id_first_name_error"
    assert error.inner_text() == "Erreur : Champ requis."
    assert error.evaluate("e => getComputedStyle(e).color") == "rgb(164, 0, 29)"


def test_a_focused_button_keeps_its_white_text_inside_its_ring(laval_sign_up, page):
    page.goto(laval_sign_up)
    # Laval's primary colour, on which the dark text of the old focus style read at 1.86:1.
    page.evaluate("document.documentElement.style.setProperty('--colour-primary', '#8a1538')")
    button = page.get_by_role("button", name="Je m'inscris")
    button.focus()
    assert button.evaluate("b => b.matches(':focus-visible')")
    style = button.evaluate(
        "b => { const s = getComputedStyle(b);"
        " return {color: s.color, background: s.backgroundColor, shadow: s.boxShadow}; }"
    )
    assert style["color"] == "rgb(255, 255, 255)"
    assert style["background"] == "rgb(138, 21, 56)"
    assert style["shadow"] == (
        "rgb(255, 255, 255) 0px 0px 0px 3px, rgb(26, 26, 26) 0px 0px 0px 6px"
    )
