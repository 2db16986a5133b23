"""One public address: the default Wagtail Site follows WAGTAILADMIN_BASE_URL (after migrate,
and by `manage.py set_public_address`), so that pages, feeds, the API, QR codes and e-mails
print the same host; `check --deploy` refuses a local or disagreeing address."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from wagtail.models import Site

from core.addresses import BadAddress, host_and_port, site_url
from core.checks import csrf_middleware_check
from kits.content import sign_up_url
from tests.factories.volunteers import VolunteerFactory
from volunteers.space import space_url

pytestmark = pytest.mark.django_db

PUBLIC = "https://heure-civique.mayenne.fr"


def default_site() -> Site:
    return Site.objects.get(is_default_site=True)


def deploy_check():
    """The deployment checks tagged "deploy" (core/checks.py); raises SystemCheckError."""
    call_command("check", "--deploy", "--tag", "deploy", stdout=io.StringIO())


def test_after_the_test_database_s_migrate_the_site_says_the_setting_s_address():
    assert default_site().root_url == site_url() == "http://testserver"


def test_after_migrate_the_site_follows_the_setting(settings, laval_page, home_page):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC + "/"
    call_command("migrate", verbosity=0)
    site = default_site()
    assert (site.hostname, site.port, site.root_url) == ("heure-civique.mayenne.fr", 443, PUBLIC)
    # Pages (feeds, the API), QR codes of the kits and e-mailed links: one host.
    printed = [
        laval_page.get_full_url(),
        sign_up_url(laval_page),
        sign_up_url(laval_page.get_parent().specific),  # a department's: the national sign-up
        space_url(VolunteerFactory()),
    ]
    assert all(url.startswith(PUBLIC + "/") for url in printed), printed


def test_a_plain_http_address_on_another_port(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    call_command("migrate", verbosity=0)
    assert default_site().root_url == "http://127.0.0.1:8000"


def test_migrate_does_not_fail_on_an_address_the_site_cannot_hold(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://heure-civique.mayenne.fr/sous-dossier/"
    call_command("migrate", verbosity=0)
    assert default_site().root_url == "http://testserver"  # left as it was; the check says why


def test_the_command_gives_the_site_the_address(settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    out, err = io.StringIO(), io.StringIO()
    call_command("set_public_address", PUBLIC + "/", stdout=out, stderr=err)
    assert default_site().root_url == PUBLIC
    assert PUBLIC in out.getvalue()
    assert err.getvalue() == ""  # the environment agrees: nothing to warn about


def test_the_command_takes_the_setting_by_default(settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    call_command("set_public_address", stdout=io.StringIO())
    assert default_site().root_url == PUBLIC


def test_the_command_says_when_the_environment_disagrees():
    err = io.StringIO()
    call_command("set_public_address", PUBLIC, stdout=io.StringIO(), stderr=err)
    assert default_site().root_url == PUBLIC
    assert "WAGTAILADMIN_BASE_URL" in err.getvalue()
    assert PUBLIC in err.getvalue()


@pytest.mark.parametrize(
    "url",
    [
        "heure-civique.mayenne.fr",
        "ftp://heure-civique.mayenne.fr",
        "https://heure-civique.mayenne.fr/sous-dossier/",
        "https://heure-civique.mayenne.fr:8443",
        "http://heure-civique.mayenne.fr:notaport",
    ],
)
def test_the_command_refuses_an_address_the_site_cannot_hold(url):
    with pytest.raises(CommandError) as error:
        call_command("set_public_address", url, stdout=io.StringIO())
    assert url.rstrip("/") in str(error.value)
    assert default_site().root_url == "http://testserver"  # nothing changed


def test_the_refusal_is_in_french():
    with pytest.raises(BadAddress, match="adresse racine du site"):
        host_and_port("https://heure-civique.mayenne.fr/sous-dossier/")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://heure-civique.mayenne.fr", ("heure-civique.mayenne.fr", 443)),
        ("https://heure-civique.mayenne.fr:443/", ("heure-civique.mayenne.fr", 443)),
        ("http://heure-civique.mayenne.fr", ("heure-civique.mayenne.fr", 80)),
        ("http://[::1]:8000", ("::1", 8000)),
    ],
)
def test_host_and_port(url, expected):
    assert host_and_port(url) == expected


# --- check --deploy ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://localhost:8000", "http://127.0.0.1:8000", "https://[::1]"])
def test_the_deploy_check_refuses_a_local_address(settings, url):
    settings.WAGTAILADMIN_BASE_URL = url
    with pytest.raises(SystemCheckError, match=r"core\.E002"):
        deploy_check()


def test_the_deploy_check_refuses_an_address_the_site_cannot_hold(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://heure-civique.mayenne.fr/sous-dossier/"
    with pytest.raises(SystemCheckError, match=r"core\.E001"):
        deploy_check()


def test_the_deploy_check_refuses_a_site_left_at_localhost(settings):
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    with pytest.raises(SystemCheckError, match=r"core\.E003"):
        deploy_check()


def test_the_deploy_check_refuses_a_site_that_disagrees(settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    Site.objects.filter(is_default_site=True).update(hostname="ancienne-adresse.fr", port=443)
    with pytest.raises(SystemCheckError, match=r"core\.E004") as error:
        deploy_check()
    assert "https://ancienne-adresse.fr" in str(error.value) and PUBLIC in str(error.value)


def test_the_deploy_check_passes_when_they_agree(settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    call_command("set_public_address", stdout=io.StringIO())
    deploy_check()  # raises nothing


# --- the CSRF middleware ------------------------------------------------------------------------


def test_the_deploy_check_accepts_the_sites_csrf_middleware(settings):
    """Django's security.W003 only knows its own middleware by name (and is silenced in
    production); core.E005 accepts the subclass that trusts the dedicated sites."""
    assert "core.sites.SiteOriginsCsrfMiddleware" in settings.MIDDLEWARE
    assert csrf_middleware_check() == []


def test_the_deploy_check_refuses_settings_without_a_csrf_middleware(settings):
    settings.MIDDLEWARE = [path for path in settings.MIDDLEWARE if "Csrf" not in path]
    [error] = csrf_middleware_check()
    assert error.id == "core.E005"
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.csrf.CsrfViewMiddleware"]
    assert csrf_middleware_check() == []
