"""Every response carries the security headers (core/headers.py): a Content-Security-Policy that
lets the public pages run only the site's own scripts and the admin what Wagtail needs, a
Permissions-Policy, a Referrer-Policy; HSTS preload only when the environment asks for it; and
a body over the limit is refused before anything reads it. The browser tests (tests/e2e/conftest)
fail on any violation of the policy that chromium reports."""

import json

import pytest
from django.core import mail

from core.headers import PERMISSIONS_POLICY
from tests.cms.test_settings import PRODUCTION, settings_in
from tests.volunteers.conftest import sign_up_data
from volunteers.models import Volunteer


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/je-participe/", "/gestes/", "/agenda.ics", "/api/v2/gestures/", "/nulle-part/"]
)
def test_public_answers_run_only_the_sites_own_scripts(client, home_page, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    # The territories' colours are custom properties in style attributes.
    assert policy["style-src-attr"] == ["'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_admin_gets_what_wagtail_needs_and_nothing_from_elsewhere(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-src"] == ["'self'"]
    assert policy["object-src"] == ["'self'"]  # the kit's PDF previews (kits/admin/kit.html)
    assert all(
        source.startswith("'") or source in {"data:", "blob:"}
        for sources in policy.values()
        for source in sources
    ), policy
    # No third-party avatar service (Wagtail's default is Gravatar).
    assert "gravatar" not in response.content.decode()


@pytest.mark.django_db
def test_images_may_come_from_the_configured_media_origins(client, home_page, settings):
    from django.test import override_settings

    with override_settings(CSP_MEDIA_ORIGINS=["https://media.example.org"]):
        response = client.get("/")
    assert directives(response)["img-src"] == ["'self'", "data:", "https://media.example.org"]


@pytest.mark.django_db
def test_a_body_over_the_limit_is_refused_before_it_is_read(client, laval, settings):
    settings.MAX_REQUEST_BODY_SIZE = 1024
    response = client.post(
        "/je-participe/", sign_up_data(skills="x" * 2000), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 413
    assert "trop volumineux" in response.content.decode()
    assert response["Content-Security-Policy"]
    assert not Volunteer.objects.exists()
    assert mail.outbox == []
    # Under the limit, the same form is read as usual.
    settings.MAX_REQUEST_BODY_SIZE = 12 * 1024 * 1024
    assert client.post("/je-participe/", sign_up_data()).status_code == 302


def test_hsts_preload_only_when_the_environment_asks_for_it():
    expression = (
        "[settings.SECURE_HSTS_PRELOAD, 'security.W021' in settings.SILENCED_SYSTEM_CHECKS]"
    )
    assert json.loads(settings_in("cms.settings.production", PRODUCTION, expression).stdout) == [
        False,
        True,
    ]
    env = {**PRODUCTION, "SECURE_HSTS_PRELOAD": "true"}
    assert json.loads(settings_in("cms.settings.production", env, expression).stdout) == [
        True,
        False,
    ]
