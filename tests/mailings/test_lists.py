"""Issue 22's review of the mailings: a mailing cannot be scheduled in the past; its
unsubscribe link (and RFC 8058's one-click POST) takes the volunteer off that sender's list
only, and their space shows and changes each list; a bounce marks the copy the provider's
message id names, not the latest one; soft bounces stop an address only after N in a row."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from mailings import services
from mailings.models import Bounce, Delivery, Mailing, Unsubscription
from tests.factories.volunteers import opened_space
from tests.volunteers.conftest import make_volunteer

from .conftest import one_click_url
from .test_admin import form, log_in
from .test_mailings import post_webhook, postmark_bounce, run_until_done, took

pytestmark = pytest.mark.django_db


# --- Scheduling in the past ------------------------------------------------------------------


def test_a_mailing_scheduled_in_the_past_is_refused_in_french(client, laval, laval_referent):
    log_in(client, laval_referent)
    client.post("/admin/envois/nouveau/", form(sender=f"c{laval.pk}"))
    mailing = Mailing.objects.get()
    yesterday = timezone.localtime() - timedelta(days=1)

    response = client.post(
        f"/admin/envois/{mailing.pk}/programmer/", {"at": yesterday.strftime("%Y-%m-%dT%H:%M")}
    )

    assert response.status_code == 400
    assert "Cette date est passée" in response.content.decode()
    mailing.refresh_from_db()
    assert (mailing.status, mailing.scheduled_at) == (Mailing.Status.DRAFT, None)
    tomorrow = timezone.localtime() + timedelta(days=1)
    client.post(
        f"/admin/envois/{mailing.pk}/programmer/", {"at": tomorrow.strftime("%Y-%m-%dT%H:%M")}
    )
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED


# --- Per-sender lists --------------------------------------------------------------------------


def send(mailing):
    services.schedule(mailing)
    run_until_done(2)


def test_the_one_click_unsubscribe_leaves_this_senders_list_only(client, laval, make_mailing):
    volunteer = make_volunteer(laval, 1)
    send(make_mailing(commune=laval, subject="De Laval"))
    link = one_click_url(mail.outbox[-1])
    assert mail.outbox[-1].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    response = client.post(link, {"List-Unsubscribe": "One-Click"}, enforce_csrf_checks=True)

    assert response.status_code == 200
    assert "Laval" in response.content.decode()
    assert Unsubscription.objects.filter(volunteer=volunteer, topic=f"c{laval.pk}").exists()
    volunteer.refresh_from_db()
    assert volunteer.emails_stopped_at is None  # reminders still come
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        send(make_mailing(commune=laval, subject="Encore de Laval"))
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(days=16)):
        send(make_mailing(department=laval.department, subject="Du département"))
        send(make_mailing(subject="De l'équipe nationale"))
    assert [m.subject for m in mail.outbox] == ["Du département"]  # one a week
    with time_machine.travel(timezone.now() + timedelta(days=24)):
        run_until_done(2)
    assert [m.subject for m in mail.outbox] == ["Du département", "De l'équipe nationale"]


def test_an_altered_unsubscribe_link_says_so_without_an_error(client, laval, make_mailing):
    make_volunteer(laval, 1)
    send(make_mailing(commune=laval))
    response = client.post(one_click_url(mail.outbox[-1])[:-3] + "xyz/")
    assert response.status_code == 404
    assert "Ce lien ne fonctionne pas" in response.content.decode()
    assert not Unsubscription.objects.exists()


def test_the_space_shows_and_changes_the_choice_of_each_list(client, laval, make_mailing):
    volunteer = make_volunteer(laval, 1)
    Unsubscription.objects.create(volunteer=volunteer, topic="national")
    path = opened_space(volunteer)

    page = client.get(path).content.decode()

    assert "Les envois que je reçois" in page
    # Each list names its sender: the commune and the department by their names.
    assert f"Les envois de votre commune ({laval.name})" in page
    assert f"Les envois de votre département ({laval.department.name})" in page
    assert f'value="c{laval.pk}" id="list-c{laval.pk}" checked' in page
    assert 'value="national" id="list-national">' in page  # left: not ticked
    response = client.post(path + "envois/", {"lists": ["national"]})
    assert response.status_code == 302
    assert set(Unsubscription.objects.values_list("topic", flat=True)) == {
        f"c{laval.pk}",
        f"d{laval.department_id}",
    }
    assert "est enregistré" in client.get(response.url).content.decode()


# --- Bounces -------------------------------------------------------------------------------------


def test_a_bounce_marks_the_copy_its_message_id_names_not_the_latest(client, laval, make_mailing):
    volunteer = make_volunteer(laval, 1)
    first = make_mailing(commune=laval, subject="Premier")
    send(first)
    took(first, volunteer, "id-du-premier")
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        second = make_mailing(commune=laval, subject="Second")
        send(second)
        took(second, volunteer, "id-du-second")
    assert Delivery.objects.get(mailing=first).provider_message_id == "id-du-premier"

    post_webhook(client, {**postmark_bounce(volunteer.email), "MessageID": "id-du-premier"})

    assert Delivery.objects.get(mailing=first).status == Delivery.Status.BOUNCED
    assert Delivery.objects.get(mailing=second).status == Delivery.Status.SENT


def soft_bounce(volunteer, message_id):
    return {
        **postmark_bounce(volunteer.email),
        "Type": "SoftBounce",
        "TypeCode": 4096,
        "Name": "Soft bounce",
        "Details": "smtp;452 4.2.2 Mailbox full",
        "MessageID": message_id,
    }


@override_settings(MAILINGS_SOFT_BOUNCES_TO_STOP=3)
def test_soft_bounces_stop_an_address_only_after_three_in_a_row(client, laval, make_mailing):
    volunteer = make_volunteer(laval, 1)
    messages = []
    for week in range(4):
        mail.outbox.clear()
        with time_machine.travel(timezone.now() + timedelta(days=8 * week)):
            mailing = make_mailing(commune=laval, subject=f"Semaine {week}")
            send(mailing)
            if mail.outbox:
                took(mailing, volunteer, f"id-{week}")
                messages.append(f"id-{week}")
        if week == 0:
            # A soft bounce, then the next message delivered: the count starts again.
            post_webhook(client, soft_bounce(volunteer, "id-0"))
            post_webhook(client, soft_bounce(volunteer, "id-0"))  # reported twice: once
            assert Bounce.objects.get(volunteer=volunteer).soft_bounces == 1
            delivered = {
                "RecordType": "Delivery",
                "MessageID": "id-0",
                "Recipient": volunteer.email,
                "DeliveredAt": "2026-12-01T10:00:00Z",
                "Details": "",
                "Tag": "",
                "ServerID": 1,
                "Metadata": {},
                "MessageStream": "outbound",
            }
            assert post_webhook(client, delivered).status_code == 200
            assert not Bounce.objects.exists()
        else:
            post_webhook(client, soft_bounce(volunteer, f"id-{week}"))
            if week < 3:
                assert services.reachable().filter(pk=volunteer.pk).exists()
    # Weeks 1, 2 and 3 bounced softly in a row: the third stops it.
    assert messages == ["id-0", "id-1", "id-2", "id-3"]
    bounce = Bounce.objects.get(volunteer=volunteer)
    assert (bounce.kind, bounce.soft_bounces) == (Bounce.Kind.BOUNCED, 3)
    assert not services.reachable().filter(pk=volunteer.pk).exists()
    assert set(Delivery.objects.values_list("status", flat=True)) == {"soft_bounced"}
