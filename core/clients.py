"""Who is asking: the client address that rate limits count by. One home, so that every form
counts the same client the same way (and the trusted proxy header, when it comes, is read here)."""

from __future__ import annotations

from django.http import HttpRequest

UNKNOWN = "unknown"


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request`, or "unknown" when there is none.

    The proxy in front of the site connects from its own address and sets REMOTE_ADDR to the
    client's; X-Forwarded-For is not read, since any client can send it.
    """
    return request.META.get("REMOTE_ADDR", "") or UNKNOWN
