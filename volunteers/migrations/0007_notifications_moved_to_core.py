"""The referents' preference and pending new volunteers now live in core.notifications
(carried over by core's 0002 first)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_carry_over_notifications"),
        ("volunteers", "0006_referents_daily_digest"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="referentpreference",
            name="user",
        ),
        migrations.DeleteModel(
            name="PendingNewVolunteers",
        ),
        migrations.DeleteModel(
            name="ReferentPreference",
        ),
    ]
