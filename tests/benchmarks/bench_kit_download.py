"""A stored kit's download (issue 18) against Django serving a static file of the same size, both
through the whole middleware: time per request, queries, and their ratio; and what checking
the document against its content cost at each download before (gathering the content).

Run with `make bench` (or `pytest -m benchmark -s`); the figures are printed, never asserted
(but for the query count, the point of the issue).
"""

import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone
from django.views.static import serve

from cms import urls as cms_urls
from kits import services
from kits.content import kit_content
from kits.documents import KINDS_BY_SLUG, TEMPLATE_VERSION
from kits.models import KitDocument
from tests.kits.conftest import themed_laval_page, themed_mayenne_page  # noqa: F401

pytestmark = [pytest.mark.benchmark]

ROUNDS = 200
SIZE = 300 * 1024  # a poster is a few hundred kilobytes
POSTER = "/mayenne/laval/presse/affiche-a4.pdf"


def static_file(request, name):
    from django.conf import settings

    return serve(request, name, document_root=settings.MEDIA_ROOT)


urlpatterns = [path("bench-static/<path:name>", static_file), *cms_urls.urlpatterns]


def timed(client, url) -> tuple[float, int]:
    """Seconds per request and queries per request, over ROUNDS requests."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        for _round in range(ROUNDS):
            response = client.get(url)
            assert response.status_code == 200
            b"".join(response.streaming_content)
        seconds = time.perf_counter() - started
    return seconds / ROUNDS, len(queries) // ROUNDS


def test_a_stored_kit_download_against_a_static_file(
    themed_laval_page,  # noqa: F811
    settings,
    tmp_path,
    client,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = __name__
    data = b"%PDF-1.4\n" + b"0" * (SIZE - 15) + b"\n%%EOF\n"
    kind = KINDS_BY_SLUG["poster-a4"]
    name = default_storage.save(f"kits/{themed_laval_page.pk}/{kind.filename}", ContentFile(data))
    KitDocument.objects.create(
        page=themed_laval_page,
        kind=kind.slug,
        fingerprint="b" * 64,
        file=name,
        size=len(data),
        built_at=timezone.now(),
        template_version=TEMPLATE_VERSION,
    )
    client.get(POSTER)  # warms the content types' and the site's caches

    kit, kit_queries = timed(client, POSTER)
    static, static_queries = timed(client, f"/bench-static/{name}")
    started = time.perf_counter()
    for _round in range(20):
        services.fingerprint(kit_content(themed_laval_page), kind)
    content = (time.perf_counter() - started) / 20

    print()
    print(f"file size                     {SIZE // 1024:8d} KiB")
    print(f"stored kit download           {kit * 1000:8.2f} ms, {kit_queries} queries")
    print(f"static file, same size        {static * 1000:8.2f} ms, {static_queries} queries")
    print(f"kit / static                  {kit / static:8.2f} x")
    print(f"content check made before     {content * 1000:8.2f} ms (not made any more)")
    assert kit_queries <= 3
