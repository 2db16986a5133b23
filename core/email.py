"""The one sender of the platform's e-mails: subject, text and HTML rendered from templates in
French, in the colours of the territory they are about, written to the outbox in the current
transaction (core/outbox.py) and sent by a job that carries only its id, so that no request
waits for the mail server and no change is saved without its e-mail."""

from __future__ import annotations

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from . import outbox
from .addresses import site_url


def queue_email(
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    *,
    key: str | None = None,
) -> int | None:
    """Put an e-mail already written in the outbox, sent by a job once the current transaction
    commits (at once outside one): the request that asked for it does not wait for SMTP.
    Prefer `send_email`, which writes it from templates. Returns the outbox row's id, or None
    when an e-mail with this `key` was already written (nothing is sent twice)."""
    email = outbox.record(
        subject, body, to, html=html, headers=headers, attachments=attachments, key=key
    )
    return None if email is None else email.pk


def send_email(
    template: str,
    to: list[str] | str,
    context: dict,
    *,
    theme: dict | None = None,
    subject: str | None = None,
    cancel_url: str = "",
    unsubscribe_url: str = "",
    attachments: list[tuple[str, str, str]] | None = None,
    key: str | None = None,
) -> int | None:
    """Write and queue one e-mail from the templates `<template>_subject.txt` (unless `subject`
    is given), `<template>.txt` and `<template>.html` (optional), in the default language.

    `theme` gives the header's colour and territory (`primary`, `territory_name`; the national
    colours without it). A `cancel_url` (unsubscribe, notification settings) is offered in
    the context and as a List-Unsubscribe header, unless an `unsubscribe_url` is given: that
    one, which must only stop e-mails, becomes the header, with RFC 8058's one-click POST
    (List-Unsubscribe-Post), and `cancel_url` stays a link of the body (e.g. cancelling a
    registration, which a mail client's "unsubscribe" button must not do).
    `attachments`: (file name, text, MIME type).
    `key` says what the e-mail is about (`core.outbox.key_of`, e.g. "reminder:<registration
    id>:<date>"): one with a key already written is neither written nor sent again.
    """
    context = {
        **(theme or {}),
        **context,
        "cancel_url": cancel_url,
        "site_url": site_url(),
    }
    with translation.override(settings.LANGUAGE_CODE):
        if subject is None:
            subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    if unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    else:
        headers = {"List-Unsubscribe": f"<{cancel_url}>"} if cancel_url else None
    # A subject is one line, whatever a title or a template's line breaks hold.
    return queue_email(
        " ".join(subject.split()),
        body,
        [to] if isinstance(to, str) else list(to),
        html=html,
        headers=headers,
        attachments=attachments,
        key=key,
    )
