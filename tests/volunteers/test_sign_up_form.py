"""The sign-up form a resident finishes on a phone: communes named with their postal code, the
"which commune?" step said calmly, gestures in collapsible groups by category, the most chosen
first, in a bounded number of queries."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from core.vocabulary import ActionKind
from snippets.models import Gesture, GestureCategory
from volunteers.gestures import offered_gestures
from volunteers.models import Volunteer

from .conftest import make_volunteer, sign_up_data

pytestmark = pytest.mark.django_db


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_a_shared_postal_code_is_a_calm_step_with_the_data_kept(client, ernee):
    response = client.post("/je-participe/", sign_up_data(postal_code="53500"))
    assert response.status_code == 200
    assert Volunteer.objects.count() == 0
    soup = soup_of(response)
    assert soup.find(id="form-errors") is None  # no red summary
    assert not soup.select(".form-field--error, .form-field__error, [aria-invalid]")
    select = soup.find("select", attrs={"name": "commune"})
    assert select.has_attr("autofocus")
    labels = [option.get_text() for option in select.find_all("option") if option["value"]]
    assert labels == ["Ernée (53500)", "Montenay (53500)"]
    help_id = select["aria-describedby"]
    assert "plusieurs communes" in soup.find(id=help_id).get_text()
    assert select.find_parent(attrs={"data-commune-choice": True}).get("hidden") is None
    assert soup.find("input", attrs={"name": "first_name"})["value"] == "Camille"
    assert soup.find("input", attrs={"name": "charter"}).has_attr("checked")


def test_the_commune_choice_waits_for_a_postal_code_without_script(client, laval):
    soup = soup_of(client.get("/je-participe/"))
    choice = soup.find(attrs={"data-commune-choice": True})
    assert choice.has_attr("hidden")  # nothing to choose yet; the script shows it once filled
    assert soup.find(attrs={"data-without-script": True}) is not None
    postal_code = soup.find("input", attrs={"name": "postal_code"})
    assert postal_code["data-commune-select"] == "id_commune"
    assert postal_code["data-message-one"] == "{commune} : votre commune est choisie."
    assert soup.find("script", src="/static/js/postal-code-communes.js").has_attr("defer")


def test_the_commune_page_offers_its_commune_with_its_postal_code(client, laval_page):
    soup = soup_of(client.get("/mayenne/laval/je-participe/"))
    select = soup.find("select", attrs={"name": "commune"})
    assert select.find("option", selected=True).get_text() == "Laval (53000)"
    assert "53130" not in str(select)
    assert not soup.find(attrs={"data-commune-choice": True}).has_attr("hidden")


@pytest.fixture
def categories(db):
    locale = Locale.get_default()

    def gesture(category, title, slug):
        return Gesture.objects.create(
            locale=locale,
            title=title,
            slug=slug,
            summary=title,
            category=category,
            kind=ActionKind.NEIGHBOURLY,
            live=True,
        )

    courses = GestureCategory.objects.create(locale=locale, name="Courses", slug="c", order=1)
    jardin = GestureCategory.objects.create(locale=locale, name="Jardin", slug="j", order=2)
    return {
        "apporter": gesture(courses, "Apporter le pain", "pain"),
        "colis": gesture(courses, "Porter un colis", "colis"),
        "voisin": gesture(courses, "Faire les courses d'un voisin", "voisin"),
        "arroser": gesture(jardin, "Arroser un jardin", "arroser"),
        "tailler": gesture(jardin, "Tailler une haie", "tailler"),
    }


def choose(volunteer, *gestures):
    volunteer.gestures.set(gestures)


def test_gestures_come_by_category_the_most_chosen_first(laval, categories):
    choose(make_volunteer(laval, 1), categories["voisin"], categories["tailler"])
    choose(make_volunteer(laval, 2), categories["voisin"], categories["colis"])
    choose(make_volunteer(laval, 3), categories["colis"])
    choose(make_volunteer(laval, 4), categories["voisin"])
    # Unconfirmed sign-ups do not count: nobody can push a gesture up without confirming.
    for n in range(5, 10):
        choose(make_volunteer(laval, n, confirmed=False), categories["apporter"])
    assert [gesture.title for gesture in offered_gestures()] == [
        "Faire les courses d'un voisin",  # 3
        "Porter un colis",  # 2
        "Apporter le pain",  # 0 confirmed
        "Tailler une haie",  # 1
        "Arroser un jardin",  # 0
    ]


def test_gestures_are_collapsible_groups_closed_unless_one_is_ticked(client, laval, categories):
    choose(make_volunteer(laval, 1), categories["tailler"])
    soup = soup_of(client.get("/je-participe/?geste=colis"))
    groups = soup.select("fieldset.choice-groups details.choice-group")
    assert [group.summary.get_text(" ", strip=True) for group in groups] == [
        "Courses (3 gestes)",
        "Jardin (2 gestes)",
    ]
    assert groups[0].has_attr("open")  # its "Porter un colis" is ticked
    assert not groups[1].has_attr("open")
    jardin = [label.get_text() for label in groups[1].find_all("label")]
    assert jardin == ["Tailler une haie", "Arroser un jardin"]
    box = groups[0].find("input", id=f"gesture-{categories['colis'].pk}")
    assert box.has_attr("checked")
    # Each group is named by its summary for assistive technologies.
    choices = groups[1].find(attrs={"role": "group"})
    assert soup.find(id=choices["aria-labelledby"]) is groups[1].summary


def test_every_group_opens_when_the_gestures_have_an_error(client, laval, categories):
    soup = soup_of(client.post("/je-participe/", sign_up_data(gestures=["0"])))
    groups = soup.select("details.choice-group")
    assert groups and all(group.has_attr("open") for group in groups)


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_sign_up_page_runs_as_many_queries_for_many_gestures_and_volunteers(
    client, laval_page, categories
):
    _queries(client, "/mayenne/laval/je-participe/")  # fills the caches (site, locale)
    few = _queries(client, "/mayenne/laval/je-participe/")
    locale = Locale.get_default()
    for c in range(8):
        category = GestureCategory.objects.create(locale=locale, name=f"C{c}", slug=f"c{c}")
        for g in range(14):
            Gesture.objects.create(
                locale=locale,
                title=f"Geste {c}-{g}",
                slug=f"geste-{c}-{g}",
                summary="…",
                category=category,
                kind=ActionKind.NEIGHBOURLY,
                live=True,
            )
    gestures = list(Gesture.objects.all())
    for n in range(30):
        choose(make_volunteer(laval_page.commune, n), *gestures[n : n + 5])
    assert _queries(client, "/mayenne/laval/je-participe/") == few
    assert few <= 30


def test_a_focused_control_gets_the_ring_that_passes_3_to_1_on_every_territory_colour():
    """Inputs, selects, textareas and tick boxes are ringed in the dark text colour, on the page
    (white or the secondary colour): the outer band of core.colours.focus_ring_contrasts."""
    import re
    from pathlib import Path

    from django.conf import settings

    from core.colours import FOCUS_RING_OUTER, MINIMUM_FOCUS_CONTRAST, focus_ring_contrasts
    from tests.core.test_focus_ring import demo_colours, extreme_colours

    css = (Path(settings.BASE_DIR) / "static" / "css" / "heure-civique.css").read_text()
    rule = re.search(r"\.form-field select:focus,[^{]*\{([^}]*)\}", css)
    assert rule, "the controls' focus rule"
    selectors = css[: rule.start(1)].rsplit("}", 1)[1]
    for control in ("textarea:focus", 'input[type="checkbox"]:focus-visible', "select:focus"):
        assert control in selectors
    assert "outline: 3px solid var(--colour-text);" in rule[1]
    assert f"--colour-text: {FOCUS_RING_OUTER};" in css
    for primary, secondary in demo_colours() + extreme_colours():
        contrasts = focus_ring_contrasts(primary, secondary)
        assert contrasts["outer band / white page"] >= MINIMUM_FOCUS_CONTRAST
        assert contrasts["outer band / secondary background"] >= MINIMUM_FOCUS_CONTRAST, secondary
