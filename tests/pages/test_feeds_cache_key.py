"""A cached feed's key (its ETag) holds everything that changes its bytes: view restrictions
(a page restricted leaves the feeds at once), the code's version and the translations."""

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from pages.agenda import feeds

URL = "/mayenne/laval/agenda.ics"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_view_restriction_drops_the_action_at_once_with_a_new_etag(
    client, agenda_tree, add_action, agenda_now
):
    action = add_action(agenda_tree["laval"], "Atelier privé", agenda_now, publish=True)
    action.create_alias(parent=agenda_tree["chateau"], update_slug="atelier-copie")
    before = client.get(URL)
    chateau = client.get("/mayenne/chateau-gontier-sur-mayenne/agenda.ics")
    assert b"Atelier priv" in before.content and b"Atelier priv" in chateau.content

    restriction = PageViewRestriction.objects.create(page=action, restriction_type="login")

    after = client.get(URL, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert b"Atelier priv" not in after.content
    # Its alias, which has its restrictions, leaves its own commune's feed too.
    chateau_after = client.get(
        "/mayenne/chateau-gontier-sur-mayenne/agenda.ics", HTTP_IF_NONE_MATCH=chateau["ETag"]
    )
    assert chateau_after.status_code == 200 and b"Atelier priv" not in chateau_after.content

    restriction.delete()
    again = client.get(URL, HTTP_IF_NONE_MATCH=after["ETag"])
    assert again.status_code == 200 and b"Atelier priv" in again.content


def test_a_new_version_of_the_code_changes_the_etag(client, agenda_tree, monkeypatch):
    first = client.get(URL)
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    version = feeds.code_version()
    assert len(version) == 16 and version == feeds.code_version()
    monkeypatch.setattr(feeds, "code_version", lambda: "une-autre-version")  # a deployment
    after = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]


def test_the_code_version_is_the_hash_of_the_feeds_code(settings, tmp_path):
    for name in ("pages/agenda/ics.py", "pages/tree.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("A = 1\n")
    settings.BASE_DIR = tmp_path
    feeds.code_version.cache_clear()
    try:
        before = feeds.code_version()
        (tmp_path / "pages/agenda/ics.py").write_text("A = 2\n")
        feeds.code_version.cache_clear()
        assert feeds.code_version() != before
    finally:
        feeds.code_version.cache_clear()


def test_other_translations_change_the_etag(client, agenda_tree, monkeypatch):
    first = client.get(URL)
    assert feeds.catalogue_version("fr") != feeds.catalogue_version("en")
    # New .mo files, loaded after a deployment's restart, make another catalogue.
    real = feeds.catalogue_version
    monkeypatch.setattr(
        feeds, "catalogue_version", lambda code: "nouveau" if code == "fr" else real(code)
    )
    after = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
