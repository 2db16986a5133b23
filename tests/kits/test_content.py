"""What a kit prints from the idea box and the agenda: three gestures, the next actions."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kits.content import MAX_GESTURES, kit_content
from pages.agenda.queries import ensure_action_index
from pages.agenda.recurrence import PARIS
from pages.models import ActionPage
from snippets.models import Gesture
from snippets.services import load_gestures
from volunteers.models import Volunteer

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


def test_the_kit_prints_a_gesture_from_each_of_the_first_categories(themed_laval_page):
    load_gestures(GESTURES)

    gestures = kit_content(themed_laval_page).gestures

    assert len(gestures) == MAX_GESTURES
    assert all(gesture.title and gesture.summary for gesture in gestures)
    assert len({gesture.title for gesture in gestures}) == MAX_GESTURES


def test_the_kit_prints_the_next_actions_of_the_commune_soonest_first(themed_laval_page):
    index = ensure_action_index(themed_laval_page)
    monday = dt.date.today() + dt.timedelta(days=7 - dt.date.today().weekday())
    at = dt.datetime.combine(monday, dt.time(14, 30), tzinfo=PARIS)
    add_action(index, "Repair café", at + dt.timedelta(days=2))
    add_action(index, "Nettoyage des berges", at)
    add_action(index, "Action passée", at - dt.timedelta(days=30))

    actions = kit_content(themed_laval_page).next_actions

    assert [action.title for action in actions] == ["Nettoyage des berges", "Repair café"]
    assert actions[0].date_text.startswith("Lundi ")
    assert actions[0].date_text.endswith(", 14h30")
    assert actions[0].place == "Laval"


def volunteer_choosing(gestures, number, commune):
    volunteer = Volunteer.objects.create(
        first_name=f"Prénom{number}",
        last_name="Exemple",
        email=f"benevole{number}@exemple.invalid",
        commune=commune,
        charter_accepted_at=timezone.now(),
        contact_consent=True,
        confirmed_at=timezone.now(),
    )
    volunteer.gestures.set(gestures)


def test_the_gestures_volunteers_choose_most_come_first(themed_laval_page):
    load_gestures(GESTURES)
    favourite = Gesture.objects.order_by("-title").first()
    for number in range(3):
        volunteer_choosing([favourite], number, themed_laval_page.commune)

    assert kit_content(themed_laval_page).gestures[0].title == favourite.title


def test_the_editor_chooses_the_gestures_of_the_kit(themed_laval_page):
    load_gestures(GESTURES)
    last_two = list(Gesture.objects.order_by("-title")[:2])
    themed_laval_page.kit_gestures.set(last_two)
    themed_laval_page.save_revision().publish()
    themed_laval_page.refresh_from_db()

    titles = [gesture.title for gesture in kit_content(themed_laval_page).gestures]

    assert set(titles[:2]) == {gesture.title for gesture in last_two}
    assert len(titles) == MAX_GESTURES  # completed with a popular one


def test_at_most_three_gestures_are_chosen(themed_laval_page):
    load_gestures(GESTURES)
    themed_laval_page.kit_gestures.set(Gesture.objects.all()[:4])

    with pytest.raises(ValidationError) as error:
        themed_laval_page.full_clean()

    assert error.value.message_dict["kit_gestures"] == ["Choisissez au plus 3 gestes pour le kit."]
