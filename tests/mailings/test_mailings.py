"""Mailings: a segment reaches exactly its consenting volunteers, once, in batches; one
mailing a week per volunteer, the next waits; the one-click unsubscribe takes effect at once;
a hard bounce reported by the provider's webhook stops them; a batch's queries do not grow
with the number of volunteers."""

import base64
import json
from datetime import timedelta

import pytest
import time_machine
from anymail.message import AnymailRecipientStatus, AnymailStatus
from anymail.signals import post_send
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mailings import services
from mailings.models import Bounce, Delivery, Mailing, Unsubscription
from tests.volunteers.conftest import make_volunteer
from volunteers.models import Volunteer

from .conftest import bulk_volunteers, one_click_url

pytestmark = pytest.mark.django_db
Status = Mailing.Status


def run_until_done(runs=10):
    for _ in range(runs):
        services.send_mailings()


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    monkeypatch.setattr(services, "BATCHES_PER_RUN", 1)


def test_a_mailing_by_gesture_and_commune_reaches_exactly_its_consenting_volunteers_once(
    laval, chateau_gontier, quimper, mayenne, gestures, make_mailing, small_batches
):
    garden, errands = gestures[2], gestures[0]
    expected = []
    for n in range(3):
        volunteer = make_volunteer(laval, n)
        volunteer.gestures.set([garden])
        expected.append(volunteer.email)
    outside = [
        make_volunteer(laval, 10, contact_consent=False),
        make_volunteer(laval, 11, emails_stopped_at=timezone.now()),
        make_volunteer(laval, 12, erased_at=timezone.now()),
        make_volunteer(laval, 13, confirmed=False),
        make_volunteer(laval, 14),  # another gesture
        make_volunteer(chateau_gontier, 15),  # another commune of the department
        make_volunteer(quimper, 16),  # another department
    ]
    for volunteer in outside[:-3]:
        volunteer.gestures.set([garden])
    outside[4].gestures.set([errands])
    outside[5].gestures.set([garden])
    outside[6].gestures.set([garden])
    mailing = make_mailing(department=mayenne, communes=[laval], gestures=[garden])
    services.schedule(mailing)
    mail.outbox.clear()

    services.send_mailings()  # one batch of two
    assert len(mail.outbox) == 2
    services.send_mailings()  # the third
    services.send_mailings()  # nobody left: sent
    services.send_mailings()  # run again: nothing more

    assert sorted(message.to[0] for message in mail.outbox) == sorted(expected)
    assert Delivery.objects.filter(mailing=mailing).count() == 3
    mailing.refresh_from_db()
    assert mailing.status == Status.SENT
    message = mail.outbox[0]
    assert message.subject == "Les nouvelles de la Mayenne"
    assert "Merci pour votre engagement" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    figures = services.figures_of(mailing)
    assert (figures.recipients, figures.sent, figures.failed, figures.waiting) == (3, 3, 0, 0)


def test_a_second_mailing_in_the_same_week_waits_for_the_end_of_the_week(
    laval, mayenne, make_mailing
):
    volunteer = make_volunteer(laval, 1)
    first = make_mailing(commune=laval, subject="Première")
    second = make_mailing(department=mayenne, subject="Seconde")
    services.schedule(first)
    services.send_mailings()
    services.schedule(second)
    mail.outbox.clear()

    run_until_done()

    assert mail.outbox == []
    second.refresh_from_db()
    assert second.status == Status.SENDING
    assert services.figures_of(second).waiting == 1
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        run_until_done()
    assert [message.subject for message in mail.outbox] == ["Seconde"]
    assert [message.to for message in mail.outbox] == [[volunteer.email]]
    second.refresh_from_db()
    assert second.status == Status.SENT


def test_the_one_click_unsubscribe_takes_effect_at_once(client, laval, make_mailing, small_batches):
    make_volunteer(laval, 1)
    make_volunteer(laval, 2)
    make_volunteer(laval, 3)
    mailing = make_mailing(commune=laval)
    services.schedule(mailing)
    mail.outbox.clear()
    services.send_mailings()  # the first two
    first = mail.outbox[0]
    leaving = Volunteer.objects.get(email=first.to[0])

    # A mail client's one-click POST (RFC 8058), without a session nor a CSRF token.
    response = client.post(
        one_click_url(first), {"List-Unsubscribe": "One-Click"}, enforce_csrf_checks=True
    )

    assert response.status_code == 200
    leaving.refresh_from_db()
    assert leaving.emails_stopped_at is None  # this sender's list only (test_lists.py)
    assert services.figures_of(mailing).unsubscribed == 1
    later = make_mailing(commune=laval, subject="Plus tard")
    services.schedule(later)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        mail.outbox.clear()
        run_until_done()
    assert leaving.email not in [message.to[0] for message in mail.outbox]
    assert len(mail.outbox) == 3 - 1  # the other two: the one left of the first, and one more


