"""The outbox: every e-mail is first a row (`OutgoingEmail`) written in the transaction of the
change it tells of, then sent by a job that carries only the row's id.

- A request that fails leaves neither its change nor its e-mail; one that commits has both
  (the job is queued once the transaction has committed: `transaction.on_commit`, which any
  broker needs, Redis as well as the database).
- `deliver` locks the row, sends, and marks it sent in one transaction: a job run again (a
  worker killed, then restarted) sends nothing already sent. The one window left: the mail
  server accepted the message and the worker died before its transaction committed; the row is
  then sent again (at most the messages in flight, one per worker; README, "Operations").
- `send_unsent` (every few minutes) sends what no job sent: a crash between the commit and the
  queueing, a queue that was down, and the failures, retried with a growing delay. One row
  failing is logged by its id and the others go on; nothing is dropped silently.
- A `key` says what an e-mail is about: a second one with the same key is not written.
- `purge` erases what sent e-mails said (addresses, bodies, magic links) after
  `OUTBOX_CONTENT_KEPT`, and forgets the rows after `OUTBOX_RECORDS_KEPT`; `purge_finished_jobs`
  deletes django-q2's records of finished jobs after `JOB_RECORDS_KEPT`.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_q.tasks import async_task

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# The job that sends one row; queued jobs name it by this path.
JOB = "core.jobs.deliver_email"

# A row not sent this long after it was written is sent by the sweep (its job was lost).
UNSENT_AFTER = timedelta(minutes=5)
# The delay before the n-th new attempt after a failure: 5 min, 10, 20… up to 6 hours; after
# MAX_ATTEMPTS the row is given up, with an error in the log (and Sentry).
RETRY_FIRST = timedelta(minutes=5)
RETRY_LONGEST = timedelta(hours=6)
MAX_ATTEMPTS = 12
KEY_LENGTH = 200


def content_kept() -> timedelta:
    return timedelta(days=getattr(settings, "OUTBOX_CONTENT_KEPT_DAYS", 7))


def records_kept() -> timedelta:
    return timedelta(days=getattr(settings, "OUTBOX_RECORDS_KEPT_DAYS", 90))


def job_records_kept() -> timedelta:
    return timedelta(days=getattr(settings, "JOB_RECORDS_KEPT_DAYS", 7))


def key_of(*parts) -> str:
    """A delivery key from what an e-mail is about, e.g. key_of("reminder", 12, date):
    "reminder:12:2027-05-01". A long one is shortened to a hash of its end."""
    key = ":".join(str(part) for part in parts)
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[: KEY_LENGTH - len(digest) - 1]}#{digest}"


def record(
    subject: str,
    body: str,
    to: list[str],
    *,
    html: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    key: str | None = None,
) -> OutgoingEmail | None:
    """Write the e-mail in the current transaction and queue its job once that commits.
    Returns the row, or None when an e-mail with this `key` was already written."""
    fields = {
        "recipients": list(to),
        "subject": subject,
        "body": body,
        "html": html or "",
        "headers": headers or {},
        "attachments": [list(attachment) for attachment in attachments or []],
    }
    if key is None:
        email = OutgoingEmail.objects.create(**fields)
    else:
        # The unique key decides, also between two writers at once (PostgreSQL makes the second
        # wait for the first's commit); the savepoint keeps the caller's transaction usable.
        try:
            with transaction.atomic():
                email = OutgoingEmail.objects.create(key=key_of(key), **fields)
        except IntegrityError:
            return None
    queue_after_commit(email.pk)
    return email


def record_many(emails: list[dict]) -> list[OutgoingEmail]:
    """Write several e-mails in one query (a batch of a mailing), each dict holding `record`'s
    arguments but `key` (the caller's own unique rows say what was sent: a batch done again
    writes nothing); each is queued on its own once the transaction commits."""
    rows = OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                recipients=list(email["to"]),
                subject=email["subject"],
                body=email["body"],
                html=email.get("html") or "",
                headers=email.get("headers") or {},
                attachments=[],
            )
            for email in emails
        ]
    )
    for row in rows:
        queue_after_commit(row.pk)
    return rows


def queue_after_commit(email_id: int) -> None:
    """Queue the row's job once the current transaction commits (at once outside one). Robust:
    a queue that cannot be reached after the commit must not turn a saved change into an error
    page; the row waits for the sweep."""
    transaction.on_commit(lambda: queue(email_id), robust=True)


def queue(email_id: int) -> None:
    async_task(JOB, email_id, group="email")


def message_of(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body, to=email.recipients, headers=email.headers
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for name, content, mime_type in email.attachments:
        message.attach(name, content, mime_type)
    return message


def retry_delay(attempts: int) -> timedelta:
    return min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_LONGEST)


def deliver(email_id: int) -> bool:
    """Send one row unless it was sent; True when this call sent it. A failure is recorded on
    the row (its kind, the next attempt) and logged by the row's id; the sweep tries again."""
    with transaction.atomic():
        # skip_locked: a row being sent by another worker is theirs (PostgreSQL; SQLite's
        # IMMEDIATE transactions already let one writer in at a time).
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True, purged_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        now = timezone.now()
        email.attempts += 1
        try:
            message_of(email).send()
        except Exception as error:
            email.last_error = type(error).__name__[:200]
            email.next_attempt_at = now + retry_delay(email.attempts)
            email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            if email.attempts >= MAX_ATTEMPTS:
                logger.error(
                    "E-mail %s given up after %s attempts (%s)",
                    email.pk,
                    email.attempts,
                    email.last_error,
                )
            else:
                logger.warning(
                    "E-mail %s not sent, attempt %s (%s): tried again after %s",
                    email.pk,
                    email.attempts,
                    email.last_error,
                    email.next_attempt_at.isoformat(),
                )
            return False
        email.sent_at = now
        email.save(update_fields=["attempts", "sent_at"])
    return True


