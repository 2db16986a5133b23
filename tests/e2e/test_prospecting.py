"""The Mayenne department referent finds a commune in the prospecting pipeline by typing its
name (suggestions, not a list of every commune), records the mairie's contact and plans a
presentation in the admin: the invitation, with its .ics, reaches the contact."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from icalendar import Calendar

from onboarding import roles
from onboarding import services as onboarding
from onboarding.models import TerritoryGroup
from tests.conftest import PASSWORD
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from tests.factories.volunteers import VolunteerFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def pipeline(live_server, home_page):
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    ernee = CommuneFactory(code="53096", name="Ernée", slug="ernee", department=mayenne)
    PostalCodeFactory(code="53500", commune=ernee)
    VolunteerFactory.create_batch(2, commune=ernee, handed_over_at=None)
    onboarding.onboard_commune("53130")
    referent = get_user_model().objects.create_user(
        "referent-mayenne", "referent@mairie.example", PASSWORD
    )
    referent.groups.add(roles.group_of(mayenne, TerritoryGroup.Role.REFERENTS))
    mail.outbox = []
    return live_server.url


def test_the_department_referent_plans_a_presentation(pipeline, log_into_admin, page, screenshots):
    from playwright.sync_api import expect

    base = pipeline
    log_into_admin(page, "referent-mayenne")
    page.goto(base + "/admin/prospection/")
    page.wait_for_url(re.compile(r"/admin/prospection/53/$"))
    # Ernée, where two volunteers wait, comes first.
    first_row = page.locator(".prospecting-pipeline tbody tr").first
    expect(first_row).to_contain_text("Ernée")
    expect(first_row).to_contain_text("2")

    commune = page.locator("input[name=commune]")
    commune.fill("ern")
    suggestion = page.get_by_role("option", name="Ernée (53500)")
    expect(suggestion).to_be_visible()
    commune.press("ArrowDown")
    commune.press("Enter")
    expect(commune).to_have_value("Ernée (53500)")
    page.get_by_role("button", name=re.compile("Filter|Filtrer")).click()
    rows = page.locator(".prospecting-pipeline tbody tr")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name="Ernée").click()

    page.fill("input[name=prospect-contact_name]", "Mme Armelle Exemple")
    page.fill("input[name=prospect-contact_email]", "mairie@ernee.example")
    page.select_option("select[name=prospect-state]", "contacted")
    page.locator("form", has=page.locator("input[name=prospect-contact_name]")).locator(
        "button[type=submit]"
    ).click()
    expect(page.locator(".prospecting-state")).to_contain_text(re.compile("Contact"))

    day = dt.date.today() + dt.timedelta(days=14)
    page.fill("input[name=plan-day]", day.isoformat())
    page.fill("input[name=plan-time]", "18:30")
    page.select_option("select[name=plan-kind]", "on_site")
    page.fill("input[name=plan-place]", "Salle du conseil, mairie d'Ernée")
    page.fill("input[name=plan-presenter]", "Thomas Gauthier")
    page.locator("form", has=page.locator("input[name=plan-day]")).locator(
        "button[type=submit]"
    ).click()
    expect(page.locator(".prospecting-state")).to_contain_text(
        re.compile("Presentation planned|Présentation prévue")
    )
    page.screenshot(path=str(screenshots / "prospecting-planned.png"), full_page=True)

    (message,) = mail.outbox
    assert message.to == ["mairie@ernee.example"]
    (_name, content, _mime_type) = message.attachments[0]
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["DTSTART"].dt.date() == day
    assert (event["DTSTART"].dt.hour, event["DTSTART"].dt.minute) == (18, 30)
    assert str(event["LOCATION"]) == "Salle du conseil, mairie d'Ernée"
