"""Background jobs shared by every app, run by django-q2 (synchronously in the tests)."""

from django.core.mail import EmailMultiAlternatives
from django_q.tasks import async_task


def send_email(
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> int:
    """Send one e-mail through Django's mail framework; this is what the job runs.
    `attachments`: (file name, text content, MIME type), e.g. an action's .ics."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    for name, content, mime_type in attachments or []:
        message.attach(name, content, mime_type)
    return message.send()


def queue_email(
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> str:
    """Hand an e-mail to the job queue: the request that asked for it does not wait for SMTP."""
    return async_task(
        "cms.jobs.send_email",
        subject,
        body,
        to,
        html=html,
        headers=headers,
        attachments=attachments,
        group="email",
    )
