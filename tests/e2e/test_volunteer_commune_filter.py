"""The Mayenne's referent filters their volunteers by commune in the admin: with the keyboard
among the suggestions (the script), by a postal code typed and sent (without script), then
downloads the CSV of that commune, streamed by the live server."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from onboarding import roles
from onboarding import services as onboarding
from onboarding.models import TerritoryGroup
from tests.conftest import PASSWORD
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from volunteers.models import Volunteer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def mayenne_volunteers(live_server, home_page) -> str:
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    chateau = CommuneFactory(
        code="53062",
        name="Château-Gontier-sur-Mayenne",
        slug="chateau-gontier-sur-mayenne",
        department=mayenne,
    )
    PostalCodeFactory(code="53200", commune=chateau)
    lassay = CommuneFactory(
        code="53127", name="Lassay-les-Châteaux", slug="lassay-les-chateaux", department=mayenne
    )
    PostalCodeFactory(code="53110", commune=lassay)
    onboarding.onboard_commune("53130")
    onboarding.onboard_commune("53062")
    referent = get_user_model().objects.create_user("referent", "referent@example.org", PASSWORD)
    referent.groups.add(roles.group_of(mayenne, TerritoryGroup.Role.REFERENTS))
    now = timezone.now()
    for last_name, commune in (("Lavalloise", laval), ("Castelgontiere", chateau)):
        Volunteer.objects.create(
            first_name="Camille",
            last_name=last_name,
            email=f"{last_name.lower()}@exemple.invalid",
            commune=commune,
            charter_accepted_at=now,
            contact_consent=True,
            confirmed_at=now,
            handed_over_at=now,
        )
    return live_server.url


def test_the_referent_chooses_a_suggested_commune_with_the_keyboard(
    mayenne_volunteers, log_into_admin, page, screenshots
):
    from playwright.sync_api import expect

    base = mayenne_volunteers
    log_into_admin(page, "referent")
    page.goto(base + "/admin/volontaires/")
    commune = page.get_by_role("combobox", name="Commune")
    commune.press_sequentially("la")
    suggestions = page.get_by_role("listbox", name="Commune")
    expect(suggestions.get_by_role("option")).to_have_text(
        ["Lassay-les-Châteaux (53110)", "Laval (53000)"]
    )
    expect(page.get_by_role("status").filter(has_text="communes proposées")).to_contain_text(
        "2 communes proposées"
    )
    page.screenshot(path=str(screenshots / "volunteers-commune-suggestions.png"), full_page=True)
    commune.press("ArrowDown")
    commune.press("ArrowDown")
    expect(commune).to_have_attribute("aria-activedescendant", re.compile(r"-suggestions-1$"))
    commune.press("Enter")  # chooses
    expect(commune).to_have_value("Laval (53000)")
    expect(suggestions).to_be_hidden()
    expect(commune).to_have_attribute("aria-expanded", "false")
    commune.press("Enter")  # sends the filter
    page.wait_for_url(re.compile(r"commune=Laval"))
    table = page.locator("table.listing")
    expect(table).to_contain_text("Lavalloise")
    expect(table).not_to_contain_text("Castelgontiere")

    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.startswith("Prénom;Nom;E-mail")
    assert "Lavalloise" in content and "Castelgontiere" not in content

    commune.fill("qu")  # Quimper is not theirs: nothing, said
    expect(page.get_by_role("status").filter(has_text="Aucune")).to_have_text(
        "Aucune commune de votre territoire ne correspond."
    )
    commune.press("Escape")


def test_without_script_a_postal_code_typed_filters(
    mayenne_volunteers, log_into_admin, browser, screenshots
):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    base = mayenne_volunteers
    log_into_admin(page, "referent")
    page.goto(base + "/admin/volontaires/")
    page.get_by_label("Commune").fill("53200")
    page.get_by_role("button", name="Filtrer").click()
    table = page.locator("table.listing").inner_text()
    assert "Castelgontiere" in table and "Lavalloise" not in table
    page.get_by_label("Commune").fill("Quimper")
    page.get_by_role("button", name="Filtrer").click()
    assert "Aucune commune de votre territoire ne correspond à « Quimper »" in page.content()
    page.screenshot(path=str(screenshots / "volunteers-commune-unknown.png"), full_page=True)
    context.close()
