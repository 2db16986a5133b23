"""A resident signs up from their commune's page, then confirms from the e-mail; on the national
form, the commune is found from the postal code as it is typed, and without JavaScript the form
asks for it in a second step."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.vocabulary import ActionKind
from onboarding.services import onboard_commune
from snippets.models import Gesture, GestureCategory
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from volunteers.models import Volunteer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def laval_sign_up(live_server) -> str:
    from wagtail.models import Locale

    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    onboard_commune("53130")
    locale = Locale.get_default()
    category = GestureCategory.objects.create(locale=locale, name="Courses", slug="courses")
    Gesture.objects.create(
        locale=locale,
        title="Porter un colis",
        slug="porter-colis",
        summary="Porter un colis",
        category=category,
        kind=ActionKind.NEIGHBOURLY,
        live=True,
    )
    mail.outbox = []
    return live_server.url


def test_resident_signs_up_and_confirms(laval_sign_up, page, screenshots):
    page.goto(laval_sign_up + "/mayenne/laval/je-participe/?geste=porter-colis")
    assert page.get_by_role("heading", level=1).inner_text() == "Je donne une heure par mois"
    assert page.get_by_label("Code postal").input_value() == "53000"
    assert page.get_by_label("Porter un colis").is_checked()
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label(re.compile(r"^Nom")).fill("Durand")
    page.get_by_label("E-mail").fill("camille.durand@exemple.invalid")
    page.get_by_label("Le week-end, le matin").check()
    page.get_by_label("J'ai lu et j'accepte la charte du bénévole").check()
    page.get_by_label(re.compile("J'accepte d'être contacté")).check()
    page.screenshot(path=str(screenshots / "sign-up-form.png"), full_page=True)
    page.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_url(re.compile(r"/je-participe/verifiez-vos-e-mails/$"))
    assert "Vérifiez votre boîte" in page.get_by_role("heading", level=1).inner_text()

    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/je-participe/confirmer/\S+/)", mail.outbox[0].body)[1]
    page.goto(laval_sign_up + link)
    assert page.get_by_role("heading", level=1).inner_text() == "Votre inscription est confirmée"


@pytest.fixture
def national_sign_up(laval_sign_up) -> str:
    """Laval's fixture, with Ernée and Montenay, which share the postal code 53500."""
    from territories.models import Department

    mayenne = Department.objects.get(code="53")
    for code, name, slug in [("53096", "Ernée", "ernee"), ("53152", "Montenay", "montenay")]:
        commune = CommuneFactory(code=code, name=name, slug=slug, department=mayenne)
        PostalCodeFactory(code="53500", commune=commune)
    return laval_sign_up


def fill_the_rest(page):
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label(re.compile(r"^Nom")).fill("Durand")
    page.get_by_label("E-mail").fill("camille.durand@exemple.invalid")
    page.get_by_label("J'ai lu et j'accepte la charte du bénévole").check()
    page.get_by_label(re.compile("J'accepte d'être contacté")).check()


def test_the_commune_is_found_as_the_postal_code_is_typed(national_sign_up, page, screenshots):
    page.goto(national_sign_up + "/je-participe/")
    commune = page.get_by_label("Commune", exact=True)
    status = page.get_by_role("status")
    assert status.get_attribute("role") == "status"  # polite: announced when the typing pauses
    assert not commune.is_visible()  # nothing to choose yet
    # The help for a page without script is hidden: the script does that step.
    assert not page.get_by_text("vous choisirez la vôtre après l'envoi").is_visible()

    postal_code = page.get_by_label("Code postal")
    postal_code.press_sequentially("9999")
    assert not commune.is_visible()  # four digits: nothing asked yet
    postal_code.press_sequentially("9")
    # Retried until the answer arrives: "Recherche des communes du code postal 99999…" comes first.
    expect(status).to_have_text("Aucune commune n'a le code postal 99999.")
    assert not commune.is_visible()

    postal_code.fill("")
    postal_code.press_sequentially("53 000")
    page.wait_for_function(
        "() => /choisie/.test(document.querySelector('.form-status').textContent)"
    )
    assert status.inner_text() == "Laval (53000) : votre commune est choisie."
    assert commune.is_visible()
    assert commune.evaluate("s => s.selectedOptions[0].text") == "Laval (53000)"

    postal_code.fill("53500")
    page.wait_for_function(
        "() => /2 communes/.test(document.querySelector('.form-status').textContent)"
    )
    options = commune.evaluate("s => [...s.options].map(o => o.text)")
    assert options == ["Choisissez votre commune", "Ernée (53500)", "Montenay (53500)"]
    commune.select_option(label="Montenay (53500)")
    fill_the_rest(page)
    page.screenshot(path=str(screenshots / "sign-up-postal-code.png"), full_page=True)
    page.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_url(re.compile(r"/je-participe/verifiez-vos-e-mails/$"))
    assert Volunteer.objects.get().commune.name == "Montenay"
    assert len(mail.outbox) == 1


def test_without_javascript_the_commune_is_chosen_in_a_second_calm_step(
    national_sign_up, browser, screenshots
):
    context = browser.new_context(
        locale="fr-FR", java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(national_sign_up + "/je-participe/")
        assert not page.get_by_label("Commune", exact=True).is_visible()
        assert page.get_by_text("vous choisirez la vôtre après l'envoi").is_visible()
        page.get_by_label("Code postal").fill("53500")
        fill_the_rest(page)
        page.get_by_role("button", name="Je m'inscris").click()
        page.wait_for_load_state()

        # The same page, no error summary, nothing red: the commune to choose, focused.
        assert page.locator("#form-errors").count() == 0
        assert page.locator(".form-field--error, [aria-invalid]").count() == 0
        commune = page.get_by_label("Commune", exact=True)
        assert commune.evaluate("s => s === document.activeElement")
        assert page.get_by_text("Le code postal 53500 est celui de plusieurs communes").is_visible()
        assert page.get_by_label("Prénom").input_value() == "Camille"
        page.screenshot(path=str(screenshots / "sign-up-without-script.png"), full_page=True)
        commune.select_option(label="Ernée (53500)")
        page.get_by_role("button", name="Je m'inscris").click()
        page.wait_for_url(re.compile(r"/je-participe/verifiez-vos-e-mails/$"))
    finally:
        context.close()
    assert Volunteer.objects.get().commune.name == "Ernée"
    assert len(mail.outbox) == 1