def due(now=None):
    """The rows the sweep sends: never tried and older than UNSENT_AFTER (their job was lost),
    or failed and due again."""
    now = now or timezone.now()
    return (
        OutgoingEmail.objects.filter(
            sent_at__isnull=True, purged_at__isnull=True, attempts__lt=MAX_ATTEMPTS
        )
        .filter(
            Q(attempts=0, created_at__lte=now - UNSENT_AFTER)
            | Q(attempts__gt=0, next_attempt_at__lte=now)
        )
        .order_by("created_at", "pk")
    )


def send_unsent(now=None, limit: int = 500) -> int:
    """The sweep: sends the due rows, each on its own (a failure is logged and skipped).
    Returns how many were sent."""
    sent = 0
    for email_id in list(due(now).values_list("pk", flat=True)[:limit]):
        try:
            sent += deliver(email_id)
        except Exception:
            logger.exception("The sweep could not send e-mail %s", email_id)
    return sent


def purge(now=None) -> int:
    """Erase what e-mails sent (or given up) more than `content_kept()` ago said: addresses,
    subject, bodies, headers and attachments (magic links, names). Delete the rows older than
    `records_kept()`. Returns how many rows were erased."""
    now = now or timezone.now()
    OutgoingEmail.objects.filter(created_at__lt=now - records_kept()).filter(
        Q(sent_at__isnull=False) | Q(attempts__gte=MAX_ATTEMPTS) | Q(purged_at__isnull=False)
    ).delete()
    return (
        OutgoingEmail.objects.filter(purged_at__isnull=True)
        .filter(
            Q(sent_at__lt=now - content_kept())
            | Q(attempts__gte=MAX_ATTEMPTS, created_at__lt=now - content_kept())
        )
        .update(
            recipients=[],
            subject="",
            body="",
            html="",
            headers={},
            attachments=[],
            purged_at=now,
        )
    )


def purge_finished_jobs(now=None) -> int:
    """Delete django-q2's records of finished jobs (successes and failures) older than
    `job_records_kept()`. Returns how many."""
    from django_q.models import Task

    now = now or timezone.now()
    deleted, _by_model = Task.objects.filter(stopped__lt=now - job_records_kept()).delete()
    return deleted
