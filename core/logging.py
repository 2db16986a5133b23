"""Logs: one line per event on stdout (a JSON object: time, level, logger, message, the HTTP
status when there is one, the traceback on the same line), for journald or a container runtime
to collect, and nothing personal in them.

Django's `django.request` logger names the path of every answer of 400 and more ("Not Found:
/je-participe/confirmer/<token>/"): the volunteers' links carry signed tokens, which open a
volunteer's space to whoever reads them. `scrub` replaces those tokens and any e-mail address by
a placeholder; `ScrubFilter` applies it to each record before any handler sees it, and the
formatter to the whole line (traceback included). core/sentry.py uses `scrub` too.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Django's signed values (django.core.signing: the volunteers' links, the follow-up link of a
# proposed initiative) as a path segment: "value:signature" or "value:timestamp:signature",
# URL-safe base64, the signature of 20 characters and more (a host's ":8000" isn't one).
SIGNED = re.compile(r"(?<=/)[\w.-]+(?::[\w-]+)*:[\w-]{20,}")
# The same values anywhere else (a message quoting one), in their timestamped form only
# ("value:timestamp:signature", the signature of 27 characters and more), to spare times.
SIGNED_ANYWHERE = re.compile(r"[\w.-]+:[0-9A-Za-z]{4,}:[\w-]{27,}")
# Django's password reset links (the admin's): /<uidb64>/<timestamp>-<hash>/.
PASSWORD_RESET = re.compile(r"(?<=/)[0-9A-Za-z_-]+/[0-9a-z]{1,13}-[0-9a-f]{20,}(?=/|$)")

TOKEN_PLACEHOLDER = "[token]"
EMAIL_PLACEHOLDER = "[email]"


def scrub(text: str) -> str:
    """`text` without signed tokens nor e-mail addresses."""
    text = SIGNED.sub(TOKEN_PLACEHOLDER, text)
    text = SIGNED_ANYWHERE.sub(TOKEN_PLACEHOLDER, text)
    text = PASSWORD_RESET.sub(TOKEN_PLACEHOLDER, text)
    return EMAIL.sub(EMAIL_PLACEHOLDER, text)


class ScrubFilter(logging.Filter):
    """Rewrites each record's message scrubbed (the arguments merged in), and keeps it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: let logging report it as usual
            return True
        record.msg, record.args = scrub(message), None
        return True


class OneLineFormatter(logging.Formatter):
    """One JSON object a line; newlines of messages and tracebacks escaped inside it."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            line["status"] = status
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return scrub(json.dumps(line, ensure_ascii=False))
