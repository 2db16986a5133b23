"""The admin's second factor (accounts/): with OTP_REQUIRED on, moderators and superusers enrol
an authenticator before anything else of the admin, then give a code at each new session (a
wrong one is refused in French and changes nothing; a recovery code works once); other admin
users reach the admin directly and may enrol; the QR code is drawn in the page."""

import re
from base64 import b32decode
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode, RecoveryCodes
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
PAGES = "/admin/pages/"
ENROL = "/admin/two-factor/enrol/"
VERIFY = "/admin/two-factor/verify/"
ACCOUNT = "/admin/two-factor/"


@pytest.fixture(autouse=True)
def otp_required(settings):
    settings.OTP_REQUIRED = True
    settings.LANGUAGE_CODE = "fr"


def log_in(client, user, next_url=ADMIN):
    return client.post(
        f"/admin/login/?next={next_url}",
        {"username": user.username, "password": PASSWORD, "next": next_url},
        REMOTE_ADDR="192.0.2.10",
        HTTP_ACCEPT_LANGUAGE="fr",
        follow=True,
    )


def current_code(device: TOTPDevice, offset: int = 0) -> str:
    code = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + offset,
    )
    return f"{code:06d}"


def enrol(client, user) -> list[str]:
    """Enrols `user` (logged in) through the page; returns the recovery codes shown."""
    page = client.get(ENROL)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(ENROL, {"code": current_code(device), "next": ADMIN})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


def test_a_moderator_logging_in_lands_on_enrolment_and_reaches_nothing_else_before(
    client, moderator
):
    response = log_in(client, moderator)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    assert "Activer la double authentification" in response.content.decode()
    for address in (ADMIN, PAGES, "/admin/users/", ACCOUNT):
        refused = client.get(address)
        assert refused.status_code == 302
        assert refused["Location"].startswith(ENROL)
    # Enrolment, log-out and what the page needs stay open.
    assert client.get("/admin/jsi18n/").status_code == 200
    assert client.post("/admin/logout/").status_code == 302
    assert client.get(ADMIN)["Location"].startswith("/admin/login/")


def test_a_moderator_enrols_with_the_code_of_the_secret_shown_and_reaches_the_admin(
    client, moderator
):
    log_in(client, moderator)
    page = client.get(ENROL).content.decode()
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    # The secret shown is the device's key, for typing into the app by hand.
    assert b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)) == (
        device.bin_key
    )
    # A reload shows the same secret (the phone may be reading it).
    assert secret in client.get(ENROL).content.decode()
    response = client.post(ENROL, {"code": current_code(device)})
    body = response.content.decode()
    assert "La double authentification est activée" in body
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", body)
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(PAGES).status_code == 200
    # The codes are shown once: enrolling again is not offered to an enrolled user.
    assert client.get(ENROL)["Location"] == ACCOUNT


def test_a_wrong_first_code_is_refused_in_french_and_confirms_nothing(client, moderator):
    log_in(client, moderator)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    wrong = current_code(device, offset=5)
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 400
    assert "Ce code n’est pas le bon" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()
    assert client.get(PAGES).status_code == 302
    response = client.post(ENROL, {"code": "abc"})
    assert "Saisissez le code à 6 chiffres" in response.content.decode()


def test_next_session_asks_for_a_code_a_wrong_one_is_refused_a_recovery_code_works_once(
    client, moderator
):
    log_in(client, moderator)
    codes = enrol(client, moderator)
    client.post("/admin/logout/")

    response = log_in(client, moderator, next_url=PAGES)
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    assert client.get(PAGES)["Location"].startswith(VERIFY)

    device = TOTPDevice.objects.get(user=moderator)
    refused = client.post(VERIFY, {"code": current_code(device, offset=7), "next": PAGES})
    assert refused.status_code == 400
    assert "Ce code n’est pas le bon" in refused.content.decode()
    assert client.get(PAGES)["Location"].startswith(VERIFY)
    # Throttled: even the right code waits (django-otp's exponential delay), said in French.
    throttled = client.post(VERIFY, {"code": current_code(device), "next": PAGES})
    assert "Trop de codes erronés" in throttled.content.decode()
    assert client.get(PAGES).status_code == 302

    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    before = client.session.session_key
    accepted = client.post(VERIFY, {"code": codes[0].upper(), "next": PAGES})
    assert client.session.session_key != before
    assert accepted.status_code == 302
    assert accepted["Location"] == PAGES
    assert client.get(PAGES).status_code == 200
    assert RecoveryCode.objects.filter(device__user=moderator).count() == 9

    client.post("/admin/logout/")
    log_in(client, moderator)
    used = client.post(VERIFY, {"code": codes[0]})
    assert "Ce code de secours n’est pas valable, ou a déjà servi." in used.content.decode()
    assert client.get(PAGES)["Location"].startswith(VERIFY)


