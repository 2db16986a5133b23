"""The public press page and downloads, rebuilds, the admin's kit view and its permissions."""

import pytest
from django.urls import reverse
from django_q.conf import Conf
from django_q.models import OrmQ

from kits.documents import KINDS
from kits.models import KitDocument
from tests.factories.pages import CommunePageFactory
from tests.factories.territories import CommuneFactory

from .conftest import decode_qr_codes, pdf_reader, pdf_text, size_mm

PRESS = "/mayenne/laval/presse/"
SIGN_UP = "http://testserver/mayenne/laval/je-participe/"


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content), response


def test_the_press_page_lists_the_kit_and_the_press_contacts(client, themed_laval_page):
    response = client.get(PRESS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Espace presse et kit de communication — Laval" in html
    for filename in (
        "affiche-a3.pdf",
        "affiche-a4.pdf",
        "flyer-a5.pdf",
        "kakemono-85x200.pdf",
        "partage.png",
        "affiche-a3-imprimeur.pdf",
        "affiche-a4-imprimeur.pdf",
        "kakemono-85x200-imprimeur.pdf",
    ):
        assert f'href="{PRESS}{filename}"' in html
    assert html.count("Version imprimeur (PDF)") == 3
    assert "fond perdu de 3 mm sur chaque bord et des traits de coupe" in html
    assert f'<img class="kit-share-image" src="{PRESS}partage.png"' in html
    assert "Mairie de Laval" in html and "presse@laval.example.org" in html
    assert (
        '<meta property="og:image" content="http://testserver/mayenne/laval/presse/partage.png">'
        in html
    )
    assert "--colour-primary: #8a1538" in html  # themed as Laval


def test_the_press_page_of_a_department_and_in_english(client, themed_mayenne_page):
    assert "Conseil départemental de la Mayenne" in client.get("/mayenne/presse/").content.decode()
    response = client.get("/en/mayenne/presse/")
    assert response.status_code == 200
    assert "Press and communication kit — Mayenne" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/mayenne/inconnue/presse/",
        "/nulle-part/presse/",
        "/mayenne/laval/presse/affiche-a2.pdf",
        "/mayenne/laval/presse/partage.pdf",
        "/inconnue/presse/affiche-a4.pdf",
    ],
)
def test_unknown_pages_and_documents_are_404(client, themed_laval_page, url):
    assert client.get(url).status_code == 404


def test_a_draft_commune_has_no_press_page(client, themed_laval_page):
    themed_laval_page.unpublish()
    assert client.get(PRESS).status_code == 404
    assert client.get(PRESS + "affiche-a4.pdf").status_code == 404


