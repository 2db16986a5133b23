"""The demo's idea box: the 100 gestures and two suggestions waiting for moderation."""

from demo import gestures
from snippets.models import Gesture


def test_load_gives_100_live_gestures_and_two_waiting_suggestions(db):
    assert gestures.load() > 100
    assert Gesture.objects.filter(live=True).count() == 100
    waiting = Gesture.objects.filter(live=False, source=Gesture.Source.SUGGESTION)
    assert set(waiting.values_list("slug", flat=True)) == {
        suggestion["slug"] for suggestion in gestures.SUGGESTIONS
    }
    assert all(gesture.latest_revision_id for gesture in waiting)


def test_load_twice_changes_nothing(db):
    gestures.load()
    assert gestures.load() == 0
    assert Gesture.objects.count() == 102


def test_suggestions_stay_out_of_the_public_idea_box(client, db):
    gestures.load()
    html = client.get("/gestes/imprimer/").content.decode()
    for suggestion in gestures.SUGGESTIONS:
        assert suggestion["title"] not in html
        assert suggestion["email"] not in html
