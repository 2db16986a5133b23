"""The hosts the platform answers for: ALLOWED_HOSTS and the Sites' names, read from the
database (core/sites.py); a second name redirects; the admin stays on the national address;
`manage.py territory_site` creates a territory's Site."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Site

from core.models import SiteAlias
from core.sites import BadHostname, dedicate_site

from .conftest import LAVAL_HOST, MAYENNE_HOST

pytestmark = pytest.mark.django_db

NATIONAL_ONLY = override_settings(ALLOWED_HOSTS=["testserver"])


@NATIONAL_ONLY
def test_an_unknown_host_is_refused(client, mayenne_site):
    response = client.get("/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400


@NATIONAL_ONLY
def test_a_dedicated_sites_host_is_served_though_not_in_allowed_hosts(client, mayenne_site):
    response = client.get("/", HTTP_HOST=MAYENNE_HOST)
    assert response.status_code == 200


@NATIONAL_ONLY
def test_a_site_added_later_is_answered_at_once(client, mayenne_page, laval_page):
    assert client.get("/", HTTP_HOST=LAVAL_HOST).status_code == 400  # read and kept: unknown
    dedicate_site(laval_page, LAVAL_HOST, port=80)
    assert client.get("/", HTTP_HOST=LAVAL_HOST).status_code == 200


@NATIONAL_ONLY
def test_a_deleted_site_is_refused_at_once(client, mayenne_site):
    assert client.get("/", HTTP_HOST=MAYENNE_HOST).status_code == 200
    mayenne_site.delete()
    assert client.get("/", HTTP_HOST=MAYENNE_HOST).status_code == 400


@NATIONAL_ONLY
def test_a_second_name_redirects_permanently_to_the_sites_address(client, mayenne_site):
    response = client.get("/laval/?x=1", HTTP_HOST="www.mayenne.localhost")
    assert response.status_code == 301
    assert response["Location"] == "http://mayenne.localhost/laval/?x=1"


def test_the_admin_of_a_dedicated_host_is_the_national_admin(client, mayenne_site):
    response = client.get("/admin/pages/", HTTP_HOST=MAYENNE_HOST)
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/admin/pages/"


@NATIONAL_ONLY
def test_a_form_posted_on_a_dedicated_host_passes_the_csrf_check(mayenne_site, laval_page):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get("/laval/je-participe/", HTTP_HOST=MAYENNE_HOST)
    assert page.status_code == 200
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/laval/je-participe/",
        {"csrfmiddlewaretoken": token, "email": "not-an-address"},
        HTTP_HOST=MAYENNE_HOST,
        HTTP_ORIGIN="http://mayenne.localhost",
    )
    assert response.status_code == 200  # the form, with its errors: not the CSRF refusal
    refused = client.post(
        "/laval/je-participe/",
        {"csrfmiddlewaretoken": token, "email": "x"},
        HTTP_HOST=MAYENNE_HOST,
        HTTP_ORIGIN="http://evil.example",
    )
    assert refused.status_code == 403


def test_the_command_gives_a_commune_its_own_address(laval_page):
    call_command(
        "territory_site", "/mayenne/laval/", "Heurecivique.Laval.fr", "--alias", "www.laval.fr"
    )
    site = Site.objects.get(hostname="heurecivique.laval.fr")
    assert site.root_page_id == laval_page.pk
    assert site.port == 443
    assert SiteAlias.objects.get().site == site
    # Again, by id: nothing more.
    call_command("territory_site", str(laval_page.pk), "heurecivique.laval.fr", "--port", "80")
    assert Site.objects.filter(root_page=laval_page).count() == 1
    assert Site.objects.get(hostname="heurecivique.laval.fr").port == 80


@pytest.mark.parametrize(
    ("page", "host", "message"),
    [
        ("/mayenne/nowhere/", "ok.example", "n’est pas la page d’un département"),
        ("/", "ok.example", "n’est pas la page d’un département"),
        ("/mayenne/", "not a host", "n’est pas un nom d’hôte"),
    ],
)
def test_the_command_refuses_what_it_cannot_do(laval_page, page, host, message):
    with pytest.raises(CommandError, match=message):
        call_command("territory_site", page, host)
    assert Site.objects.count() == 1


def test_a_second_name_cannot_be_a_sites_address(mayenne_site, laval_page):
    with pytest.raises(BadHostname):
        dedicate_site(laval_page, "laval.localhost", aliases=(MAYENNE_HOST,))
    with pytest.raises(BadHostname):
        dedicate_site(laval_page, "www.mayenne.localhost")


def test_the_national_sites_address_is_not_given_to_a_territory(site, mayenne_page):
    site.hostname = "heure-civique.example"
    site.save()
    with pytest.raises(BadHostname, match="adresse du site national"):
        dedicate_site(mayenne_page, "heure-civique.example")


def test_an_administrator_adds_a_second_name_in_the_admin(client, administrator, mayenne_site):
    client.force_login(administrator)
    response = client.post(
        "/admin/site_aliases/new/", {"site": mayenne_site.pk, "hostname": "heurecivique.mayenne.fr"}
    )
    assert response.status_code == 302
    assert SiteAlias.objects.filter(hostname="heurecivique.mayenne.fr", site=mayenne_site).exists()
    refused = client.post(
        "/admin/site_aliases/new/", {"site": mayenne_site.pk, "hostname": MAYENNE_HOST}
    )
    assert refused.status_code == 200  # the form again: a site's own address
    assert not SiteAlias.objects.filter(hostname=MAYENNE_HOST).exists()
