"""The recovery codes of the admin's second factor, kept as hashes only (issue 14).

django-otp's StaticDevice keeps its codes in clear: anyone who reads the database (a backup, a
dump sent for support) could log in as any moderator with one. Here each code is stored as a
salted PBKDF2 hash (Django's password hasher), shown once at enrolment and deleted when used.
One salt per set of codes and a fixed number of iterations, so that a code typed is hashed once
and found by equality: a wrong code costs one hash, not one per code left.
"""

from __future__ import annotations

import base64
import secrets

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import models
from django.utils.crypto import get_random_string
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

# 40 random bits per code, each hashed 200,000 times: about 0.1 s for the person who types one,
# years of work for someone who took the database and wants every code of one account.
CODE_ITERATIONS = 200_000
CODE_BYTES = 5  # 8 characters of base 32


def new_salt() -> str:
    return get_random_string(22)


def new_code() -> str:
    """A recovery code: 8 lower-case characters of base 32 (no 0/1/8/9, no look-alikes)."""
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii").lower()


def hash_code(code: str, salt: str) -> str:
    return PBKDF2PasswordHasher().encode(code, salt, iterations=CODE_ITERATIONS)


class RecoveryCodes(TimestampMixin, ThrottlingMixin, Device):
    """A user's set of single-use recovery codes, a django-otp device (so that a code logs the
    session in as the authenticator's would); wrong codes slow the next tries down."""

    salt = models.CharField(max_length=32, default=new_salt)

    class Meta:
        verbose_name = "recovery codes"
        verbose_name_plural = "recovery codes"

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def set_codes(self, codes: list[str]) -> None:
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, hashed=hash_code(code, self.salt)) for code in codes
        )

    def verify_token(self, token) -> bool:
        allowed, _data = self.verify_is_allowed()
        if not allowed:
            return False
        code = "".join(str(token or "").split()).lower()
        # Deleted as it is accepted: of two requests with the same code, one deletes the row.
        used, _rows = (
            self.codes.filter(hashed=hash_code(code, self.salt)).delete() if code else (0, 0)
        )
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return bool(used)


class RecoveryCode(models.Model):
    """One unused recovery code, as its hash."""

    device = models.ForeignKey(RecoveryCodes, related_name="codes", on_delete=models.CASCADE)
    hashed = models.CharField(max_length=128, db_index=True)

    def __str__(self) -> str:
        return f"recovery code {self.pk}"
