"""The background jobs of the shared mechanisms, run by django-q2 (synchronously in the tests):
sending one e-mail, and the daily digest of notifications."""

from django.core.mail import EmailMultiAlternatives

from . import notifications


def send_email(
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> int:
    """Send one e-mail through Django's mail framework; queued by `core.email`.
    `attachments`: (file name, text content, MIME type), e.g. an action's .ics."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    for name, content, mime_type in attachments or []:
        message.attach(name, content, mime_type)
    return message.send()


def send_digests() -> int:
    """The daily job: each user's digest of each topic they chose it for."""
    return notifications.send_digests()
