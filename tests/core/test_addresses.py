"""The public address of what e-mails, feeds and PDFs link to: on WAGTAILADMIN_BASE_URL, in the
default language (no prefix) whatever language is active, and never with a double slash."""

import pytest
from django.utils import translation

from core.addresses import absolute, absolute_url, site_url


@pytest.fixture
def public_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://heurecivique.example/"


def test_the_site_s_address_has_no_trailing_slash(public_address):
    assert site_url() == "https://heurecivique.example"


def test_a_path_goes_on_the_public_address_with_one_slash(public_address):
    assert absolute("/je-participe/") == "https://heurecivique.example/je-participe/"


def test_an_address_already_absolute_is_kept(public_address):
    assert absolute("https://laval.example/agenda.ics") == "https://laval.example/agenda.ics"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_named_url_is_in_the_default_language_whatever_is_active(public_address, language):
    with translation.override(language):
        url = absolute_url("volunteers:confirm", token="abc")
        assert translation.get_language() == language  # left as it was
    assert url == "https://heurecivique.example/je-participe/confirmer/abc/"


def test_the_e_mailed_links_use_it(public_address, db):
    from tests.factories.volunteers import VolunteerFactory
    from volunteers.calendar import personal_feed_url
    from volunteers.space import space_url

    volunteer = VolunteerFactory()
    with translation.override("en"):
        links = [personal_feed_url(volunteer), space_url(volunteer)]
    assert all(link.startswith("https://heurecivique.example/") for link in links), links
    assert not [link for link in links if "/en/" in link or "//" in link.split("://", 1)[1]]
