"""A visitor browses a department's agenda, filters it, opens an action and finds how to put
it in their calendar."""

import datetime as dt
import re

import pytest

from pages.agenda.queries import ensure_action_index
from pages.agenda.recurrence import PARIS
from pages.models import ActionPage, HomePage
from tests.factories.pages import CommunePageFactory, DepartmentPageFactory
from tests.factories.territories import CommuneFactory, DepartmentFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def add_action(index, title, start, **fields):
    fields.setdefault("description", f"Description de {title}.")
    fields.setdefault("address", "Place de la Mairie")
    fields.setdefault("kind", "collective")
    action = ActionPage(title=title, start=start, end=start + dt.timedelta(hours=2), **fields)
    index.add_child(instance=action)
    action.save_revision().publish()
    return action


@pytest.fixture
def agenda_site(live_server) -> str:
    today = dt.datetime.now(PARIS).date()
    agenda_now = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(14), tzinfo=PARIS)
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    mayenne_page = DepartmentPageFactory(department=mayenne)
    laval_page = CommunePageFactory(
        commune=CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    )
    chateau_page = CommunePageFactory(
        commune=CommuneFactory(
            code="53062",
            name="Château-Gontier-sur-Mayenne",
            slug="chateau-gontier-sur-mayenne",
            department=mayenne,
        )
    )
    ensure_action_index(HomePage.objects.get())
    agenda_tree = {
        "mayenne": ensure_action_index(mayenne_page),
        "laval": ensure_action_index(laval_page),
        "chateau": ensure_action_index(chateau_page),
    }
    add_action(
        agenda_tree["laval"],
        "Atelier de réparation de vélos",
        agenda_now + dt.timedelta(days=1),
        slug="atelier-velos",
        kind="association",
        address="Place du 11-Novembre, Laval",
    )
    add_action(
        agenda_tree["chateau"],
        "Matinée au jardin partagé",
        agenda_now + dt.timedelta(days=2),
        kind="collective",
    )
    add_action(
        agenda_tree["mayenne"],
        "Nettoyage des berges",
        agenda_now + dt.timedelta(days=3),
        status="cancelled",
        cancellation_reason="Crue de la Mayenne",
    )
    return live_server.url


def test_visitor_filters_the_agenda_opens_an_action_and_sees_how_to_subscribe(
    agenda_site, page, screenshots
):
    page.goto(agenda_site + "/mayenne/actions/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Agenda des actions")
    for title in ("Atelier de réparation de vélos", "Matinée au jardin partagé"):
        assert page.get_by_role("link", name=title).count() == 1
    assert "Crue de la Mayenne" in page.inner_text("main")
    page.screenshot(path=str(screenshots / "agenda-department.png"), full_page=True)

    page.get_by_label(re.compile("Type d.action")).select_option("association")
    page.get_by_label("Commune").select_option("53130")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"kind=association"))
    assert page.get_by_role("link", name="Matinée au jardin partagé").count() == 0
    # The subscription offered keeps the commune and the kind chosen, and that feed answers.
    selection = page.get_by_role("link", name="S’abonner (webcal)").get_attribute("href")
    assert selection.endswith("/mayenne/agenda.ics?type=association&commune=53130"), selection
    assert "S’abonner à cette sélection : Laval, " in page.inner_text("main")
    feed = page.request.get(agenda_site + "/mayenne/agenda.ics?type=association&commune=53130")
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    assert "Atelier de réparation de vélos" in feed.text()
    assert "Matinée au jardin partagé" not in feed.text()

    page.get_by_role("link", name="Atelier de réparation de vélos").click()
    page.wait_for_url(re.compile(r"/mayenne/laval/actions/atelier-velos/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Atelier de réparation de vélos"

    # The month view of Laval's agenda, and its subscribe links.
    page.goto(agenda_site + "/mayenne/laval/actions/")
    page.get_by_role("link", name="Vue par mois").click()
    page.wait_for_url(re.compile(r"/mois/\d{4}/\d{1,2}/"))
    assert page.get_by_role("table").count() == 1
    webcal = page.get_by_role("link", name="S’abonner (webcal)")
    assert webcal.get_attribute("href").startswith("webcal://")
    assert webcal.get_attribute("href").endswith("/mayenne/laval/agenda.ics")
    page.get_by_text("Comment s’abonner").click()
    assert page.get_by_text("Thunderbird").is_visible()
    page.screenshot(path=str(screenshots / "agenda-month.png"), full_page=True)


def test_a_bad_date_gets_a_message(agenda_site, page):
    page.goto(agenda_site + "/mayenne/actions/?from=2026-13-45")
    alert = page.get_by_role("alert")
    assert "n’est pas une date" in alert.inner_text()
