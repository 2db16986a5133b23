"""A device that recognises its volunteer: after confirming their sign-up, or opening their
space through its link, the browser keeps a signed cookie for 90 days, and registering for an
action becomes one click. No password: the cookie is as good as the e-mailed link it came from.

The cookie carries the volunteer's id, a keyed hash of their address (another address, another
person: it opens nothing) and their `device_generation`; raising that number ("forget this
device" in the space, erasing their data) revokes every cookie given until then. Signed by
django.core.signing with a salt of its own, so that no other signed value can pass for it.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.db.models import F
from django.http import HttpRequest, HttpResponse

from core import http_cache

from . import tokens
from .models import Volunteer

COOKIE = "hc_volontaire"
SALT = "volunteers.device"
MAX_AGE = timedelta(days=90)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def cookie_value(volunteer: Volunteer) -> str:
    return _signer().sign_object(
        {
            "v": volunteer.pk,
            "h": tokens.address_mark(volunteer.email),
            "g": volunteer.device_generation,
        }
    )


def remember(request: HttpRequest, response: HttpResponse, volunteer: Volunteer) -> None:
    """This device now recognises `volunteer` (confirmed and not erased) for MAX_AGE."""
    if not volunteer.is_confirmed or volunteer.erased_at is not None:
        return
    response.set_cookie(
        COOKIE,
        cookie_value(volunteer),
        max_age=int(MAX_AGE.total_seconds()),
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
    )


def read(value: str) -> dict | None:
    """The signed content of a cookie, or None if it was altered or is too old."""
    try:
        content = _signer().unsign_object(value, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    return content if isinstance(content, dict) else None


def recognised(request: HttpRequest) -> Volunteer | None:
    """The volunteer this device recognises, or None (no cookie, altered, expired, revoked,
    another address since, erased). One query, none without a cookie; kept on the request."""
    if hasattr(request, "_hc_volunteer"):
        return request._hc_volunteer
    volunteer = None
    value = request.COOKIES.get(COOKIE)
    if value:
        http_cache.personal(request)  # what is drawn now may be this volunteer's own
    content = read(value) if value else None
    if content is not None:
        volunteer = (
            Volunteer.objects.select_related("commune")
            .filter(
                pk=content.get("v"),
                device_generation=content.get("g"),
                confirmed_at__isnull=False,
                erased_at__isnull=True,
            )
            .first()
        )
        if volunteer is not None and content.get("h") != tokens.address_mark(volunteer.email):
            volunteer = None
    request._hc_volunteer = volunteer
    return volunteer


def forget_all(volunteer: Volunteer) -> None:
    """No device recognises them any more (the cookies given so far carry an older number)."""
    Volunteer.objects.filter(pk=volunteer.pk).update(device_generation=F("device_generation") + 1)
    volunteer.refresh_from_db(fields=["device_generation"])


def forget(request: HttpRequest, response: HttpResponse) -> None:
    """Deletes this device's cookie (the generation is raised by `forget_all`)."""
    response.delete_cookie(COOKIE, samesite="Lax")
    request._hc_volunteer = None
