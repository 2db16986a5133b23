"""The demo's kits: built for every demo department and commune, Laval's from its press page."""

from django.core.cache import cache

from demo import content, kits
from kits.documents import KINDS
from kits.models import KitDocument
from pages.models import CommunePage


def test_the_demo_builds_the_kits_of_its_territories(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    territories = sum(1 + len(department.communes) for department in content.DEPARTMENTS)
    assert kits.load() == territories
    assert KitDocument.objects.count() == territories * len(KINDS)
    built = dict(KitDocument.objects.values_list("pk", "built_at"))
    assert kits.load() == territories  # queued again, but nothing is rebuilt
    assert dict(KitDocument.objects.values_list("pk", "built_at")) == built


def test_laval_kit_is_reachable_from_its_press_page(demo, client, settings, tmp_path):
    from tests.kits.conftest import decode_qr_codes, pdf_text

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    laval = CommunePage.objects.get(commune__code="53130", locale__language_code="fr")
    press = laval.url + "presse/"  # on Laval's own address (the demo's), which it links by path
    assert press == "http://laval.localhost:8000/presse/"
    html = client.get(press).content.decode()
    assert 'href="/presse/affiche-a4.pdf"' in html
    response = client.get(press + "affiche-a4.pdf")
    data = b"".join(response.streaming_content)
    assert "Laval" in pdf_text(data)
    assert decode_qr_codes(data) == [laval.get_full_url() + "je-participe/"]
