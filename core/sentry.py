"""Error reporting to Sentry (or a compatible service) when `SENTRY_DSN` is set: the settings
call `init` then, and import nothing of sentry-sdk otherwise. sentry-sdk is an optional
dependency: `uv sync --extra sentry`.

Nothing personal leaves: `send_default_pii=False` (no user, no IP address, no cookies), no
request bodies, no local variables of the frames (a volunteer's name in a `repr`), and
`before_send` takes out what is left: the user, cookies, bodies and query strings, the headers
that identify someone, and, in every string of the event (URL, message, exception, logs'
breadcrumbs), the signed tokens of the links and e-mail addresses (core.logging.scrub).

Optional: SENTRY_ENVIRONMENT (default "production"), SENTRY_RELEASE,
SENTRY_TRACES_SAMPLE_RATE (default 0: errors only).
"""

from __future__ import annotations

import os
from typing import Any

from core.logging import scrub

DROPPED_HEADERS = {
    "authorization",
    "cookie",
    "proxy-authorization",
    "x-csrftoken",
    "x-forwarded-for",
    "x-real-ip",
    "forwarded",
}


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {_scrubbed(key): _scrubbed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(item) for item in value]
    return value


def before_send(event: dict, hint: dict | None = None) -> dict:
    """The event without personal data (see the module)."""
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "data", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in DROPPED_HEADERS
            }
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)  # never collected (include_local_variables), never sent
    return _scrubbed(event)


def init(dsn: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_send_transaction=before_send,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
