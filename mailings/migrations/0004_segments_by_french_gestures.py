"""A mailing's segment selects by the French gestures, which a volunteer's choice is stored as
(volunteers/gestures.py, issue 21): a segment that named a translation names its French
gesture instead (the same move as volunteers' 0014)."""

from importlib import import_module

from django.db import migrations

to_french = import_module("volunteers.migrations.0014_gestures_stored_in_french").to_french


def forwards(apps, schema_editor):
    Mailing = apps.get_model("mailings", "Mailing")
    to_french(Mailing.gestures.through, "mailing", apps)


class Migration(migrations.Migration):
    dependencies = [
        ("mailings", "0003_lists_soft_bounces_provider_ids"),
        ("volunteers", "0014_gestures_stored_in_french"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
