"""Each document of a commune's kit: sizes, pages, text, QR code, long names, gestures, actions."""

import io
from dataclasses import replace

import pytest
from PIL import Image

from kits.content import Gesture, NextAction, kit_content
from kits.documents import KINDS_BY_SLUG, fit_size, render
from kits.services import fingerprint

from .conftest import LONG_NAME, decode_qr_codes, pdf_reader, pdf_text, size_mm

SIGN_UP = "http://testserver/mayenne/laval/je-participe/"
PDF_SIZES = {
    "poster-a3": ((297, 420), 1),
    "poster-a4": ((210, 297), 1),
    "flyer-a5": ((148, 210), 2),
    "banner": ((850, 2000), 1),
}


def test_the_content_of_laval_kit(themed_laval_page):
    content = kit_content(themed_laval_page)
    assert content.name == "Laval"
    assert content.department_name == "Mayenne"
    assert content.primary == "#8a1538"
    assert content.secondary == "#e8f3ee"  # the department's
    assert content.sign_up_url == SIGN_UP
    assert content.short_url == "testserver/mayenne/laval/je-participe/"
    assert len(content.logos) == 2  # the commune's and the department's
    assert content.gestures == [] and content.next_actions == []


def test_a_department_kit_leads_to_the_national_sign_up(themed_mayenne_page):
    content = kit_content(themed_mayenne_page)
    assert content.sign_up_url == "http://testserver/je-participe/"
    assert content.kind == "department"


@pytest.mark.parametrize("slug", PDF_SIZES)
def test_each_pdf_has_its_size_text_and_qr_code(themed_laval_page, slug):
    kind = KINDS_BY_SLUG[slug]
    data = render(kind, kit_content(themed_laval_page))
    reader = pdf_reader(data)
    (width, height), pages = PDF_SIZES[slug]
    assert len(reader.pages) == pages
    for page in reader.pages:
        assert size_mm(page.trimbox) == (width, height)
    text = pdf_text(data)
    assert "Laval" in text
    assert "testserver/mayenne/laval/je-participe/" in text.replace("\n", "")
    assert "Donnez une heure par mois" in text  # the French catalogue
    for index in range(pages):
        assert decode_qr_codes(data, index) == [SIGN_UP]