def test_the_first_download_builds_and_stores_the_document(client, themed_laval_page):
    data, response = download(client, PRESS + "affiche-a4.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert size_mm(pdf_reader(data).pages[0].mediabox) == (210, 297)
    assert "Laval" in pdf_text(data)
    assert decode_qr_codes(data) == [SIGN_UP]
    # the job built the whole kit at once
    assert set(
        KitDocument.objects.filter(page=themed_laval_page).values_list("kind", flat=True)
    ) == {kind.slug for kind in KINDS}
    # the print-shop variant: 3 mm of bleed on every side of its A3 trim box
    data, response = download(client, PRESS + "affiche-a3-imprimeur.pdf")
    assert response["Content-Disposition"].endswith('filename="laval-affiche-a3-imprimeur.pdf"')
    page = pdf_reader(data).pages[0]
    assert size_mm(page.trimbox) == (297, 420)
    assert size_mm(page.mediabox) == (303, 426)
    assert decode_qr_codes(data) == [SIGN_UP]


def test_the_share_image_is_served_inline(client, themed_laval_page):
    data, response = download(client, PRESS + "partage.png")
    assert response["Content-Type"] == "image/png"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert data.startswith(b"\x89PNG")


def test_a_stored_document_is_reused_while_nothing_changes(client, themed_laval_page):
    download(client, PRESS + "flyer-a5.pdf")
    stored = KitDocument.objects.get(page=themed_laval_page, kind="flyer-a5")
    download(client, PRESS + "flyer-a5.pdf")
    again = KitDocument.objects.get(page=themed_laval_page, kind="flyer-a5")
    assert (again.built_at, again.file.name) == (stored.built_at, stored.file.name)


def test_editing_the_commune_colour_rebuilds_the_next_download(client, themed_laval_page):
    first, _response = download(client, PRESS + "affiche-a4.pdf")
    before = KitDocument.objects.get(page=themed_laval_page, kind="poster-a4")
    themed_laval_page.primary_colour = "#1d4f91"
    themed_laval_page.save_revision().publish()
    second, response = download(client, PRESS + "affiche-a4.pdf")
    after = KitDocument.objects.get(page=themed_laval_page, kind="poster-a4")
    assert after.fingerprint != before.fingerprint
    assert response["ETag"] == f'"{after.fingerprint}"'
    assert first != second
    assert "1d4f91" not in first.decode("latin-1")


def test_publishing_a_commune_page_queues_its_kit(
    themed_laval_page, django_capture_on_commit_callbacks
):
    assert not KitDocument.objects.filter(page=themed_laval_page).exists()
    with django_capture_on_commit_callbacks(execute=True):
        themed_laval_page.save_revision().publish()
    assert KitDocument.objects.filter(page=themed_laval_page).count() == len(KINDS)


def test_a_document_not_ready_yet_answers_a_page_that_refreshes_itself(
    client, themed_laval_page, monkeypatch
):
    """With a real (asynchronous) queue, the download queues one job and says so."""
    monkeypatch.setattr(Conf, "SYNC", False)
    response = client.get(PRESS + "kakemono-85x200.pdf")
    assert response.status_code == 202
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "Votre document est en cours de préparation" in html
    assert response["Retry-After"] == "5"
    assert OrmQ.objects.count() == 1
    client.get(PRESS + "affiche-a3.pdf")
    assert OrmQ.objects.count() == 1  # the kit is queued once
    assert not KitDocument.objects.exists()


# Admin


def test_the_admin_kit_view_shows_previews_and_downloads(
    client, themed_laval_page, themed_laval_editor
):
    client.force_login(themed_laval_editor)
    download(client, PRESS + "affiche-a4.pdf")
    response = client.get(reverse("kits_admin", args=[themed_laval_page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kit de communication de Laval" in html
    assert "À jour, construit le" in html
    file_url = reverse("kits_admin_file", args=[themed_laval_page.pk, "share-image"])
    assert f'<img src="{file_url}"' in html
    pdf_url = reverse("kits_admin_file", args=[themed_laval_page.pk, "poster-a3"])
    assert f'data="{pdf_url}" type="application/pdf"' in html
    assert f'href="{pdf_url}?download=1"' in html
    data, _response = download(client, pdf_url + "?download=1")
    assert size_mm(pdf_reader(data).pages[0].mediabox) == (297, 420)


def test_the_admin_may_show_its_pdf_previews_in_its_page(
    client, themed_laval_page, themed_laval_editor
):
    """The kit's page previews its PDFs in <object>s: the admin's Content-Security-Policy lets
    the site's own files in (`object-src 'none'` left an empty box, said in the console), and
    the file lets a page of the same origin show it (Django's default is DENY)."""
    client.force_login(themed_laval_editor)
    page = client.get(reverse("kits_admin", args=[themed_laval_page.pk]))
    assert "object-src 'self'" in page["Content-Security-Policy"].split("; ")
    pdf = client.get(reverse("kits_admin_file", args=[themed_laval_page.pk, "poster-a4"]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    public = client.get(PRESS)
    assert "object-src 'none'" in public["Content-Security-Policy"].split("; ")


def test_the_edit_page_has_a_communication_kit_button(
    client, themed_laval_page, themed_laval_editor
):
    client.force_login(themed_laval_editor)
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[themed_laval_page.pk])
    ).content.decode()
    assert reverse("kits_admin", args=[themed_laval_page.pk]) in html


def test_rebuild_rebuilds_every_document(client, themed_laval_page, themed_laval_editor):
    client.force_login(themed_laval_editor)
    download(client, PRESS + "affiche-a4.pdf")
    before = KitDocument.objects.get(page=themed_laval_page, kind="poster-a4").built_at
    response = client.post(reverse("kits_admin_rebuild", args=[themed_laval_page.pk]))
    assert response.status_code == 302
    assert KitDocument.objects.get(page=themed_laval_page, kind="poster-a4").built_at > before
    assert client.get(reverse("kits_admin_rebuild", args=[themed_laval_page.pk])).status_code == 405


def refused(response) -> bool:
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_a_laval_editor_cannot_open_quimper_kit(
    client, themed_laval_page, themed_quimper_page, themed_laval_editor
):
    client.force_login(themed_laval_editor)
    assert client.get(reverse("kits_admin", args=[themed_laval_page.pk])).status_code == 200
    for url in (
        reverse("kits_admin", args=[themed_quimper_page.pk]),
        reverse("kits_admin_file", args=[themed_quimper_page.pk, "poster-a4"]),
    ):
        assert refused(client.get(url))
    assert refused(client.post(reverse("kits_admin_rebuild", args=[themed_quimper_page.pk])))
    assert not KitDocument.objects.filter(page=themed_quimper_page).exists()
    html = client.get(reverse("wagtailadmin_pages:edit", args=[themed_quimper_page.pk]))
    assert reverse("kits_admin", args=[themed_quimper_page.pk]) not in html.content.decode()


def test_the_admin_kit_of_a_page_without_kit_is_404(client, themed_laval_editor, home_page):
    client.force_login(themed_laval_editor)
    assert client.get(reverse("kits_admin", args=[home_page.pk])).status_code == 404
    assert client.get(reverse("kits_admin", args=[999999])).status_code == 404


# Queries


def add_communes(themed_mayenne_page, count):
    for _index in range(count):
        commune = CommuneFactory(department=themed_mayenne_page.department)
        CommunePageFactory(commune=commune, parent=themed_mayenne_page)


@pytest.mark.parametrize("communes", [5, 50])
def test_the_press_page_runs_a_bounded_number_of_queries(
    client, themed_laval_page, themed_mayenne_page, communes, django_assert_max_num_queries
):
    add_communes(themed_mayenne_page, communes)
    client.get(PRESS)  # warms the site's cache
    with django_assert_max_num_queries(20):
        assert client.get(PRESS).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/mayenne/presse/").status_code == 200


@pytest.mark.parametrize("communes", [5, 50])
def test_a_stored_download_runs_a_bounded_number_of_queries(
    client, themed_laval_page, themed_mayenne_page, communes, django_assert_max_num_queries
):
    add_communes(themed_mayenne_page, communes)
    download(client, PRESS + "affiche-a4.pdf")
    # Current by its record alone: the site, the active locale, the document with its page.
    with django_assert_max_num_queries(3):
        download(client, PRESS + "affiche-a4.pdf")


@pytest.mark.django_db
def test_the_press_page_keeps_a_space_before_the_format(client, themed_laval_page):
    html = client.get("/mayenne/laval/presse/").content.decode()
    # The span is a flex item of the button: a plain leading space would be dropped on screen.
    assert 'Affiche A3<span class="kit-downloads__format">&nbsp;(PDF)</span>' in html
    assert "(PDF)</span>" in html and ">(PDF)" not in html
