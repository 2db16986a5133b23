"""The pools: an engaged commune's referents are told, elsewhere volunteers wait until the
commune joins; moderators see the counts per commune."""

import pytest
from django.core import mail

from onboarding import roles
from onboarding import services as onboarding
from pages.agenda.recurrence import PARIS
from tests.conftest import member_of
from volunteers import services
from volunteers.models import Volunteer

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db


def test_confirming_in_an_engaged_commune_tells_its_referents(laval_referent, mayenne_referent):
    volunteer = make_volunteer(laval_referent.groups.get().territory_group.commune, confirmed=False)
    services.confirm(volunteer)
    volunteer.refresh_from_db()
    assert volunteer.handed_over_at is not None
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["referent-laval@mairie.example", "referent-mayenne@mairie.example"]
    message = mail.outbox[0]
    assert "Nouveaux bénévoles à Laval" in message.subject
    assert volunteer.email not in message.body  # the e-mail points to the admin, no details
    assert "/admin/volontaires/" in message.body
    services.confirm(volunteer)  # clicking twice changes nothing
    assert len(mail.outbox) == 2


def test_a_commune_not_engaged_waits_and_moderators_see_counts(
    client, ernee, laval_page, moderator, laval_referent
):
    for n in range(3):
        services.confirm(make_volunteer(ernee, n, confirmed=False))
    make_volunteer(ernee, 9, confirmed=False)  # unconfirmed: not counted
    assert mail.outbox == []
    assert Volunteer.objects.waiting().count() == 3
    counts = list(services.waiting_counts())
    assert [(commune.name, commune.waiting) for commune in counts] == [("Ernée", 3)]

    client.force_login(moderator)
    response = client.get("/admin/volontaires/en-attente/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ernée" in content and "<td>3</td>" in content
    assert "volontaire0" not in content
    client.force_login(laval_referent)
    refused = client.get("/admin/volontaires/en-attente/")
    assert refused.status_code == 302  # Wagtail sends a refused user back to the dashboard
    assert refused["Location"] == "/admin/"


def test_engaging_the_commune_hands_its_waiting_volunteers_over(ernee, laval_page, mayenne):
    referent = member_of(roles.group_of(mayenne, "referents"), "referent-dep")
    waiting = [make_volunteer(ernee, n, handed_over=False) for n in range(2)]
    onboarding.onboard_commune("53096")
    assert Volunteer.objects.waiting().count() == 0
    assert list(services.waiting_counts()) == []
    to = sorted(message.to[0] for message in mail.outbox)
    assert to == sorted([referent.email, *(volunteer.email for volunteer in waiting)])
    told = [m for m in mail.outbox if m.to == [waiting[0].email]][0]
    assert "Ernée a rejoint L'Heure Civique" in told.subject
    assert "/je-participe/ne-plus-recevoir/" in told.extra_headers["List-Unsubscribe"]
    onboarding.onboard_commune("53096")  # again: nobody is told twice
    assert len(mail.outbox) == 3


# --- The referents' daily digest ---------------------------------------------------------------


def test_a_referent_who_chose_the_digest_gets_one_e_mail_a_day(
    laval_referent, mayenne_referent, chateau_gontier_page
):
    from core import notifications
    from core.models import NotificationPreference, PendingNotification

    NotificationPreference.objects.create(
        user=mayenne_referent,
        topic="new_volunteers",
        delivery=NotificationPreference.Delivery.DAILY,
    )
    laval = laval_referent.groups.get().territory_group.commune
    for n in range(3):
        services.confirm(make_volunteer(laval, n, confirmed=False))
    services.confirm(make_volunteer(chateau_gontier_page.commune, 7, confirmed=False))
    # The Laval referent, in real time, had one e-mail per volunteer; the department's none.
    assert [m.to for m in mail.outbox] == [[laval_referent.email]] * 3
    assert PendingNotification.objects.filter(user=mayenne_referent).count() == 4

    mail.outbox.clear()
    assert notifications.send_digests() == 1
    (digest,) = mail.outbox
    assert digest.to == [mayenne_referent.email]
    assert "Votre récapitulatif du jour : 4 nouveaux bénévoles" in digest.subject
    assert "- Château-Gontier-sur-Mayenne : 1" in digest.body
    assert "- Laval : 3" in digest.body
    assert "/admin/volontaires/" in digest.body
    assert "volontaire0" not in digest.body  # counts, never who
    assert "/admin/account/" in digest.extra_headers["List-Unsubscribe"]
    html = digest.alternatives[0][0]
    assert "Laval : 3" in html
    assert "— Mayenne</div>" in html  # two communes of the Mayenne: the department's header
    # Sent once: the next day, nothing new, nothing sent.
    assert not PendingNotification.objects.exists()
    assert notifications.send_digests() == 0
    assert len(mail.outbox) == 1


def test_the_digest_is_a_daily_job(db):
    from django.core.management import call_command
    from django_q.models import Schedule

    from core.schedules import DIGEST as DIGEST_SCHEDULE_NAME

    call_command("migrate", verbosity=0)  # the schedules are (re)made after every migrate
    schedule = Schedule.objects.get(name=DIGEST_SCHEDULE_NAME)
    assert schedule.func == "core.jobs.send_digests"
    assert schedule.schedule_type == Schedule.DAILY
    assert schedule.next_run.astimezone(PARIS).hour == 7


def test_a_referent_chooses_the_digest_in_the_account_settings(client, laval_referent):
    from core.models import NotificationPreference

    client.force_login(laval_referent)
    page = client.get("/admin/account/").content.decode()
    assert "Nouveaux bénévoles" in page and "Un récapitulatif par jour" in page
    response = client.post(
        "/admin/account/",
        {
            "notification_choices-new_volunteers": "daily",
            "locale-preferred_language": "fr",
            "locale-current_time_zone": "Europe/Paris",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "true",
            "name_email-first_name": "Karim",
            "name_email-last_name": "Haddad",
            "name_email-email": laval_referent.email,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    preference = NotificationPreference.objects.get(user=laval_referent, topic="new_volunteers")
    assert preference.delivery == NotificationPreference.Delivery.DAILY


def test_only_referents_are_offered_the_choice(client, moderator):
    client.force_login(moderator)
    assert (
        "notification_choices-new_volunteers" not in client.get("/admin/account/").content.decode()
    )
