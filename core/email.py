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
from .addresses import home_url, link_language, site_url


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


def render_email(
    template: str,
    context: dict,
    *,
    theme: dict | None = None,
    language: str | None = None,
    subject: str | None = None,
) -> tuple[str, str, str | None]:
    """The subject (one line), text and HTML (None without an HTML template) of the e-mail
    `template`, in `language` (the default one without it): what `send_email` writes, for a
    sender that writes many at once (core.outbox.record_many)."""
    context = {
        **(theme or {}),
        **context,
        "site_url": home_of(theme, language),
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        if subject is None:
            subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    # A subject is one line, whatever a title or a template's line breaks hold.
    return " ".join(subject.split()), body, html


def home_of(theme: dict | None, language: str | None) -> str:
    """The address an e-mail's footer gives: the territory's own address when the theme gives
    one (pages/themes.py), else the national one; written for a reader in `language` (a
    volunteer's), the home of that site in their language (`core.addresses.home_url`: "/en/"),
    so that the footer does not open the French home. Staff e-mails, written in French, keep
    the plain address. Kept in `theme` once found: a batch (a mailing, the monthly hour)
    reuses its themes and asks once per territory and language."""
    plain = (theme or {}).get("site_url") or site_url()
    if link_language(language) == settings.LANGUAGE_CODE:
        return plain
    if theme is None:
        return home_url(language)
    homes = theme.setdefault("homes", {})
    if language not in homes:
        homes[language] = home_url(language, theme.get("territory_page"))
    return homes[language]


def unsubscribe_headers(cancel_url: str = "", unsubscribe_url: str = "") -> dict[str, str] | None:
    """List-Unsubscribe: `unsubscribe_url`, which only stops e-mails, with RFC 8058's one-click
    POST (List-Unsubscribe-Post); else `cancel_url`, a page that asks."""
    if unsubscribe_url:
        return {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return {"List-Unsubscribe": f"<{cancel_url}>"} if cancel_url else None


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
    language: str | None = None,
) -> int | None:
    """Write and queue one e-mail from the templates `<template>_subject.txt` (unless `subject`
    is given), `<template>.txt` and `<template>.html` (optional), in `language` (its
    recipient's; the default language without it).

    `theme` gives the header's colour, territory and address (`primary`, `territory_name`,
    `site_url`; the national colours and address without it). A `cancel_url` (unsubscribe,
    notification settings) is offered in the context and as a List-Unsubscribe header, unless
    an `unsubscribe_url` is given: that one, which must only stop e-mails, becomes the header,
    with RFC 8058's one-click POST (List-Unsubscribe-Post), and `cancel_url` stays a link of
    the body (e.g. cancelling a registration, which a mail client's "unsubscribe" button must
    not do).
    `attachments`: (file name, text, MIME type).
    `key` says what the e-mail is about (`core.outbox.key_of`, e.g. "reminder:<registration
    id>:<date>"): one with a key already written is neither written nor sent again.
    """
    subject, body, html = render_email(
        template,
        {**context, "cancel_url": cancel_url},
        theme=theme,
        language=language,
        subject=subject,
    )
    return queue_email(
        subject,
        body,
        [to] if isinstance(to, str) else list(to),
        html=html,
        headers=unsubscribe_headers(cancel_url, unsubscribe_url),
        attachments=attachments,
        key=key,
    )
