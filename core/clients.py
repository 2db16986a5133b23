"""Who is asking: the client address that rate limits count by. One home, so that every form
counts the same client the same way, and the proxy header is read in one place only.

Behind N trusted proxies (the TRUSTED_PROXIES setting), each proxy appends to X-Forwarded-For
the address it received the request from, and the last one connects to us (REMOTE_ADDR). The
client is then the Nth address from the right of the header: whatever stands further left was
written by the client itself and is not believed. With no trusted proxy (the default) the header
is never read, since any client can send it.

Written here rather than taken from django-ipware: the rule is the few lines below, and the
project wants exactly one behaviour (a count of proxies, no list of their addresses, no guessing
among a dozen headers), each case of which tests/core/test_clients.py holds.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "unknown"


def _address(text: str) -> str | None:
    """The IP address written in `text` (one entry of the header), normalised, or None when it
    is not one. Accepts a port after an IPv4 address (`1.2.3.4:5678`) or a bracketed IPv6 one
    (`[2001:db8::1]:443`), as some proxies write them."""
    text = text.strip().strip('"')
    if text.startswith("["):  # [IPv6] or [IPv6]:port
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4:port
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def forwarded_client(header: str, trusted_proxies: int) -> str | None:
    """The client's address in an X-Forwarded-For value behind `trusted_proxies` proxies, or
    None when the header cannot say it (absent, too short, or its entry is not an address)."""
    if trusted_proxies <= 0 or not header:
        return None
    entries = header.split(",")
    if len(entries) < trusted_proxies:
        return None
    return _address(entries[-trusted_proxies])


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request`, or "unknown" when there is none.

    Behind TRUSTED_PROXIES proxies, read from X-Forwarded-For; otherwise, and whenever the header
    is missing or malformed, the address that connected (REMOTE_ADDR)."""
    trusted = getattr(settings, "TRUSTED_PROXIES", 0)
    forwarded = forwarded_client(request.META.get("HTTP_X_FORWARDED_FOR", ""), trusted)
    if forwarded:
        return forwarded
    return request.META.get("REMOTE_ADDR", "") or UNKNOWN
