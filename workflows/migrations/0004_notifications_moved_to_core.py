"""The moderation's preference and pending notifications now live in core.notifications
(carried over by core's 0002 first)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_carry_over_notifications"),
        ("workflows", "0003_notification_preferences"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="pendingnotification",
            name="user",
        ),
        migrations.DeleteModel(
            name="NotificationPreference",
        ),
        migrations.DeleteModel(
            name="PendingNotification",
        ),
    ]
