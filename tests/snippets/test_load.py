"""Loading the gestures: the command, idempotence, updates, and the real file of 100 gestures."""

import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Locale, Revision

from snippets.models import Gesture, GestureCategory
from snippets.services import DATA_FILE, GestureDataError, load_gestures, read_gestures_file


def test_load_creates_live_gestures_with_a_revision(loaded):
    assert loaded.categories_created == 3
    assert loaded.gestures_created == 7
    gesture = Gesture.objects.get(slug="faire-les-courses-d-un-voisin")
    assert gesture.live
    assert gesture.live_revision is not None
    assert gesture.locale == Locale.get_default()
    assert gesture.category.slug == "liens-entre-voisins"
    assert gesture.places == ["outdoors"]
    assert gesture.helps == ["older_people", "isolated_people"]
    assert sorted(tag.name for tag in gesture.tags.all()) == ["aînés", "courses"]
    assert gesture.how_to == (
        "<p>Présentez-vous à votre voisin et convenez d&#x27;un jour.</p>"
        "<p>Gardez le ticket de caisse et rendez la monnaie.</p>"
    )


def test_second_load_changes_nothing(loaded, fixture_path):
    revisions = Revision.objects.count()
    report = load_gestures(fixture_path)
    assert report.changed == 0
    assert report.gestures_unchanged == 7
    assert Revision.objects.count() == revisions
    assert Gesture.objects.count() == 7
    assert GestureCategory.objects.count() == 3


def test_load_updates_changed_texts(loaded, fixture_path, tmp_path):
    data = json.loads(fixture_path.read_text(encoding="utf-8"))
    data["gestures"][0]["summary"] = "Un résumé réécrit."
    data["gestures"][1]["tags"] = ["lecture", "journal"]
    data["categories"][0]["name"] = "Entre voisins"
    changed = tmp_path / "gestures.json"
    changed.write_text(json.dumps(data), encoding="utf-8")

    report = load_gestures(changed)

    assert report.gestures_updated == 2
    assert report.categories_updated == 1
    gesture = Gesture.objects.get(slug="faire-les-courses-d-un-voisin")
    assert gesture.summary == "Un résumé réécrit."
    assert gesture.live and not gesture.has_unpublished_changes
    assert gesture.revisions.count() == 2
    reading = Gesture.objects.get(slug="lire-le-journal-a-une-personne-agee")
    assert sorted(tag.name for tag in reading.tags.all()) == ["journal", "lecture"]
    assert GestureCategory.objects.get(slug="liens-entre-voisins").name == "Entre voisins"


def test_load_keeps_an_unpublished_gesture_offline(loaded, fixture_path, tmp_path):
    gesture = Gesture.objects.get(slug="faire-les-courses-d-un-voisin")
    gesture.unpublish()
    data = json.loads(fixture_path.read_text(encoding="utf-8"))
    data["gestures"][0]["summary"] = "Un résumé réécrit."
    changed = tmp_path / "gestures.json"
    changed.write_text(json.dumps(data), encoding="utf-8")

    load_gestures(changed)

    gesture.refresh_from_db()
    assert not gesture.live


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: data["gestures"][0].update(kind="solo"), "unknown kind"),
        (lambda data: data["gestures"][0].update(category="nulle-part"), "unknown category"),
        (lambda data: data["gestures"][0].update(places=["moon"]), "unknown places"),
        (lambda data: data["gestures"][1].update(slug=data["gestures"][0]["slug"]), "twice"),
        (lambda data: data["gestures"][0].update(how_to=[]), "has no how_to"),
        (lambda data: data["gestures"][0].update(slug="imprimer"), "can't be used"),
    ],
)
def test_bad_file_is_refused_and_changes_nothing(db, fixture_path, tmp_path, change, message):
    data = json.loads(fixture_path.read_text(encoding="utf-8"))
    change(data)
    bad = tmp_path / "gestures.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GestureDataError, match=message):
        load_gestures(bad)
    assert not Gesture.objects.exists()
    assert not GestureCategory.objects.exists()


def test_command_loads_and_reports(db, fixture_path, capsys):
    call_command("load_gestures", str(fixture_path))
    assert "7 created" in capsys.readouterr().out
    call_command("load_gestures", str(fixture_path))
    assert "0 created, 0 updated, 7 unchanged" in capsys.readouterr().out


def test_command_reports_a_bad_file(db, tmp_path):
    bad = tmp_path / "gestures.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_gestures", str(bad))


def test_the_real_file_has_100_unique_gestures_each_with_a_category_and_a_how_to():
    data = read_gestures_file(DATA_FILE)
    gestures = data["gestures"]
    assert len(gestures) == 100
    assert len({gesture["slug"] for gesture in gestures}) == 100
    assert len({gesture["title"] for gesture in gestures}) == 100
    categories = {category["slug"] for category in data["categories"]}
    assert 7 <= len(categories) <= 9
    for gesture in gestures:
        assert gesture["category"] in categories
        assert any(paragraph.strip() for paragraph in gesture["how_to"])


def test_the_real_file_loads(db):
    report = load_gestures()
    assert report.gestures_created == 100
    assert Gesture.objects.filter(live=True).count() == 100
    assert not Gesture.objects.filter(how_to="").exists()
    assert load_gestures().changed == 0
