"""One notifications mechanism: per user and topic, an e-mail each time (the default) or one
digest a day; `notify` sends now or keeps; the daily digest sends one e-mail per user and
topic, locks only its own rows and deletes what it sent; one account panel offers a choice
per topic that concerns the user; the data migration carried the old choices over."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import notifications
from core.models import Delivery, NotificationPreference, PendingNotification
from core.notifications import Email
from volunteers.notifications import tell_referents

DAILY = Delivery.DAILY
PENDING_TABLE = PendingNotification._meta.db_table


def choose(user, topic, delivery=DAILY):
    NotificationPreference.objects.update_or_create(
        user=user, topic=topic, defaults={"delivery": delivery}
    )


def moderation_item(users, title="Le café des voisins"):
    subject = f"À relire : {title}"
    notifications.notify(
        users,
        "moderation",
        Email("workflows/email/notification", {"message": f"« {title} » attend."}, subject=subject),
        subject=subject,
        message=f"« {title} » attend.",
        link="https://heurecivique.example/admin/pages/1/edit/",
    )


def sent_to(user):
    return [message for message in mail.outbox if user.email in message.to]


# --- Real time or daily, per topic ------------------------------------------------------


def test_real_time_is_the_default_for_every_topic(mayenne_referent, laval):
    moderation_item([mayenne_referent])
    tell_referents(laval, 2)
    assert [m.subject for m in sent_to(mayenne_referent)] == [
        "À relire : Le café des voisins",
        "Nouveaux bénévoles à Laval",
    ]
    assert not PendingNotification.objects.exists()


def test_the_digest_of_one_topic_leaves_the_other_in_real_time(mayenne_referent, laval):
    choose(mayenne_referent, "moderation")
    moderation_item([mayenne_referent])
    tell_referents(laval, 2)
    assert [m.subject for m in sent_to(mayenne_referent)] == ["Nouveaux bénévoles à Laval"]
    [kept] = PendingNotification.objects.all()
    assert (kept.user, kept.topic, kept.subject) == (
        mayenne_referent,
        "moderation",
        "À relire : Le café des voisins",
    )

    choose(mayenne_referent, "moderation", Delivery.REAL_TIME)
    choose(mayenne_referent, "new_volunteers")
    mail.outbox.clear()
    moderation_item([mayenne_referent], "La boîte à livres")
    tell_referents(laval, 3)
    assert [m.subject for m in sent_to(mayenne_referent)] == ["À relire : La boîte à livres"]
    assert PendingNotification.objects.get(topic="new_volunteers").data == {
        "commune_id": laval.pk,
        "count": 3,
    }


def test_one_preference_per_user_and_topic(mayenne_referent):
    choose(mayenne_referent, "moderation")
    choose(mayenne_referent, "new_volunteers", Delivery.REAL_TIME)
    assert NotificationPreference.objects.filter(user=mayenne_referent).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationPreference.objects.create(user=mayenne_referent, topic="moderation")


def test_an_unknown_topic_is_refused(mayenne_referent):
    with pytest.raises(ValueError):
        notifications.notify([mayenne_referent], "gossip", Email("workflows/email/notification"))


# --- The digest -------------------------------------------------------------------------


def test_the_digest_sends_one_e_mail_per_user_and_topic_and_deletes_what_it_sent(
    mayenne_referent, moderator, laval
):
    for user in (mayenne_referent, moderator):
        choose(user, "moderation")
    choose(mayenne_referent, "new_volunteers")
    moderation_item([mayenne_referent, moderator])
    moderation_item([mayenne_referent], "La boîte à livres")
    tell_referents(laval, 2)
    tell_referents(laval, 1)
    assert mail.outbox == []

    assert notifications.send_digests() == 3
    assert sorted(m.subject for m in sent_to(mayenne_referent)) == [
        "Modération : 2 notifications du jour",
        "Votre récapitulatif du jour : 3 nouveaux bénévoles",
    ]
    [for_moderator] = sent_to(moderator)
    assert for_moderator.subject == "Modération : 1 notification du jour"
    assert not PendingNotification.objects.exists()

    mail.outbox.clear()
    assert notifications.send_digests() == 0  # nothing new: nothing sent
    assert mail.outbox == []


def test_an_inactive_user_gets_no_digest_and_their_items_go(mayenne_referent):
    choose(mayenne_referent, "moderation")
    moderation_item([mayenne_referent])
    type(mayenne_referent).objects.filter(pk=mayenne_referent.pk).update(is_active=False)
    assert notifications.send_digests() == 0
    assert mail.outbox == []
    assert not PendingNotification.objects.exists()


def test_a_failing_digest_keeps_its_items_and_the_others_are_sent(
    monkeypatch, mayenne_referent, moderator
):
    def broken(user, rows):
        raise RuntimeError("a template went wrong")

    monkeypatch.setitem(
        notifications.TOPICS,
        "broken",
        notifications.Topic("broken", "Broken", "", lambda user: False, broken),
    )
    choose(moderator, "moderation")
    moderation_item([moderator])
    PendingNotification.objects.create(user=mayenne_referent, topic="broken")
    PendingNotification.objects.create(user=mayenne_referent, topic="not installed here")

    assert notifications.send_digests() == 1
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert sorted(PendingNotification.objects.values_list("topic", flat=True)) == [
        "broken",
        "not installed here",
    ]


def test_a_digest_with_nothing_left_to_say_is_not_sent(mayenne_referent):
    # New volunteers of a commune removed from the reference data since.
    PendingNotification.objects.create(
        user=mayenne_referent, topic="new_volunteers", data={"commune_id": 0, "count": 2}
    )
    assert notifications.send_digests() == 0
    assert mail.outbox == []
    assert not PendingNotification.objects.exists()


@pytest.mark.parametrize("topic", ["moderation", "new_volunteers"])
def test_the_digest_of_each_topic_locks_only_its_own_rows(topic, mayenne_referent, laval):
    choose(mayenne_referent, topic)
    if topic == "moderation":
        moderation_item([mayenne_referent])
    else:
        tell_referents(laval, 2)

    with CaptureQueriesContext(connection) as queries:
        assert notifications.send_digests() == 1
    assert len(sent_to(mayenne_referent)) == 1
    assert not PendingNotification.objects.exists()

    if not connection.features.has_select_for_update:
        pytest.skip("SQLite has no FOR UPDATE: the lock is checked on PostgreSQL")
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    # The e-mail jobs run in the tests (synchronously) aside, django-q's bookkeeping and the
    # outbox's row locked to be sent, one lock: the pending table only, not auth_user (joined to
    # read the addresses), nor a commune.
    jobs = ('"django_q_task"', '"core_outgoingemail"')
    ours = [sql for sql in locking if not any(table in sql for table in jobs)]
    assert len(ours) == 1
    assert f'FROM "{PENDING_TABLE}"' in ours[0]
    assert ours[0].endswith(f'FOR UPDATE OF "{PENDING_TABLE}"')
    assert ours[0].count("FOR UPDATE") == 1


# --- The account panel ------------------------------------------------------------------


def test_the_panel_offers_and_saves_a_choice_per_topic(client, mayenne_referent):
    client.force_login(mayenne_referent)
    html = client.get("/admin/account/").content.decode()
    # A department's referent reviews and hears of new volunteers: both choices.
    assert "E-mails de modération" in html and "Nouveaux bénévoles" in html
    data = {
        "name_email-first_name": "Thomas",
        "name_email-last_name": "Gauthier",
        "name_email-email": mayenne_referent.email,
        "locale-preferred_language": "fr",
        "locale-current_time_zone": "Europe/Paris",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "true",
        "notification_choices-moderation": "daily",
        "notification_choices-new_volunteers": "real_time",
        # The help centre's requests (support/) reach referents too.
        "notification_choices-support": "daily",
    }
    assert client.post("/admin/account/", data).status_code == 302
    assert dict(
        NotificationPreference.objects.filter(user=mayenne_referent).values_list(
            "topic", "delivery"
        )
    ) == {"moderation": "daily", "new_volunteers": "real_time", "support": "daily"}
    html = client.get("/admin/account/").content.decode()
    assert 'name="notification_choices-moderation" value="daily"' in html.replace(" checked", "")


def test_each_user_is_offered_only_the_topics_that_concern_them(
    client, laval_referent, moderator, laval_editor
):
    offered = {}
    for user in (laval_referent, moderator, laval_editor):
        client.force_login(user)
        html = client.get("/admin/account/").content.decode()
        offered[user.username] = [
            topic
            for topic in ("moderation", "new_volunteers")
            if f'name="notification_choices-{topic}"' in html
        ]
    assert offered == {
        laval_referent.username: ["new_volunteers"],
        moderator.username: ["moderation"],
        laval_editor.username: [],
    }


# --- The data migration -----------------------------------------------------------------

BEFORE = [
    ("core", "0001_notifications"),
    ("volunteers", "0006_referents_daily_digest"),
    ("workflows", "0003_notification_preferences"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_data_migration_carries_every_choice_and_pending_item_over(django_user_model, laval):
    referent = django_user_model.objects.create_user("referent", "referent@mairie.example")
    reviewer = django_user_model.objects.create_user("reviewer", "reviewer@mairie.example")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    yesterday = timezone.now() - datetime.timedelta(days=1)
    old.get_model("volunteers", "ReferentPreference").objects.create(
        user_id=referent.pk, new_volunteers="daily"
    )
    old.get_model("workflows", "NotificationPreference").objects.create(
        user_id=referent.pk, delivery="real_time"
    )
    old.get_model("workflows", "NotificationPreference").objects.create(
        user_id=reviewer.pk, delivery="daily"
    )
    pending_volunteers = old.get_model("volunteers", "PendingNewVolunteers")
    pending_volunteers.objects.create(user_id=referent.pk, commune_id=laval.pk, count=4)
    pending_volunteers.objects.update(created_at=yesterday)
    pending_moderation = old.get_model("workflows", "PendingNotification")
    pending_moderation.objects.create(
        user_id=reviewer.pk,
        subject="À relire : Le café des voisins",
        message="« Le café des voisins » attend votre relecture.",
        comment="Très belle initiative.",
        link="https://heurecivique.example/admin/pages/7/edit/",
    )
    pending_moderation.objects.update(created_at=yesterday)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert sorted(
        NotificationPreference.objects.values_list("user__username", "topic", "delivery")
    ) == [
        ("referent", "moderation", "real_time"),
        ("referent", "new_volunteers", "daily"),
        ("reviewer", "moderation", "daily"),
    ]
    rows = {row.topic: row for row in PendingNotification.objects.all()}
    assert set(rows) == {"moderation", "new_volunteers"}
    assert rows["new_volunteers"].user == referent
    assert rows["new_volunteers"].data == {"commune_id": laval.pk, "count": 4}
    assert rows["new_volunteers"].created_at == yesterday
    moderation = rows["moderation"]
    assert (moderation.user, moderation.subject, moderation.comment, moderation.link) == (
        reviewer,
        "À relire : Le café des voisins",
        "Très belle initiative.",
        "https://heurecivique.example/admin/pages/7/edit/",
    )
    assert moderation.message == "« Le café des voisins » attend votre relecture."
    assert moderation.created_at == yesterday
    # And they reach their digest.
    assert notifications.send_digests() == 2
    assert "- Laval : 4" in [m for m in mail.outbox if m.to == [referent.email]][0].body