def test_the_confirm_page_of_the_unsubscribe_link_asks_before_stopping(client, laval, make_mailing):
    volunteer = make_volunteer(laval, 1)
    services.schedule(make_mailing(commune=laval))
    services.send_mailings()
    response = client.get(one_click_url(mail.outbox[-1]))
    assert response.status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.emails_stopped_at is None  # a GET (a mail scanner) stops nothing
    assert not Unsubscription.objects.exists()


def postmark_bounce(email: str) -> dict:
    """A hard bounce as Postmark's bounce webhook posts it."""
    return {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "ServerID": 23,
        "MessageStream": "outbound",
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email,
        "From": "ne-pas-repondre@heurecivique.fr",
        "BouncedAt": "2026-12-01T10:41:41.4216003-05:00",
        "DumpAvailable": False,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Les nouvelles de la Mayenne",
        "Content": "",
    }


def took(mailing, volunteer, message_id):
    """The provider took the copy (anymail's post_send): it keeps the id it gave it."""
    (message,) = [m for m in mail.outbox if m.to == [volunteer.email]]
    status = AnymailStatus()
    status.set_recipient_status({volunteer.email: AnymailRecipientStatus(message_id, "sent")})
    post_send.send(sender=None, message=message, status=status, esp_name="Postmark")
    return message


def post_webhook(client, payload, secret="webhook:test-only-secret"):
    return client.post(
        "/anymail/postmark/tracking/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(secret.encode()).decode(),
    )


def test_a_hard_bounce_from_the_providers_webhook_is_skipped_afterwards(
    client, laval, make_mailing
):
    bouncing = make_volunteer(laval, 1)
    staying = make_volunteer(laval, 2)
    first = make_mailing(commune=laval)
    services.schedule(first)
    services.send_mailings()
    took(first, bouncing, "883953f4-6105-42a2-a16a-77a8eac79483")

    response = post_webhook(client, postmark_bounce(bouncing.email.upper()))

    assert response.status_code == 200
    assert Bounce.objects.get(volunteer=bouncing).kind == Bounce.Kind.BOUNCED
    assert Delivery.objects.get(mailing=first, volunteer=bouncing).status == "bounced"
    assert services.figures_of(first).bounced == 1
    services.schedule(make_mailing(commune=laval, subject="Suite"))
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        mail.outbox.clear()
        run_until_done()
    assert [message.to for message in mail.outbox] == [[staying.email]]


def test_the_webhook_refuses_a_post_without_its_secret(client, laval):
    volunteer = make_volunteer(laval, 1)
    response = post_webhook(client, postmark_bounce(volunteer.email), secret="webhook:wrong")
    assert response.status_code == 400
    assert not Bounce.objects.exists()


def test_a_complaint_stops_the_mailings_too(client, laval):
    volunteer = make_volunteer(laval, 1)
    payload = {**postmark_bounce(volunteer.email), "RecordType": "SpamComplaint"}
    payload["Type"] = "SpamComplaint"
    assert post_webhook(client, payload).status_code == 200
    assert Bounce.objects.get(volunteer=volunteer).kind == Bounce.Kind.COMPLAINED
    assert not services.reachable().filter(pk=volunteer.pk).exists()


def test_the_mailing_is_in_the_language_of_each_volunteer(laval, make_mailing):
    make_volunteer(laval, 1, language="en")
    services.schedule(make_mailing(commune=laval, call_to_action_url="https://exemple.invalid/"))
    services.send_mailings()
    body = mail.outbox[-1].body
    assert "Stop receiving these e-mails" in body
    assert "Find out more : https://exemple.invalid/" in body


def test_a_scheduled_mailing_waits_for_its_time(laval, make_mailing):
    make_volunteer(laval, 1)
    mailing = make_mailing(commune=laval)
    services.schedule(mailing, timezone.now() + timedelta(hours=2))
    mail.outbox.clear()
    services.send_mailings()
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        services.send_mailings()
    assert len(mail.outbox) == 1


def queries_of_a_batch(mailing_id) -> int:
    with CaptureQueriesContext(connection) as queries:
        written = services.send_batch(mailing_id)
    assert written == services.BATCH_SIZE
    return len(queries)


def test_a_batch_runs_as_many_queries_among_10000_volunteers_as_among_100(
    laval, make_mailing, monkeypatch
):
    monkeypatch.setattr(services, "BATCH_SIZE", 25)
    bulk_volunteers(laval, 100)
    few = make_mailing(commune=laval, status=Status.SENDING, kinds=[], availability=[])
    queries_of_a_batch(few.pk)  # the first fills the caches (the sites' root paths, locales)
    with_few = queries_of_a_batch(few.pk)
    Delivery.objects.all().delete()
    bulk_volunteers(laval, 9_900, start=100)
    many = make_mailing(commune=laval, status=Status.SENDING, availability=["weekend-morning"])
    first, second = queries_of_a_batch(many.pk), queries_of_a_batch(many.pk)
    assert (first, second) == (with_few, with_few)
