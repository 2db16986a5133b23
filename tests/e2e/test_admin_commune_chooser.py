"""Laval's editor gives an action its commune in the admin with the commune chooser: a search
in a modal, not a select of France's communes."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from onboarding import roles
from onboarding import services as onboarding
from onboarding.models import TerritoryGroup
from pages.agenda.queries import ensure_action_index
from pages.agenda.recurrence import PARIS
from pages.models import ActionPage
from tests.conftest import PASSWORD
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def action_to_edit(live_server, home_page):
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    chateau = CommuneFactory(
        code="53062",
        name="Château-Gontier-sur-Mayenne",
        slug="chateau-gontier-sur-mayenne",
        department=mayenne,
    )
    laval_page = onboarding.onboard_commune("53130")
    editor = get_user_model().objects.create_user("editeur", "editeur@example.org", PASSWORD)
    editor.groups.add(roles.group_of(laval, TerritoryGroup.Role.EDITORS))
    start = dt.datetime(2027, 3, 6, 10, tzinfo=PARIS)
    action = ActionPage(
        title="Jardin",
        description="On jardine.",
        kind="collective",
        address="Jardin des Plantes",
        start=start,
        end=start + dt.timedelta(hours=2),
    )
    ensure_action_index(laval_page).add_child(instance=action)
    return live_server.url, reverse("wagtailadmin_pages:edit", args=[action.pk]), chateau.pk


def test_an_editor_chooses_the_commune_of_an_action_by_searching(
    action_to_edit, log_into_admin, page, screenshots
):
    from playwright.sync_api import expect

    base, edit_url, chateau_pk = action_to_edit
    log_into_admin(page, "editeur")
    page.goto(base + edit_url)
    assert page.locator("select[name=place_commune]").count() == 0
    chooser = page.locator("#id_place_commune-chooser")
    chooser.locator("button[data-chooser-action-choose]").first.click()
    modal = page.locator(".modal")
    modal.locator("input[name=q]").fill("chateau")
    # The search replaces the results: Laval goes.
    expect(modal.locator("a[data-chooser-modal-choice]", has_text="Laval")).to_have_count(0)
    choice = modal.locator("a[data-chooser-modal-choice]", has_text="Château-Gontier")
    choice.click()
    expect(modal).to_be_hidden()
    expect(chooser.locator("[data-chooser-title]")).to_have_text(
        "Château-Gontier-sur-Mayenne (53062)"
    )
    expect(page.locator("input[name=place_commune]")).to_have_value(str(chateau_pk))
    page.screenshot(path=str(screenshots / "admin-commune-chooser.png"), full_page=True)
