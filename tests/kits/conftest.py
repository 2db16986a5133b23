"""A demo-like Mayenne and Laval made by the factories, with colours, logos and words
(`themed_…`, not the onboarded pages of tests/conftest.py), and helpers to read PDFs."""

import io

import pypdfium2
import pytest
import zxingcpp
from django.utils import translation
from pypdf import PdfReader

from tests.factories.pages import CommunePageFactory, DepartmentPageFactory, ImageFactory
from tests.factories.territories import CommuneFactory, DepartmentFactory
from tests.s3 import s3_bucket, s3_server  # noqa: F401 (a bucket on a real S3-compatible server)

LONG_NAME = "Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson"
MM = 72 / 25.4


@pytest.fixture(autouse=True)
def clean_state(settings, tmp_path):
    """Each test stores its documents in its own folder (and starts with no queued kit: the
    suite's `empty_cache`)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("fr"):
        yield


@pytest.fixture
def themed_mayenne_page(home_page, mayenne):
    return DepartmentPageFactory(
        department=mayenne,
        primary_colour="#0b5e3c",
        secondary_colour="#e8f3ee",
        logo=ImageFactory(title="Logo Mayenne", file__width=600, file__height=300),
        word_quote="Une heure par mois, c'est peu et c'est beaucoup.",
        word_name="Le président",
        word_role="Président du Conseil départemental",
        contact_name="Conseil départemental de la Mayenne",
        contact_phone="01 99 00 53 53",
        contact_email="presse@mayenne.example.org",
    )


@pytest.fixture
def themed_laval_page(themed_mayenne_page, mayenne):
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    return CommunePageFactory(
        commune=laval,
        primary_colour="#8a1538",
        logo=ImageFactory(title="Logo Laval", file__width=800, file__height=800),
        intro="Laval invite chacun à donner une heure par mois près de chez soi.",
        word_quote="Laval s'engage pour ses voisins.",
        word_name="Le maire",
        word_role="Maire de Laval",
        contact_name="Mairie de Laval",
        contact_address="Place du 11 Novembre\n53000 Laval",
        contact_phone="01 99 00 43 00",
        contact_email="presse@laval.example.org",
    )


@pytest.fixture
def long_name_page(themed_mayenne_page, mayenne):
    commune = CommuneFactory(code="53999", name=LONG_NAME, slug="saint-remy", department=mayenne)
    return CommunePageFactory(commune=commune, title=LONG_NAME, slug="saint-remy")


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def size_mm(box) -> tuple[int, int]:
    return round(float(box.width) / MM), round(float(box.height) / MM)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in pdf_reader(data).pages)


def decode_qr_codes(data: bytes, page_index: int = 0, width_px: int = 1600) -> list[str]:
    """Renders one page of a PDF and decodes the QR codes drawn on it."""
    document = pypdfium2.PdfDocument(data)
    page = document[page_index]
    scale = width_px / page.get_width()
    image = page.render(scale=scale).to_pil()
    results = zxingcpp.read_barcodes(image)
    return [result.text for result in results if result.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.fixture
def themed_quimper_page(home_page):
    finistere = DepartmentFactory(code="29", name="Finistère", slug="finistere")
    DepartmentPageFactory(department=finistere, primary_colour="#004a8f")
    quimper = CommuneFactory(code="29232", name="Quimper", slug="quimper", department=finistere)
    return CommunePageFactory(commune=quimper)


def editor_of(page, username):
    """A user whose group may edit `page` and its subtree, and enter the admin."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name=f"Éditeurs {page.title}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="change_page")
    )
    user = get_user_model().objects.create_user(username=username, password="motdepasse-123")
    user.groups.add(group)
    return user


@pytest.fixture
def themed_laval_editor(themed_laval_page):
    return editor_of(themed_laval_page, "editeur-laval")
