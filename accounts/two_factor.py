"""Two-factor log-in to the admin (TOTP, django-otp): who must use it, enrolling a phone's
authenticator app, checking a code or a single-use recovery code, turning it off or resetting it.

Superusers, the national moderators and the groups named in OTP_REQUIRED_GROUPS must use it
when OTP_REQUIRED is on (production); everyone else may. A confirmed TOTPDevice is the second
factor; a RecoveryCodes device beside it (models.py) holds the hashes of the recovery codes,
made again at each enrolment and shown only then.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from onboarding.roles import MODERATORS_GROUP_NAME

from .models import RecoveryCode, RecoveryCodes, new_code

ISSUER = "Heure Civique"
DEVICE_NAME = "Heure Civique"
RECOVERY_CODES = 10
TOTP_DIGITS = 6


def required_groups() -> list[str]:
    return [MODERATORS_GROUP_NAME, *getattr(settings, "OTP_REQUIRED_GROUPS", [])]


@dataclass(frozen=True)
class Status:
    must: bool  # must use a second factor to reach the admin
    enrolled: bool  # has a confirmed authenticator


def status_of(user) -> Status:
    """Whether `user` must use the second factor and whether they have one, in one query."""
    asks_groups = settings.OTP_REQUIRED and not user.is_superuser
    annotations = {
        "enrolled": Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True))
    }
    if asks_groups:
        annotations["in_required_group"] = Exists(
            get_user_model().groups.through.objects.filter(
                user_id=OuterRef("pk"), group__name__in=required_groups()
            )
        )
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(**annotations)
        .values(*annotations)
        .first()
    ) or {}
    must = settings.OTP_REQUIRED and (user.is_superuser or row.get("in_required_group", False))
    return Status(must=bool(must), enrolled=bool(row.get("enrolled")))


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being enrolled: the one shown before (the page may be reloaded while
    the phone reads it), or a new one with a new secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def provisioning_url(device: TOTPDevice) -> str:
    """The otpauth:// address an authenticator app reads: issuer Heure Civique, the username."""
    return device.config_url


def secret_of(device: TOTPDevice) -> str:
    """The secret in base 32, in groups of four, for typing it into the app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(url: str) -> str:
    """The QR code of `url`, as an SVG element to write in the page (no request elsewhere:
    the Content-Security-Policy refuses any)."""
    return segno.make(url, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app")
    )


class Refused(Exception):
    """A code refused; its message is for the person."""


def _check_throttle(device) -> None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return
    locked_until = (data or {}).get("locked_until")
    seconds = (
        max(1, math.ceil((locked_until - timezone.now()).total_seconds())) if locked_until else 1
    )
    raise Refused(
        _("Too many wrong codes: wait %(seconds)s seconds before trying again.")
        % {"seconds": seconds}
    )


def _clean(code: str) -> str:
    return "".join((code or "").split()).lower()


def confirm_enrolment(user, device: TOTPDevice, code: str) -> list[str]:
    """Confirms `device` with the first code the app shows; returns the new recovery codes
    (shown once). Raises Refused with a message, changing nothing else, on a wrong code."""
    code = _clean(code)
    if device.user_id != user.pk or device.confirmed:
        raise Refused(_("This enrolment is no longer valid: start again."))
    _check_throttle(device)
    if not (code.isdigit() and len(code) == TOTP_DIGITS):
        raise Refused(_("Enter the 6-digit code shown by your authenticator app."))
    if verify_token(user, device.persistent_id, code) is None:
        raise Refused(
            _("This code is not the right one. Check your phone's time and enter the current code.")
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        RecoveryCodes.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()  # codes in clear, from before
        recovery = RecoveryCodes.objects.create(user=user, name=_("Recovery codes"))
        codes = [new_code() for _unused in range(RECOVERY_CODES)]
        recovery.set_codes(codes)
    device.confirmed = True
    return codes


def verify(user, code: str):
    """The device that accepts `code` (the authenticator's 6 digits, or a recovery code, which
    is then used up), or Refused with a message. Wrong codes slow the next tries down."""
    code = _clean(code)
    if not code:
        raise Refused(_("Enter the code shown by your authenticator app, or a recovery code."))
    if code.isdigit() and len(code) == TOTP_DIGITS:
        device = authenticator_of(user)
        wrong = _("This code is not the right one. Enter the current code of your app.")
    else:
        device = RecoveryCodes.objects.filter(user=user, confirmed=True).first()
        wrong = _("This recovery code is not valid, or has already been used.")
    if device is None:
        raise Refused(wrong)
    _check_throttle(device)
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        raise Refused(wrong)
    return verified


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def reset(user) -> int:
    """Removes every second factor of `user` (a lost phone); returns how many devices."""
    with transaction.atomic():
        devices = TOTPDevice.objects.filter(user=user).count()
        devices += RecoveryCodes.objects.filter(user=user).count()
        devices += StaticDevice.objects.filter(user=user).count()
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodes.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    return devices
