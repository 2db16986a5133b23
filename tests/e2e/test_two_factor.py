"""A moderator logs in to the admin with OTP_REQUIRED on: the admin asks to set up two-factor
authentication first; she types the key shown into her "app" (the test computes the code from
it), sees her recovery codes, and reaches the dashboard; the page drew its QR code in place.
A commune editor, who may do without it, turns it off: the button alone is refused, a recovery
code does it."""

import re
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp

from onboarding import services as onboarding
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def moderator_site(live_server, home_page, settings) -> str:
    settings.OTP_REQUIRED = True
    moderator = get_user_model().objects.create_user(
        "moderatrice", "moderatrice@example.org", PASSWORD
    )
    moderator.groups.add(onboarding.national_groups())
    return live_server.url


def code_for(secret: str) -> str:
    key = secret.replace(" ", "")
    key = b32decode(key + "=" * (-len(key) % 8))
    return f"{totp(key, t0=0, step=30, digits=6):06d}"


def test_a_moderator_enrols_by_reading_the_key_and_reaches_the_dashboard(
    moderator_site, log_into_admin, page, screenshots
):
    base = moderator_site
    log_into_admin(page, "moderatrice", lands_on=r"/admin/two-factor/enrol/")
    assert page.locator(".two-factor-qr svg").count() == 1
    page.screenshot(path=str(screenshots / "two-factor-enrol.png"), full_page=True)

    # Nothing else of the admin before.
    page.goto(base + "/admin/pages/")
    page.wait_for_url(re.compile(r"/admin/two-factor/enrol/"))

    secret = page.locator("#two-factor-secret").inner_text()
    # A code typed just after its 30 seconds end is still taken (one step of tolerance).
    page.fill("input[name=code]", code_for(secret))
    page.get_by_role("button", name="Valider").click()
    page.get_by_text("La double authentification est activée").wait_for()
    assert page.locator(".two-factor-recovery-codes li").count() == 10
    # Back to where she was going (the page tree), then the dashboard.
    page.get_by_role("link", name="Continuer vers l’administration").click()
    page.wait_for_url(re.compile(r"/admin/pages/$"))
    page.goto(base + "/admin/")
    page.wait_for_url(re.compile(r"/admin/$"))
    assert page.locator("#main h1, main h1").first.is_visible()
    page.screenshot(path=str(screenshots / "two-factor-dashboard.png"), full_page=True)


RECOVERY = ["abcdefgh", "ijklmnop"]


@pytest.fixture
def enrolled_editor(live_server, home_page, settings) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import RecoveryCodes

    settings.OTP_REQUIRED = True
    editor = get_user_model().objects.create_user("editeur", "editeur@example.org", PASSWORD)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    TOTPDevice.objects.create(user=editor, name="Heure Civique", confirmed=True)
    RecoveryCodes.objects.create(user=editor, name="Codes").set_codes(RECOVERY)
    return live_server.url


def test_an_editor_turns_two_factor_off_with_a_code_not_with_a_click(
    enrolled_editor, log_into_admin, page, screenshots
):
    base = enrolled_editor
    log_into_admin(page, "editeur", lands_on=r"/admin/two-factor/verify/")
    page.fill("input[name=code]", RECOVERY[0])
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(base + "/admin/two-factor/")
    turn_off = page.get_by_role("button", name="Désactiver la double authentification")
    turn_off.click()  # no code typed
    page.get_by_text("Saisissez le code.").first.wait_for()
    assert "/admin/two-factor/disable/" in page.url
    page.goto(base + "/admin/two-factor/")
    assert turn_off.count() == 1  # still on
    page.get_by_label("Code").fill(RECOVERY[1])
    turn_off.click()
    page.get_by_text("La double authentification est désactivée.").first.wait_for()
    assert page.get_by_role("link", name="Activer la double authentification").count() == 1
    page.screenshot(path=str(screenshots / "two-factor-off.png"), full_page=True)
