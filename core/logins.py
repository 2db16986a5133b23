"""The admin's log-in under attack: django-axes counts the failures per account and per client
address (read the way every rate limit reads it, core/clients.py) and, past AXES_FAILURE_LIMIT,
refuses the log-in for AXES_COOLOFF_TIME, even with the right password. This module says so to
the person in French, and forgets the failures after a day: they hold user names and
addresses, which nobody needs longer."""

from __future__ import annotations

import datetime
import ipaddress

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from .clients import client_address

RETENTION = datetime.timedelta(days=1)


def client_ip(request) -> str | None:
    """The client's address as every rate limit reads it (core/clients.py), for django-axes
    (AXES_CLIENT_IP_CALLABLE); None when there is none to read (a request made by code, e.g.
    a test's force_login): axes stores addresses in an IP column, which PostgreSQL checks."""
    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out log-in (AXES_LOCKOUT_CALLABLE): a page, status 429,
    that says for how long, and never whether the account exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "core/locked_out.html", {"minutes": minutes}, status=429)


def purge_login_attempts(now: datetime.datetime | None = None) -> int:
    """The daily job: the failed log-ins older than RETENTION deleted; returns how many."""
    from axes.models import AccessAttempt

    now = now or timezone.now()
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=now - RETENTION).delete()
    return deleted