def test_the_authenticator_code_opens_the_next_session(client, moderator):
    log_in(client, moderator)
    enrol(client, moderator)
    client.post("/admin/logout/")
    log_in(client, moderator)
    device = TOTPDevice.objects.get(user=moderator)
    # The enrolment's code was used: the next time step's code is the one a phone shows next.
    device.last_t = -1
    device.save()
    response = client.post(VERIFY, {"code": current_code(device)})
    assert response["Location"] == ADMIN
    assert client.get(PAGES).status_code == 200


def test_a_commune_editor_without_device_reaches_the_admin_and_may_enrol(client, laval_editor):
    response = log_in(client, laval_editor)
    assert response.redirect_chain[-1][0] == ADMIN
    assert response.status_code == 200
    account = client.get(ACCOUNT).content.decode()
    assert "Activer la double authentification" in account
    codes = enrol(client, laval_editor)
    assert len(codes) == 10
    client.post("/admin/logout/")
    # Once enrolled, the editor too gives a code.
    response = log_in(client, laval_editor)
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    client.post(VERIFY, {"code": codes[1]})
    # And may turn it off, with a code: not with a click alone, nor with a wrong code.
    refused = client.post("/admin/two-factor/disable/")
    assert refused.status_code == 400
    assert "Saisissez le code." in refused.content.decode()
    wrong = client.post("/admin/two-factor/disable/", {"code": "000000"})
    assert wrong.status_code == 400
    assert TOTPDevice.objects.filter(user=laval_editor, confirmed=True).exists()
    client.post("/admin/two-factor/disable/", {"code": codes[2]})
    assert not TOTPDevice.objects.filter(user=laval_editor).exists()


def test_a_moderator_cannot_turn_it_off(client, moderator):
    log_in(client, moderator)
    enrol(client, moderator)
    account = client.get(ACCOUNT).content.decode()
    assert "Il reste 10 codes de secours." in account
    assert "Votre rôle l’exige : elle ne peut pas être désactivée." in account
    response = client.post("/admin/two-factor/disable/", follow=True)
    assert "Votre rôle exige la double authentification" in response.content.decode()
    assert TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()


def test_a_superuser_is_held_like_a_moderator(client, administrator):
    response = log_in(client, administrator, next_url=PAGES)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    assert client.get(PAGES).status_code == 302
    enrol(client, administrator)
    assert client.get(PAGES).status_code == 200


def test_a_group_named_in_the_setting_must_enrol(client, settings, laval_referent):
    settings.OTP_REQUIRED_GROUPS = [laval_referent.groups.get().name]
    response = log_in(client, laval_referent)
    assert response.redirect_chain[-1][0].startswith(ENROL)


def test_without_otp_required_a_moderator_without_device_goes_straight_in(
    client, settings, moderator
):
    settings.OTP_REQUIRED = False
    response = log_in(client, moderator, next_url=PAGES)
    assert response.redirect_chain[-1][0] == PAGES


def test_the_qr_code_is_inline_svg_of_the_otpauth_address(client, moderator):
    log_in(client, moderator)
    body = client.get(ENROL).content.decode()
    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    assert "QR code" in svg
    # Nothing of the page is fetched elsewhere (the Content-Security-Policy would refuse it).
    assert not re.search(r'src="(https?:)?//', body)
    assert not re.search(r'<link[^>]+href="(https?:)?//', body)
    assert "<image" not in svg and "href" not in svg
    assert "otpauth://" not in body  # the secret is in the drawing and the key, not a link
    device = TOTPDevice.objects.get(user=moderator)
    url = device.config_url
    assert url.startswith("otpauth://totp/Heure%20Civique%3Amoderatrice?")
    assert "issuer=Heure%20Civique" in url


def test_the_verification_page_runs_a_bounded_number_of_queries(
    client, moderator, django_assert_max_num_queries
):
    log_in(client, moderator)
    enrol(client, moderator)
    client.post("/admin/logout/")
    log_in(client, moderator)
    with django_assert_max_num_queries(8):
        assert client.get(VERIFY).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(PAGES).status_code == 302


def test_reset_otp_removes_a_users_devices(client, moderator):
    log_in(client, moderator)
    enrol(client, moderator)
    out = StringIO()
    call_command("reset_otp", "moderatrice", stdout=out)
    assert "2 device(s) removed" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=moderator).exists()
    with pytest.raises(Exception, match="No user named"):
        call_command("reset_otp", "personne")


def test_the_account_page_links_to_two_factor(client, laval_editor):
    client.force_login(laval_editor)
    body = client.get("/admin/account/").content.decode()
    assert ACCOUNT in body
    assert "Double authentification" in body


