"""How long a whole kit (4 PDFs and the share image) takes to build, cold and cached.

Run with `make bench` (or `pytest -m benchmark -s`); the figures are printed, never asserted.
"""

import time

import pytest
from django.core.cache import cache

from kits.documents import KINDS, render
from kits.models import KitDocument
from kits.services import build_kit
from tests.kits.conftest import themed_laval_page, themed_mayenne_page  # noqa: F401

pytestmark = [pytest.mark.benchmark]


def test_building_a_whole_kit_cold_and_cached(themed_laval_page, settings, tmp_path, client):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    from kits.content import kit_content

    content = kit_content(themed_laval_page)
    per_kind = {}
    for kind in KINDS:
        started = time.perf_counter()
        render(kind, content)
        per_kind[kind.slug] = time.perf_counter() - started

    started = time.perf_counter()
    built = build_kit(themed_laval_page.pk)
    cold = time.perf_counter() - started
    assert len(built) == len(KINDS)

    started = time.perf_counter()
    assert build_kit(themed_laval_page.pk) == []
    cached = time.perf_counter() - started

    started = time.perf_counter()
    for kind in KINDS:
        response = client.get(f"/mayenne/laval/presse/{kind.filename}")
        assert response.status_code == 200
        b"".join(response.streaming_content)
    downloads = time.perf_counter() - started
    assert KitDocument.objects.count() == len(KINDS)

    print()
    for slug, seconds in per_kind.items():
        print(f"render {slug:<12} {seconds * 1000:8.1f} ms")
    print(f"whole kit, cold (render + store) {cold * 1000:8.1f} ms")
    print(f"whole kit, cached (fingerprints) {cached * 1000:8.1f} ms")
    print(f"5 cached downloads over HTTP     {downloads * 1000:8.1f} ms")
    print(f"cold / cached                    {cold / cached:8.1f} x")
