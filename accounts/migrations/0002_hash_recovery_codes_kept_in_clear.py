"""The recovery codes made before they were hashed (django-otp's StaticToken, in clear): each
hashed into the user's RecoveryCodes, then the clear ones deleted. The codes people wrote down
keep working; the database holds none of them any more."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import migrations
from django.utils.crypto import get_random_string

CODE_ITERATIONS = 200_000  # accounts.models.CODE_ITERATIONS when this was written


def hash_clear_codes(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    StaticToken = apps.get_model("otp_static", "StaticToken")
    RecoveryCodes = apps.get_model("accounts", "RecoveryCodes")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    hasher = PBKDF2PasswordHasher()
    for device in StaticDevice.objects.all():
        salt = get_random_string(22)
        codes = RecoveryCodes.objects.create(
            user_id=device.user_id, name=device.name, confirmed=device.confirmed, salt=salt
        )
        RecoveryCode.objects.bulk_create(
            RecoveryCode(
                device=codes,
                hashed=hasher.encode(
                    "".join(token.split()).lower(), salt, iterations=CODE_ITERATIONS
                ),
            )
            for token in StaticToken.objects.filter(device=device).values_list("token", flat=True)
        )
    StaticDevice.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_recovery_codes"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_clear_codes, migrations.RunPython.noop)]
