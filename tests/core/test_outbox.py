"""The outbox (core/outbox.py): an e-mail is a row written in the transaction of its change,
sent by a job that carries only the row's id, once; a key makes a second e-mail about the same
thing a no-op; failures are retried, the unsent swept, the sent erased after a few days."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_q.models import OrmQ, Task
from django_q.signing import SignedPackage

from core import jobs, outbox
from core.email import queue_email, send_email
from core.models import OutgoingEmail

NOTIFICATION = "workflows/email/notification"
SECRET_LINK = "https://example.org/lien-magique/abc123"


def write(key=None, to="benevole@example.org"):
    return send_email(
        NOTIFICATION,
        to,
        {"message": "Un message.", "link": SECRET_LINK},
        subject="Objet",
        key=key,
    )


class Failing(Exception):
    pass


@pytest.fixture
def failing_mail_server(settings):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.FailingBackend"


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise Failing("550 <benevole@example.org> refused")


def test_an_email_is_a_row_sent_by_its_job_once(db):
    email_id = write()
    [message] = mail.outbox
    email = OutgoingEmail.objects.get(pk=email_id)
    assert email.sent_at is not None and email.attempts == 1
    assert email.recipients == ["benevole@example.org"] and message.subject == "Objet"
    # The job run again (a worker killed after sending, then restarted): nothing more.
    assert jobs.deliver_email(email_id) is False
    assert outbox.send_unsent(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_a_second_email_with_the_same_key_is_not_written(db):
    assert write(key="reminder:12:2027-05-01") is not None
    assert write(key="reminder:12:2027-05-01") is None
    assert write(key="reminder:12:2027-05-02") is not None
    assert len(mail.outbox) == 2
    assert OutgoingEmail.objects.count() == 2


def test_a_long_key_is_shortened_to_a_hash_and_stays_unique(db):
    long_key = outbox.key_of("handover", "-".join(str(n) for n in range(500)), 7)
    assert len(long_key) <= 200
    assert long_key != outbox.key_of("handover", "-".join(str(n) for n in range(501)), 7)
    assert write(key=long_key) is not None and write(key=long_key) is None


def test_a_rolled_back_transaction_writes_and_sends_nothing(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        write()
        raise RuntimeError("the request fails after its e-mail was written")
    assert mail.outbox == [] and not OutgoingEmail.objects.exists()


def test_the_email_is_sent_only_once_the_transaction_commits(db):
    with transaction.atomic():
        email_id = write()
        assert mail.outbox == []  # not before the commit
        assert OutgoingEmail.objects.get(pk=email_id).sent_at is None
    assert len(mail.outbox) == 1


def test_a_failure_is_logged_by_the_row_id_and_retried_later(db, failing_mail_server, caplog):
    with caplog.at_level(logging.WARNING, logger="core.outbox"):
        email_id = write()
    email = OutgoingEmail.objects.get(pk=email_id)
    assert email.sent_at is None and email.attempts == 1 and email.last_error == "Failing"
    assert email.next_attempt_at > timezone.now()
    [record] = caplog.records
    assert str(email_id) in record.getMessage()
    assert "benevole" not in record.getMessage() and "example.org" not in caplog.text
    # Not due yet; due after the delay, then sent.
    assert outbox.send_unsent() == 0
    assert email.next_attempt_at - timezone.now() <= outbox.RETRY_FIRST


def test_the_sweep_retries_with_a_growing_delay_then_sends(db, settings, failing_mail_server):
    email_id = write()
    later = timezone.now() + dt.timedelta(minutes=6)
    assert outbox.send_unsent(now=later) == 0  # failed again
    email = OutgoingEmail.objects.get(pk=email_id)
    assert email.attempts == 2
    assert email.next_attempt_at - timezone.now() >= dt.timedelta(minutes=9)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_unsent(now=later + dt.timedelta(minutes=11)) == 1
    assert len(mail.outbox) == 1


def test_the_sweep_sends_a_row_whose_job_was_lost(db, monkeypatch):
    monkeypatch.setattr(outbox, "queue", lambda email_id: None)  # crash before queueing
    email_id = write()
    assert mail.outbox == []
    assert outbox.send_unsent() == 0  # a job may still come: not before a few minutes
    assert outbox.send_unsent(now=timezone.now() + outbox.UNSENT_AFTER) == 1
    assert OutgoingEmail.objects.get(pk=email_id).sent_at is not None
    assert len(mail.outbox) == 1


def test_the_sweep_treats_each_row_on_its_own(db, monkeypatch, caplog):
    monkeypatch.setattr(outbox, "queue", lambda email_id: None)
    first, second = write(), write(to="autre@example.org")
    original = outbox.deliver

    def deliver(email_id):
        if email_id == first:
            raise RuntimeError("a broken row")
        return original(email_id)

    monkeypatch.setattr(outbox, "deliver", deliver)
    with caplog.at_level(logging.ERROR, logger="core.outbox"):
        assert outbox.send_unsent(now=timezone.now() + outbox.UNSENT_AFTER) == 1
    assert [message.to for message in mail.outbox] == [["autre@example.org"]]
    assert f"could not send e-mail {first}" in caplog.text
    assert OutgoingEmail.objects.get(pk=second).sent_at is not None


def test_a_row_failing_too_often_is_given_up_with_an_error(db, failing_mail_server, caplog):
    email_id = write()
    OutgoingEmail.objects.filter(pk=email_id).update(attempts=outbox.MAX_ATTEMPTS - 1)
    with caplog.at_level(logging.ERROR, logger="core.outbox"):
        outbox.deliver(email_id)
    assert f"E-mail {email_id} given up" in caplog.text
    assert outbox.send_unsent(now=timezone.now() + dt.timedelta(days=2)) == 0


def test_what_sent_emails_said_is_erased_after_the_retention(db, settings):
    settings.OUTBOX_CONTENT_KEPT_DAYS = 7
    old, recent = write(key="old"), write(key="recent")
    OutgoingEmail.objects.filter(pk=old).update(
        sent_at=timezone.now() - dt.timedelta(days=8),
        created_at=timezone.now() - dt.timedelta(days=8),
    )
    assert jobs.purge_emails() == 1
    erased = OutgoingEmail.objects.get(pk=old)
    assert erased.recipients == [] and erased.body == "" and erased.html == ""
    assert erased.headers == {} and erased.subject == "" and erased.purged_at is not None
    assert erased.key == "old" and erased.sent_at is not None  # the delivery's record stays
    assert SECRET_LINK in OutgoingEmail.objects.get(pk=recent).body
    # The key still guards: the same e-mail is not written again.
    assert write(key="old") is None
    # The records themselves go after OUTBOX_RECORDS_KEPT_DAYS.
    OutgoingEmail.objects.filter(pk=old).update(created_at=timezone.now() - dt.timedelta(days=91))
    outbox.purge()
    assert not OutgoingEmail.objects.filter(pk=old).exists()
    assert OutgoingEmail.objects.filter(pk=recent).exists()


def test_an_unsent_email_is_never_erased(db, failing_mail_server):
    email_id = write()
    OutgoingEmail.objects.filter(pk=email_id).update(
        created_at=timezone.now() - dt.timedelta(days=30)
    )
    outbox.purge()
    assert SECRET_LINK in OutgoingEmail.objects.get(pk=email_id).body


def test_finished_job_records_are_purged_after_the_retention(db, settings):
    settings.JOB_RECORDS_KEPT_DAYS = 7
    write()
    write(key="x")
    assert Task.objects.count() == 2  # the sync jobs' records
    Task.objects.filter(pk=Task.objects.order_by("started").first().pk).update(
        stopped=timezone.now() - dt.timedelta(days=8)
    )
    assert jobs.purge_finished_jobs() == 1
    assert Task.objects.count() == 1


def test_the_job_tables_hold_no_email_nor_link(db, monkeypatch):
    """Queued (the database broker) and finished, a job is the row's id."""
    monkeypatch.setattr("django_q.conf.Conf.SYNC", False)
    email_id = queue_email("Objet", f"Votre lien : {SECRET_LINK}", ["benevole@example.org"])
    [queued] = OrmQ.objects.all()
    package = SignedPackage.loads(queued.payload)
    assert package["func"] == outbox.JOB and package["args"] == (email_id,)
    assert "benevole" not in repr(package) and SECRET_LINK not in repr(package)
    assert mail.outbox == []
    # The worker's run, then its record.
    monkeypatch.setattr("django_q.conf.Conf.SYNC", True)
    outbox.queue(email_id)
    [task] = Task.objects.all()
    assert task.args == (email_id,) and task.kwargs == {} and task.result is True
    assert len(mail.outbox) == 1


def test_a_job_queued_before_the_outbox_is_sent_through_it(db):
    jobs.send_email("Objet", "Le corps", ["benevole@example.org"], html="<p>Le corps</p>")
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.get().sent_at is not None