def test_the_banner_has_a_bleed_and_embedded_fonts(themed_laval_page):
    data = render(KINDS_BY_SLUG["banner"], kit_content(themed_laval_page))
    page = pdf_reader(data).pages[0]
    assert size_mm(page.mediabox) == (860, 2010)  # 5 mm of bleed on each side
    fonts = page["/Resources"]["/Font"]
    for font in fonts.values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "Atkinson" in descriptor["/FontName"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_the_logos_are_printed_at_their_original_resolution(themed_laval_page):
    data = render(KINDS_BY_SLUG["poster-a4"], kit_content(themed_laval_page))
    images = pdf_reader(data).pages[0].images
    sizes = {(image.image.width, image.image.height) for image in images}
    assert (800, 800) in sizes and (600, 300) in sizes


@pytest.mark.parametrize("slug", PDF_SIZES)
def test_a_long_commune_name_fits_on_each_document(long_name_page, slug):
    data = render(KINDS_BY_SLUG[slug], kit_content(long_name_page))
    (_width, _height), pages = PDF_SIZES[slug]
    assert len(pdf_reader(data).pages) == pages
    text = pdf_text(data).replace("\n", "").replace(" ", "")
    assert LONG_NAME in text


def test_a_long_name_gets_a_smaller_title_than_a_short_one():
    short = fit_size("Laval", 176, largest=75, smallest=15, lines=2)
    long = fit_size(LONG_NAME, 176, largest=75, smallest=15, lines=2)
    assert short == 75
    assert 15 <= long < short


def test_gestures_and_actions_are_printed_when_there_are_some(themed_laval_page):
    content = replace(
        kit_content(themed_laval_page),
        gestures=[
            Gesture("Porter les courses d'un voisin", "Une fois par semaine, au marché."),
            Gesture("Lire le journal à une personne âgée"),
            Gesture("Réparer un vélo"),
            Gesture("Un quatrième geste jamais imprimé"),
        ],
        next_actions=[
            NextAction(
                "Nettoyage des berges de la Mayenne", "samedi 14 mars, 10 h", "Quai Gambetta"
            ),
        ],
    )
    for slug in ("poster-a4", "flyer-a5"):
        text = pdf_text(render(KINDS_BY_SLUG[slug], content))
        assert "Porter les courses d'un voisin" in text
        assert "Réparer un vélo" in text
        assert "quatrième" not in text
        assert "Nettoyage des berges de la Mayenne" in text
        assert "samedi 14 mars, 10 h" in text
    flyer = pdf_text(render(KINDS_BY_SLUG["flyer-a5"], content))
    assert "Une fois par semaine, au marché." in flyer
    assert len(pdf_reader(render(KINDS_BY_SLUG["flyer-a5"], content)).pages) == 2


def test_without_gestures_nor_actions_their_headings_are_not_printed(themed_laval_page):
    text = pdf_text(render(KINDS_BY_SLUG["flyer-a5"], kit_content(themed_laval_page)))
    assert "Prochaines actions" not in text
    assert "Des idées pour commencer" not in text


def test_the_share_image_is_a_1200_by_630_png_in_the_commune_colour(themed_laval_page):
    data = render(KINDS_BY_SLUG["share-image"], kit_content(themed_laval_page))
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    assert image.convert("RGB").getpixel((5, 300)) == (0x8A, 0x15, 0x38)


def test_the_share_image_of_a_long_name_is_drawn(long_name_page):
    data = render(KINDS_BY_SLUG["share-image"], kit_content(long_name_page))
    assert Image.open(io.BytesIO(data)).size == (1200, 630)


def test_the_fingerprint_covers_colours_texts_logos_gestures_and_actions(themed_laval_page):
    content = kit_content(themed_laval_page)
    kind = KINDS_BY_SLUG["poster-a4"]
    base = fingerprint(content, kind)
    assert fingerprint(kit_content(themed_laval_page), kind) == base
    changes = [
        replace(content, primary="#123456"),
        replace(content, word_quote="Autre chose."),
        replace(content, logos=content.logos[:1]),
        replace(content, gestures=[Gesture("Un geste")]),
        replace(content, next_actions=[NextAction("Une action", "lundi", "Mairie")]),
    ]
    digests = {fingerprint(changed, kind) for changed in changes}
    assert base not in digests and len(digests) == len(changes)
    assert fingerprint(content, KINDS_BY_SLUG["poster-a3"]) != base


def test_a_new_logo_file_changes_the_fingerprint_without_reading_it(themed_laval_page):
    """The fingerprint follows the logo's file (its name, size and Wagtail's hash of its bytes),
    so a download of a stored document reads no image; the bytes are read to draw one."""
    from tests.factories.pages import ImageFactory

    kind = KINDS_BY_SLUG["poster-a4"]
    content = kit_content(themed_laval_page)
    base = fingerprint(content, kind)
    assert "data" not in content.logos[0].__dict__  # not read to fingerprint
    assert Image.open(io.BytesIO(content.logos[0].data)).size == (800, 800)  # read to draw

    logo = themed_laval_page.logo
    logo.file = ImageFactory(title="Nouveau logo", file__width=700, file__height=700).file
    logo.save()
    themed_laval_page.refresh_from_db()
    changed = fingerprint(kit_content(themed_laval_page), kind)
    assert changed != base
    # The same file re-uploaded in place: its hash tells the change.
    logo.file_hash = "0" * 40
    logo.save()
    themed_laval_page.refresh_from_db()
    assert fingerprint(kit_content(themed_laval_page), kind) not in {base, changed}
