"""What a kit prints from the idea box and the agenda: three gestures, the next actions."""

import datetime as dt
from pathlib import Path

from kits.content import MAX_GESTURES, kit_content
from pages.agenda import ensure_action_index
from pages.models import ActionPage
from pages.recurrence import PARIS
from snippets.services import load_gestures

GESTURES = Path(__file__).resolve().parent.parent / "snippets" / "gestures_fixture.json"


def add_action(index, title, start, **fields):
    action = ActionPage(
        title=title,
        start=start,
        end=start + dt.timedelta(hours=2),
        description=f"Description de {title}.",
        kind="collective",
        address="Place de la Mairie",
        **fields,
    )
    index.add_child(instance=action)
    action.save_revision().publish()
    return action


def test_the_kit_prints_a_gesture_from_each_of_the_first_categories(laval_page):
    load_gestures(GESTURES)

    gestures = kit_content(laval_page).gestures

    assert len(gestures) == MAX_GESTURES
    assert all(gesture.title and gesture.summary for gesture in gestures)
    assert len({gesture.title for gesture in gestures}) == MAX_GESTURES


def test_the_kit_prints_the_next_actions_of_the_commune_soonest_first(laval_page):
    index = ensure_action_index(laval_page)
    monday = dt.date.today() + dt.timedelta(days=7 - dt.date.today().weekday())
    at = dt.datetime.combine(monday, dt.time(14, 30), tzinfo=PARIS)
    add_action(index, "Repair café", at + dt.timedelta(days=2))
    add_action(index, "Nettoyage des berges", at)
    add_action(index, "Action passée", at - dt.timedelta(days=30))

    actions = kit_content(laval_page).next_actions

    assert [action.title for action in actions] == ["Nettoyage des berges", "Repair café"]
    assert actions[0].date_text.startswith("Lundi ")
    assert actions[0].date_text.endswith(", 14h30")
    assert actions[0].place == "Laval"
