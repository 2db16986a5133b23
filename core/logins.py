"""The admin's log-in under attack: django-axes counts the failures per account and per client
address (read the way every rate limit reads it, core/clients.py) and refuses the log-in for
AXES_COOLOFF_TIME, even with the right password, past either limit: AXES_FAILURE_LIMIT wrong
passwords for one account (from anywhere), or LOGIN_FAILURE_LIMIT_PER_ADDRESS from one address
(all accounts together), a higher number, since a whole mairie office may log in through one
address and must not be locked out by one person's typos, while an address that tries password
after password on many accounts is (`LockoutHandler`). This module says so to the person in
French, and forgets the failures after a day: they hold user names and addresses, which nobody
needs longer."""

from __future__ import annotations

import datetime
import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from .clients import client_address

RETENTION = datetime.timedelta(days=1)


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler (AXES_HANDLER) with a limit of its own per address.

    axes compares one number, `get_failures`, with AXES_FAILURE_LIMIT: here that number is the
    account's failures, or the limit itself once the address has failed
    LOGIN_FAILURE_LIMIT_PER_ADDRESS times. A success forgets the account's failures only, so
    that logging into one account of its own does not let an address start spraying again."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        account = _total(recent.filter(username=username)) if username else 0
        from_address = _total(recent.filter(ip_address=address)) if address else 0
        if from_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            return max(account, get_failure_limit(request, credentials))
        return account

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        deleted, _ = AccessAttempt.objects.filter(username=username).delete()
        return deleted


def _total(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


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
    now = now or timezone.now()
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=now - RETENTION).delete()
    return deleted
