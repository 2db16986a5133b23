"""Every user's choices and pending items of the two digests before core.notifications (the
volunteers' and the moderation's) carried over to core's models, nothing lost; backwards,
carried back. The old models are deleted afterwards, by their apps' next migrations."""

from django.db import migrations

NEW_VOLUNTEERS, MODERATION = "new_volunteers", "moderation"


def carry_over(apps, schema_editor):
    Preference = apps.get_model("core", "NotificationPreference")
    Pending = apps.get_model("core", "PendingNotification")
    ReferentPreference = apps.get_model("volunteers", "ReferentPreference")
    PendingNewVolunteers = apps.get_model("volunteers", "PendingNewVolunteers")
    ModerationPreference = apps.get_model("workflows", "NotificationPreference")
    PendingModeration = apps.get_model("workflows", "PendingNotification")

    Preference.objects.bulk_create(
        [
            Preference(user_id=old.user_id, topic=NEW_VOLUNTEERS, delivery=old.new_volunteers)
            for old in ReferentPreference.objects.all()
        ]
        + [
            Preference(user_id=old.user_id, topic=MODERATION, delivery=old.delivery)
            for old in ModerationPreference.objects.all()
        ],
        ignore_conflicts=True,  # run again after a partial rollback: what is there stays
    )
    Pending.objects.bulk_create(
        [
            Pending(
                user_id=old.user_id,
                topic=NEW_VOLUNTEERS,
                created_at=old.created_at,
                data={"commune_id": old.commune_id, "count": old.count},
            )
            for old in PendingNewVolunteers.objects.all()
        ]
        + [
            Pending(
                user_id=old.user_id,
                topic=MODERATION,
                created_at=old.created_at,
                subject=old.subject,
                message=old.message,
                comment=old.comment,
                link=old.link,
            )
            for old in PendingModeration.objects.all()
        ]
    )
    PendingNewVolunteers.objects.all().delete()
    PendingModeration.objects.all().delete()


def carry_back(apps, schema_editor):
    Preference = apps.get_model("core", "NotificationPreference")
    Pending = apps.get_model("core", "PendingNotification")
    ReferentPreference = apps.get_model("volunteers", "ReferentPreference")
    PendingNewVolunteers = apps.get_model("volunteers", "PendingNewVolunteers")
    ModerationPreference = apps.get_model("workflows", "NotificationPreference")
    PendingModeration = apps.get_model("workflows", "PendingNotification")

    for preference in Preference.objects.filter(topic=NEW_VOLUNTEERS):
        ReferentPreference.objects.update_or_create(
            user_id=preference.user_id, defaults={"new_volunteers": preference.delivery}
        )
    for preference in Preference.objects.filter(topic=MODERATION):
        ModerationPreference.objects.update_or_create(
            user_id=preference.user_id, defaults={"delivery": preference.delivery}
        )
    # The old models set created_at when a row is added: it is written back after.
    for row in Pending.objects.filter(topic=NEW_VOLUNTEERS):
        old = PendingNewVolunteers.objects.create(
            user_id=row.user_id, commune_id=row.data["commune_id"], count=row.data["count"]
        )
        PendingNewVolunteers.objects.filter(pk=old.pk).update(created_at=row.created_at)
    for row in Pending.objects.filter(topic=MODERATION):
        old = PendingModeration.objects.create(
            user_id=row.user_id,
            subject=row.subject,
            message=row.message,
            comment=row.comment,
            link=row.link,
        )
        PendingModeration.objects.filter(pk=old.pk).update(created_at=row.created_at)
    Preference.objects.filter(topic__in=[NEW_VOLUNTEERS, MODERATION]).delete()
    Pending.objects.filter(topic__in=[NEW_VOLUNTEERS, MODERATION]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_notifications"),
        ("volunteers", "0006_referents_daily_digest"),
        ("workflows", "0003_notification_preferences"),
    ]

    operations = [migrations.RunPython(carry_over, carry_back)]