def test_the_enrolment_and_account_pages_run_a_bounded_number_of_queries(
    client, moderator, django_assert_max_num_queries
):
    log_in(client, moderator)
    client.get(ENROL)  # the pending authenticator is made once
    with django_assert_max_num_queries(10):
        assert client.get(ENROL).status_code == 200
    device = TOTPDevice.objects.get(user=moderator)
    client.post(ENROL, {"code": current_code(device)})
    with django_assert_max_num_queries(18):  # Wagtail's admin page: menus, user, site
        assert client.get(ACCOUNT).status_code == 200


def test_recovery_codes_are_stored_as_salted_hashes_only(client, moderator, laval_editor):
    """Someone who reads the database (a backup, a dump) finds no code to log in with."""
    log_in(client, moderator)
    codes = enrol(client, moderator)
    assert len(set(codes)) == 10
    stored = list(
        RecoveryCode.objects.filter(device__user=moderator).values_list("hashed", flat=True)
    )
    assert len(stored) == 10
    for code in codes:
        assert not any(code in hashed or code.upper() in hashed for hashed in stored)
    assert all(hashed.startswith("pbkdf2_sha256$200000$") for hashed in stored)
    assert not StaticToken.objects.exists()  # nothing in django-otp's clear table
    # Salted: the same code makes another hash for another user.
    other = RecoveryCodes.objects.create(user=laval_editor, name="x")
    other.set_codes([codes[0]])
    assert other.codes.get().hashed not in stored


def test_recovery_codes_kept_in_clear_before_are_hashed_by_the_migration_and_still_work(
    client, moderator
):
    """The migration 0002 of accounts: the codes people wrote down keep working, once each."""
    import importlib

    from django.apps import apps

    log_in(client, moderator)
    enrol(client, moderator)
    RecoveryCodes.objects.filter(user=moderator).delete()
    legacy = StaticDevice.objects.create(user=moderator, name="Codes")
    StaticToken.objects.create(device=legacy, token="abcdefgh")
    migration = importlib.import_module(
        "accounts.migrations.0002_hash_recovery_codes_kept_in_clear"
    )
    migration.hash_clear_codes(apps, None)
    assert not StaticToken.objects.exists() and not StaticDevice.objects.exists()
    assert "abcdefgh" not in RecoveryCode.objects.get(device__user=moderator).hashed
    client.post("/admin/logout/")
    log_in(client, moderator)
    assert client.post(VERIFY, {"code": "ABCD EFGH"})["Location"] == ADMIN
    client.post("/admin/logout/")
    log_in(client, moderator)
    assert client.post(VERIFY, {"code": "abcdefgh"}).status_code == 400


def test_an_administrator_resets_a_moderators_second_factor_who_then_enrols_again(
    client, moderator, administrator, caplog
):
    from django.test import Client
    from wagtail.models import ModelLogEntry

    log_in(client, moderator)
    codes = enrol(client, moderator)
    assert client.get(PAGES).status_code == 200
    admin = Client()
    log_in(admin, administrator)
    enrol(admin, administrator)
    reset_url = f"/admin/two-factor/reset/{moderator.pk}/"
    # The users' listing offers it to the administrator.
    assert reset_url in admin.get("/admin/users/").content.decode()
    page = admin.get(reset_url)
    assert page.status_code == 200
    assert "Oui, la réinitialiser" in page.content.decode()
    assert TOTPDevice.objects.filter(user=moderator).exists()  # a GET changes nothing
    with caplog.at_level("INFO", logger="accounts"):
        response = admin.post(reset_url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=moderator).exists()
    assert not RecoveryCodes.objects.filter(user=moderator).exists()
    entry = ModelLogEntry.objects.get(action="accounts.reset_two_factor")
    assert entry.user_id == administrator.pk and entry.object_id == str(moderator.pk)
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "two-factor reset" in logged
    assert not any(code in logged for code in codes)
    # The moderator's open session asks for a new enrolment at once.
    assert client.get(PAGES)["Location"].startswith(ENROL)


def test_only_a_superuser_may_reset_someones_second_factor(
    client, moderator, laval_editor, administrator
):
    from django.test import Client

    log_in(client, laval_editor)
    enrol(client, laval_editor)
    other = Client()
    log_in(other, moderator)
    enrol(other, moderator)
    for user_client, target in ((client, moderator), (other, laval_editor)):
        url = f"/admin/two-factor/reset/{target.pk}/"
        assert user_client.get(url).status_code == 403
        assert user_client.post(url).status_code == 403
        assert url not in user_client.get("/admin/users/").content.decode()
    assert TOTPDevice.objects.filter(user=moderator).exists()
    assert TOTPDevice.objects.filter(user=laval_editor).exists()
    # A superuser's POST without the CSRF token is refused too.
    admin = Client(enforce_csrf_checks=True)
    admin.force_login(administrator)
    from django.test import override_settings

    with override_settings(OTP_REQUIRED=False):
        assert admin.post(f"/admin/two-factor/reset/{moderator.pk}/").status_code == 403
    assert TOTPDevice.objects.filter(user=moderator).exists()
