"""The volunteers' changes and their e-mails are saved together (the outbox, core/outbox.py):
a request that fails leaves neither; an event told twice (a job run again, a hand-over) sends
its e-mail once; the job tables hold ids, never an address, a body or a link."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django_q.models import OrmQ, Task
from django_q.signing import SignedPackage

from core.models import OutgoingEmail
from core.notifications import Delivery
from core.outbox import key_of
from volunteers import calendar, hours, services
from volunteers.models import Registration, Volunteer
from volunteers.notifications import TOPIC, tell_referents

from .conftest import make_volunteer, sign_up_data
from .test_calendar import action_at, noon_today

pytestmark = pytest.mark.django_db

ADDRESS = "camille.durand@exemple.invalid"


def failing_after(monkeypatch, name: str):
    """Make `volunteers.services.<name>` raise after doing its work: the request fails late."""
    original = getattr(services, name)

    def fails(*args, **kwargs):
        original(*args, **kwargs)
        raise ConnectionError("the database connection was lost")

    monkeypatch.setattr(services, name, fails)


def test_a_sign_up_that_fails_after_its_email_leaves_neither(laval, monkeypatch):
    failing_after(monkeypatch, "send_confirmation")
    response = Client(raise_request_exception=False).post("/je-participe/", sign_up_data())
    assert response.status_code == 500
    assert not Volunteer.objects.exists()
    assert not OutgoingEmail.objects.exists() and mail.outbox == []


def test_a_sign_up_saved_has_its_email_in_the_same_transaction(client, laval):
    assert client.post("/je-participe/", sign_up_data()).status_code == 302
    volunteer = Volunteer.objects.get()
    [email] = OutgoingEmail.objects.all()
    assert email.recipients == [volunteer.email] and email.sent_at is not None
    assert [message.to for message in mail.outbox] == [[ADDRESS]]


def test_after_a_sign_up_the_job_tables_hold_no_address_body_or_link(client, laval, monkeypatch):
    monkeypatch.setattr("django_q.conf.Conf.SYNC", False)  # queued, as the worker finds it
    assert client.post("/je-participe/", sign_up_data()).status_code == 302
    [email] = OutgoingEmail.objects.all()
    link = re.search(r"https?://\S+/je-participe/confirmer/\S+/", email.body).group(0)
    [queued] = OrmQ.objects.all()
    payload = repr(SignedPackage.loads(queued.payload))
    assert str(email.pk) in payload
    for secret in (ADDRESS, "Camille", "Durand", link, link.split("/")[-2], email.subject):
        assert secret not in payload and secret not in queued.payload
    # The worker runs it (here, synchronously) and records it: the record holds the id.
    monkeypatch.setattr("django_q.conf.Conf.SYNC", True)
    from core.outbox import queue

    queue(email.pk)
    [task] = Task.objects.all()
    record = repr([task.func, task.args, task.kwargs, task.result, task.name, task.group])
    for secret in (ADDRESS, "Camille", link, link.split("/")[-2]):
        assert secret not in record
    assert [message.to for message in mail.outbox] == [[ADDRESS]]


def test_a_registration_that_fails_after_its_email_leaves_neither(laval, make_action, monkeypatch):
    volunteer, action = make_volunteer(laval), make_action()
    failing_after(monkeypatch, "calendar_links")
    with pytest.raises(ConnectionError):
        services.register(volunteer, action)
    assert not Registration.objects.exists()
    assert not OutgoingEmail.objects.exists() and mail.outbox == []


def test_a_registration_email_is_keyed_by_the_request(laval, make_action):
    volunteer, action = make_volunteer(laval), make_action()
    registration = services.register(volunteer, action)
    [email] = OutgoingEmail.objects.all()
    assert email.key == key_of(
        "registered", registration.pk, "registered", registration.requested_at.isoformat()
    )
    # Registering again after cancelling is a new request: a new e-mail.
    services.cancel_registration(registration)
    services.register(volunteer, action)
    assert OutgoingEmail.objects.filter(key__startswith="registered:").count() == 2


def test_a_reminder_is_sent_once_even_if_its_mark_is_lost(laval, laval_actions):
    """A reminder job run again after a crash (its registration's mark lost with it): the
    outbox's key still says it was sent."""
    now = noon_today()
    action = action_at(laval_actions, "nettoyage", now + dt.timedelta(hours=22))
    registration = services.register(make_volunteer(laval, 1), action)
    mail.outbox.clear()
    assert calendar.send_reminders(now) == 1
    Registration.objects.filter(pk=registration.pk).update(reminded_for=None)
    calendar.send_reminders(now)
    assert len(mail.outbox) == 1
    tomorrow = (now + dt.timedelta(days=1)).date()
    assert OutgoingEmail.objects.filter(key=f"reminder:{registration.pk}:{tomorrow}").exists()


def test_a_follow_up_is_sent_once_even_if_its_mark_is_lost(laval, make_action):
    action = make_action()
    registration = services.register(make_volunteer(laval, 1), action)
    mail.outbox.clear()
    after = action.end + hours.FOLLOW_UP_AFTER + dt.timedelta(minutes=1)
    assert hours.send_follow_ups(after) == 1
    Registration.objects.filter(pk=registration.pk).update(followed_up_at=None)
    hours.send_follow_ups(after)
    assert len(mail.outbox) == 1


def test_a_hand_over_told_twice_tells_the_referents_once(laval_referent, mayenne_referent):
    commune = laval_referent.groups.get().territory_group.commune
    mayenne_referent.notification_preferences.create(topic=TOPIC, delivery=Delivery.DAILY)
    volunteer = make_volunteer(commune, confirmed=True, handed_over=False)
    key = key_of("handover", volunteer.pk, commune.pk)
    tell_referents(commune, 1, key=key)
    tell_referents(commune, 1, key=key)  # e.g. a confirmation link clicked twice at once
    assert [message.to for message in mail.outbox] == [["referent-laval@mairie.example"]]
    assert mayenne_referent.pending_notifications.count() == 1
    tell_referents(commune, 1, key=key_of("handover", volunteer.pk + 1, commune.pk))
    assert len(mail.outbox) == 2 and mayenne_referent.pending_notifications.count() == 2
