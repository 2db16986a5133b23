"""The demo's server (DEBUG, `make demo`) serves the uploaded files as nginx does in production,
less the photos awaiting moderation (core/privatemedia.py), which no public address serves."""

import importlib

import pytest
from django.urls import clear_url_caches

import cms.urls


@pytest.fixture
def debug_urls(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    importlib.reload(cms.urls)
    clear_url_caches()
    yield tmp_path
    settings.DEBUG = False
    importlib.reload(cms.urls)
    clear_url_caches()


def test_the_demo_server_never_serves_a_photo_awaiting_moderation(client, db, debug_urls):
    private = debug_urls / "private" / "submissions"
    private.mkdir(parents=True)
    (private / "pending-0123abcd.jpg").write_bytes(b"not yet public")
    public = debug_urls / "images"
    public.mkdir()
    (public / "affiche.jpg").write_bytes(b"public")

    assert client.get("/media/private/submissions/pending-0123abcd.jpg").status_code == 404
    assert (
        client.get("/media/private/renditions/pending-0123abcd.max-800x600.jpg").status_code == 404
    )
    response = client.get("/media/images/affiche.jpg")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"public"
