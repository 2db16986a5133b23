"""The background jobs of the shared mechanisms, run by django-q2 (synchronously in the tests):
sending one e-mail of the outbox, the outbox's sweep and purge, the purge of finished jobs'
records, and the daily digest of notifications. Jobs carry ids, never an e-mail or a link."""

from . import notifications, outbox


def deliver_email(email_id: int) -> bool:
    """Send one e-mail of the outbox (core/outbox.py) unless it was sent; queued by
    `core.email`. Returns whether this run sent it."""
    return outbox.deliver(email_id)


def send_unsent_emails() -> int:
    """Every few minutes: the e-mails no job sent, and the failed ones due again."""
    return outbox.send_unsent()


def purge_emails() -> int:
    """Daily: what sent e-mails said is erased after a few days (core/outbox.py)."""
    return outbox.purge()


def purge_finished_jobs() -> int:
    """Daily: django-q2's records of finished jobs are deleted after a few days."""
    return outbox.purge_finished_jobs()


def send_email(
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> bool:
    """The e-mail job as it was before the outbox, which carried the whole message: a job
    queued by an older version is put in the outbox and sent from there."""
    email = outbox.record(subject, body, to, html=html, headers=headers, attachments=attachments)
    return outbox.deliver(email.pk)


def send_digests() -> int:
    """The daily job: each user's digest of each topic they chose it for."""
    return notifications.send_digests()
