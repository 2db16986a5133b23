"""The admin's log-in under attack (django-axes, core/logins.py): after five wrong passwords for
one account (from anywhere), or thirty from one address (a mairie office shares one; a spraying
address tries many accounts), logging in is paused for fifteen minutes even with the right
password, with a page in French that says so; another account from another address is not
affected; behind a proxy the address is the forwarded client's; failures are forgotten after a
day by a daily job."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from django_q.models import Schedule

from core import logins
from core.schedules import PURGE_LOGIN_ATTEMPTS

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user("laval.editeur", "editeur@laval.example", PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def other():
    user = get_user_model().objects.create_user("autre", "autre@example.org", PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def attempt(client, username, password, address="192.0.2.1", **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="fr",
        **extra,
    )


def test_five_wrong_passwords_pause_the_account_even_with_the_right_one(client, editor):
    for n in range(4):
        # Each from another address: the account is what is counted here.
        failed = attempt(client, "laval.editeur", "faux", address=f"192.0.2.{n + 1}")
        assert failed.status_code == 200
    # The fifth failure pauses it.
    assert attempt(client, "laval.editeur", "faux", address="192.0.2.5").status_code == 429
    response = attempt(client, "laval.editeur", PASSWORD, address="198.51.100.7")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Trop de tentatives" in body
    assert "réessayez dans 15 minutes" in body
    assert "_auth_user_id" not in client.session
    # Fifteen minutes later, the right password opens the admin again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert attempt(client, "laval.editeur", PASSWORD, address="198.51.100.7").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_one_address_trying_many_accounts_is_paused_but_not_the_others(client, editor, other):
    # Password spraying: a few tries on each of many accounts, never five on one.
    for n in range(29):
        failed = attempt(client, f"inconnu{n % 10}", "faux", address="203.0.113.9")
        assert failed.status_code == 200, n
    assert attempt(client, "inconnu", "faux", address="203.0.113.9").status_code == 429
    assert attempt(client, "autre", PASSWORD, address="203.0.113.9").status_code == 429
    # The editor, from their own office, logs in.
    assert attempt(client, "laval.editeur", PASSWORD, address="192.0.2.50").status_code == 302


def test_behind_a_proxy_the_forwarded_client_is_counted(client, editor, other, settings):
    settings.TRUSTED_PROXIES = 1
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 5
    for n in range(5):
        attempt(
            client, f"inconnu{n}", "faux", address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
    blocked = attempt(
        client, "autre", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert blocked.status_code == 429
    # Another resident behind the same proxy is not paused.
    allowed = attempt(
        client, "laval.editeur", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.60"
    )
    assert allowed.status_code == 302


def test_one_mairie_office_is_not_locked_out_by_one_persons_typos(client, editor, other):
    """Everyone at the mairie logs in through one address: the colleague who mistyped four
    times, and another four, lock out neither the address nor the other accounts."""
    office = "192.0.2.80"
    for _ in range(4):
        assert attempt(client, "autre", "faux", address=office).status_code == 200
    for n in range(8):
        assert attempt(client, f"stagiaire{n % 2}", "faux", address=office).status_code == 200
    assert attempt(client, "laval.editeur", PASSWORD, address=office).status_code == 302
    client.post("/admin/logout/")
    # The account with four failures opens with its right password; that does not forget the
    # address's failures, only the account's.
    assert attempt(client, "autre", PASSWORD, address=office).status_code == 302
    assert AccessAttempt.objects.filter(ip_address=office).count() == 2
    assert not AccessAttempt.objects.filter(username="autre").exists()


def test_a_success_from_a_spraying_address_does_not_wipe_its_count(client, editor, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 8
    for n in range(7):
        attempt(client, f"cible{n}", "faux", address="203.0.113.20")
    # Its own account logs in: its failures on the others still count.
    assert attempt(client, "laval.editeur", PASSWORD, address="203.0.113.20").status_code == 302
    client.post("/admin/logout/")
    assert attempt(client, "cible9", "faux", address="203.0.113.20").status_code == 429
    assert attempt(client, "laval.editeur", PASSWORD, address="203.0.113.20").status_code == 429


def test_a_success_forgets_the_failures_and_no_success_is_recorded(client, editor):
    for _ in range(3):
        attempt(client, "laval.editeur", "faux")
    assert attempt(client, "laval.editeur", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="laval.editeur").exists()
    from axes.models import AccessLog

    assert not AccessLog.objects.exists()


def test_failures_are_forgotten_after_a_day_by_a_daily_job(client, editor):
    attempt(client, "laval.editeur", "faux")
    attempt(client, "inconnu", "faux", address="192.0.2.2")
    AccessAttempt.objects.filter(username="inconnu").update(
        attempt_time=timezone.now() - datetime.timedelta(days=2)
    )
    assert logins.purge_login_attempts() == 1
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["laval.editeur"]
    schedule = Schedule.objects.get(name=PURGE_LOGIN_ATTEMPTS)
    assert schedule.func == "core.logins.purge_login_attempts"
    assert schedule.schedule_type == Schedule.DAILY


def test_a_request_without_a_readable_address_is_counted_without_one(editor):
    """A log-in made by code (force_login, a script) has no client address: axes keeps no
    address rather than a word PostgreSQL's IP column refuses."""
    from django.test import Client, RequestFactory

    request = RequestFactory().get("/admin/")
    del request.META["REMOTE_ADDR"]
    assert logins.client_ip(request) is None
    request.META["REMOTE_ADDR"] = "192.0.2.7"
    assert logins.client_ip(request) == "192.0.2.7"
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
