"""A volunteer's gestures are stored as the French ones (volunteers/gestures.py, issue 21): the
links to a translation (an English gesture chosen on an English page before) are moved to its
French source, so that the mailings' segments, the requests for help and the figures, which
select by the French gesture, find them. A link already there is not doubled."""

from django.conf import settings
from django.db import migrations


def to_french(through, owner: str, apps) -> int:
    """Moves the rows of `through` (an M2M to snippets.Gesture, `owner`_id its other side) that
    link a translation to its French gesture. Returns how many were moved."""
    Gesture = apps.get_model("snippets", "Gesture")
    Locale = apps.get_model("wagtailcore", "Locale")
    french = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if french is None:
        return 0
    sources = dict(Gesture.objects.filter(locale=french).values_list("translation_key", "pk"))
    target = {
        pk: sources[key]
        for pk, key in Gesture.objects.exclude(locale=french).values_list("pk", "translation_key")
        if key in sources
    }
    if not target:
        return 0
    moved = through.objects.filter(gesture_id__in=target)
    pairs = set(moved.values_list(f"{owner}_id", "gesture_id"))
    existing = set(
        through.objects.filter(gesture_id__in=set(target.values())).values_list(
            f"{owner}_id", "gesture_id"
        )
    )
    wanted = {(owner_id, target[gesture_id]) for owner_id, gesture_id in pairs} - existing
    through.objects.bulk_create(
        [through(**{f"{owner}_id": owner_id, "gesture_id": pk}) for owner_id, pk in wanted],
        batch_size=1000,
    )
    moved.delete()
    return len(pairs)


def forwards(apps, schema_editor):
    Volunteer = apps.get_model("volunteers", "Volunteer")
    to_french(Volunteer.gestures.through, "volunteer", apps)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0013_front_end"),
        ("snippets", "0001_idea_box"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
