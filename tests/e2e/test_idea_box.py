"""A visitor filters the idea box, opens a gesture and finds the call to action to sign up."""

import re
from pathlib import Path

import pytest

from snippets.services import load_gestures

FIXTURE = Path(__file__).resolve().parent.parent / "snippets" / "gestures_fixture.json"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def idea_box(live_server) -> str:
    load_gestures(FIXTURE)
    return live_server.url


def test_visitor_filters_opens_a_gesture_and_sees_the_call_to_action(idea_box, page, screenshots):
    page.goto(idea_box + "/gestes/")
    page.get_by_label("Type d'action").select_option("collective")
    page.get_by_label("Où").select_option("outdoors")
    page.get_by_role("button", name="Afficher les gestes").click()
    page.wait_for_url(re.compile(r"type=collective"))
    assert page.get_by_role("status").inner_text().strip() == "2 gestes trouvés"
    page.get_by_role("link", name="Entretenir le jardin partagé").click()
    page.wait_for_url(re.compile(r"/gestes/entretenir-le-jardin-partage/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Entretenir le jardin partagé"
    call_to_action = page.get_by_role("link", name="Je participe avec ce geste")
    assert call_to_action.get_attribute("href") == (
        "/je-participe/?geste=entretenir-le-jardin-partage"
    )
    page.screenshot(path=str(screenshots / "idea-box-gesture.png"), full_page=True)
