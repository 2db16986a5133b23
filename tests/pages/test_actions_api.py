"""The actions endpoint of the public API: /api/v2/actions/."""

import datetime as dt

import pytest
from wagtail.models import PageViewRestriction

from pages.models import ActionCancellation
from tests.factories.territories import CommuneFactory, DepartmentFactory

URL = "/api/v2/actions/"


@pytest.fixture
def api_actions(agenda_tree, add_action, agenda_now):
    return {
        "laval": add_action(
            agenda_tree["laval"],
            "Atelier vélo",
            agenda_now + dt.timedelta(days=2),
            slug="atelier-velo",
            contact_name="Mairie de Laval",
            contact_email="benevolat@laval.example.org",
            capacity=12,
        ),
        "chateau": add_action(
            agenda_tree["chateau"],
            "Jardin partagé",
            agenda_now + dt.timedelta(days=1),
            kind="association",
        ),
        "mayenne": add_action(
            agenda_tree["mayenne"],
            "Journée départementale",
            agenda_now,
            all_day=True,
            kind="neighbourly",
            online=True,
            online_url="https://visio.example.org/a",
            address="",
        ),
        "monthly": add_action(
            agenda_tree["laval"],
            "Café-tricot",
            agenda_now - dt.timedelta(days=60),
            recurrence_frequency="monthly",
            cancellations=[ActionCancellation(date=agenda_now.date(), reason="Férié")],
        ),
    }


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


def test_lists_upcoming_actions_ordered_by_start_with_public_fields(
    client, api_actions, agenda_now
):
    response = client.get(URL)
    assert response.status_code == 200
    data = response.json()
    assert titles(response) == [
        "Café-tricot",
        "Journée départementale",
        "Jardin partagé",
        "Atelier vélo",
    ]
    assert data["meta"]["total_count"] == 4
    item = next(i for i in data["items"] if i["title"] == "Atelier vélo")
    assert item["department"] == "53"
    assert item["commune"] == "53130"
    assert item["kind"] == "collective"
    assert item["html_url"] == "http://testserver/mayenne/laval/actions/atelier-velo/"
    assert item["ics_url"] == "http://testserver/mayenne/laval/actions/atelier-velo/agenda.ics"
    department_wide = next(i for i in data["items"] if i["title"] == "Journée départementale")
    assert department_wide["department"] == "53" and department_wide["commune"] is None
    assert department_wide["all_day"] is True
    monthly = next(i for i in data["items"] if i["title"] == "Café-tricot")
    assert monthly["rrule"].startswith("FREQ=MONTHLY")
    assert monthly["exdates"] == [agenda_now.date().isoformat()]


def test_detail_has_the_public_contact_and_nothing_else(client, api_actions):
    action = api_actions["laval"]
    data = client.get(f"{URL}{action.pk}/").json()
    assert data["uid"] == str(action.uid)
    assert data["contact_email"] == "benevolat@laval.example.org"
    assert data["capacity"] == 12
    for private in ("owner", "registrations", "volunteers", "locked_by", "latest_revision"):
        assert private not in data


def test_filters(client, api_actions, agenda_now):
    assert set(titles(client.get(URL + "?department=53"))) == {
        "Café-tricot",
        "Journée départementale",
        "Jardin partagé",
        "Atelier vélo",
    }
    assert set(titles(client.get(URL + "?commune=53130"))) == {"Café-tricot", "Atelier vélo"}
    assert titles(client.get(URL + "?commune=53062")) == ["Jardin partagé"]
    assert titles(client.get(URL + "?kind=association")) == ["Jardin partagé"]
    day = (agenda_now + dt.timedelta(days=2)).date().isoformat()
    assert set(titles(client.get(f"{URL}?from={day}&to={day}"))) == {"Café-tricot", "Atelier vélo"}
    # Another department's code: nothing of Mayenne.
    DepartmentFactory(code="29", name="Finistère", slug="finistere")
    assert titles(client.get(URL + "?department=29")) == []


def test_past_actions_come_with_an_early_from(client, agenda_tree, add_action, agenda_now):
    add_action(agenda_tree["laval"], "Il y a longtemps", agenda_now - dt.timedelta(days=100))
    assert titles(client.get(URL)) == []
    early = (agenda_now - dt.timedelta(days=101)).date().isoformat()
    assert titles(client.get(f"{URL}?from={early}")) == ["Il y a longtemps"]


def test_drafts_and_private_actions_are_not_served(client, agenda_tree, add_action, agenda_now):
    add_action(agenda_tree["laval"], "Brouillon", agenda_now).unpublish()
    PageViewRestriction.objects.create(
        page=agenda_tree["chateau"], restriction_type="password", password="x"
    )
    private = add_action(agenda_tree["chateau"], "Privée", agenda_now)
    assert titles(client.get(URL)) == []
    assert client.get(f"{URL}{private.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=picnic", "Type inconnu : picnic."),
        ("department=99", "Aucun département n'a le code 99."),
        ("commune=00000", "Aucune commune n'a le code INSEE 00000."),
        ("from=2026-13-45", "from : « 2026-13-45 » n’est pas une date"),
        ("from=2026-12-10&to=2026-12-01", "La date de fin précède la date de début."),
        ("locale=xx", "Langue inconnue : xx."),
        ("colour=red", "Paramètre inconnu : colour."),
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, api_actions, query, message):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert message in response.json()["message"]


@pytest.mark.parametrize("count", [5, 50])
def test_listing_queries_do_not_grow(
    client, agenda_tree, add_action, agenda_now, django_assert_max_num_queries, count
):
    CommuneFactory(
        code="53001",
        name="Ahuillé",
        slug="ahuille",
        department=agenda_tree["themed_mayenne_page"].department,
    )
    for number in range(count):
        add_action(
            agenda_tree["laval"] if number % 2 else agenda_tree["mayenne"],
            f"Action {number}",
            agenda_now + dt.timedelta(hours=number),
            place_commune=agenda_tree["themed_laval_page"].commune,
        )
    client.get(URL)  # warms the site's root paths cache, as on a running site
    for url in (URL + "?limit=50", URL + "?department=53&kind=collective&limit=50&fields=*"):
        with django_assert_max_num_queries(8):
            response = client.get(url)
        assert response.json()["meta"]["total_count"] == count
