"""Signed, time-limited links: volunteers have no password, a link in an e-mail proves the
address. Each purpose has its own salt, so that a link of one kind opens nothing else."""

from __future__ import annotations

import time
from datetime import timedelta

from django.core import signing
from django.utils.crypto import salted_hmac

CONFIRM = "volunteers.confirm"
REGISTER = "volunteers.register"
CANCEL = "volunteers.cancel"
UNSUBSCRIBE = "volunteers.unsubscribe"
STOP_EMAILS = "volunteers.stop_emails"
CALENDAR = "volunteers.calendar"
HOURS = "volunteers.hours"
SPACE = "volunteers.space"

MAX_AGE = {
    CONFIRM: timedelta(days=7),
    REGISTER: timedelta(days=14),
    CANCEL: timedelta(days=365),
    UNSUBSCRIBE: timedelta(days=365),
    STOP_EMAILS: timedelta(days=365),
    CALENDAR: timedelta(days=365),
    HOURS: timedelta(days=60),
    SPACE: timedelta(hours=48),
}


class InvalidLink(Exception):
    """The link was altered, or belongs to another purpose."""


class ExpiredLink(InvalidLink):
    """The link is genuine but too old."""


class UsedLink(InvalidLink):
    """The link is genuine but opens once, and was opened (the links of the space)."""


class ErasedLink(InvalidLink):
    """The link is genuine but its volunteer erased their data: it opens nothing any more."""


class _Signer(signing.TimestampSigner):
    def __init__(self, *args, at: float | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.at = at

    def timestamp(self) -> str:
        return signing.b62_encode(int(self.at if self.at is not None else time.time()))


def address_mark(email: str) -> str:
    """Ties a link to the address it was sent to without writing the address in the URL (a
    signed value is readable by anyone, and URLs end up in logs and histories): a keyed hash,
    which tells nothing of the address to whoever lacks the site's secret key."""
    return salted_hmac("volunteers.address", email.strip().lower()).hexdigest()[:20]


def make(purpose: str, value: dict, *, at: float | None = None) -> str:
    """A URL-safe token carrying `value`, signed for `purpose`; `at` backdates it (tests)."""
    return _Signer(salt=purpose, at=at).sign_object(value, compress=True)


def read(purpose: str, token: str) -> dict:
    try:
        value = _Signer(salt=purpose).unsign_object(token, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidLink from error
    if not isinstance(value, dict):
        raise InvalidLink
    return value
