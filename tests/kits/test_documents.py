"""Each document of a commune's kit: sizes, pages, text, QR code, long names, gestures, actions."""

import io
from dataclasses import replace

import pypdfium2
import pytest
from PIL import Image

from kits.content import Gesture, NextAction, kit_content
from kits.documents import KINDS, KINDS_BY_SLUG, fit_size, render
from kits.services import fingerprint

from .conftest import LONG_NAME, MM, decode_qr_codes, pdf_reader, pdf_text

SIGN_UP = "http://testserver/mayenne/laval/je-participe/"
A3 = (841.89, 1190.55)
A4 = (595.28, 841.89)
A5 = (419.53, 595.28)
BANNER = (2409.45, 5669.29)
BLEED = 17.01  # 2 x 3 mm, in points
# slug: (trim size in points, pages, bleed on both sides in points)
PDF_SIZES = {
    "poster-a3": (A3, 1, 0),
    "poster-a3-print": (A3, 1, BLEED),
    "poster-a4": (A4, 1, 0),
    "poster-a4-print": (A4, 1, BLEED),
    "flyer-a5": (A5, 2, 0),
    "banner": (BANNER, 1, 0),
    "banner-print": (BANNER, 1, BLEED),
}
LONG_TEXT = (
    "Chaque mois, les habitants de la commune donnent une heure pour une action civique ou "
    "solidaire près de chez eux : accompagner, réparer, planter, lire, nettoyer, cuisiner. "
)


def size_pt(box) -> tuple[float, float]:
    return round(float(box.width), 2), round(float(box.height), 2)


def assert_sizes(data: bytes, slug: str) -> None:
    """Its pages, each of the document's size (plus the bleed of a print-shop variant), with
    its TrimBox the trim size, centred in its BleedBox (the whole page)."""
    (width, height), pages, bleed = PDF_SIZES[slug]
    reader = pdf_reader(data)
    assert len(reader.pages) == pages
    for page in reader.pages:
        assert size_pt(page.mediabox) == pytest.approx((width + bleed, height + bleed), abs=0.02)
        assert size_pt(page.trimbox) == pytest.approx((width, height), abs=0.02)
        assert size_pt(page.bleedbox) == pytest.approx(size_pt(page.mediabox), abs=0.02)
        inset = float(page.trimbox.left) - float(page.mediabox.left)
        assert inset == pytest.approx(bleed / 2, abs=0.02)


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


def test_every_pdf_document_of_the_kit_is_tested():
    assert {kind.slug for kind in KINDS if kind.is_pdf} == set(PDF_SIZES)


@pytest.mark.parametrize("slug", PDF_SIZES)
def test_each_pdf_has_its_pages_size_text_and_qr_code(themed_laval_page, slug):
    data = render(KINDS_BY_SLUG[slug], kit_content(themed_laval_page))
    assert_sizes(data, slug)
    text = pdf_text(data)
    assert "Laval" in text
    assert "testserver/mayenne/laval/je-participe/" in text.replace("\n", "")
    assert "Donnez une heure par mois" in text  # the French catalogue
    # The QR code of every page leads to the commune's public sign-up address.
    public = themed_laval_page.get_full_url() + "je-participe/"
    for index in range(PDF_SIZES[slug][1]):
        assert decode_qr_codes(data, index) == [public]


def test_the_print_shop_banner_embeds_its_fonts(themed_laval_page):
    data = render(KINDS_BY_SLUG["banner-print"], kit_content(themed_laval_page))
    page = pdf_reader(data).pages[0]
    fonts = page["/Resources"]["/Font"]
    for font in fonts.values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "Atkinson" in descriptor["/FontName"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def corner(data: bytes, *, size_pt: float, scale: float):
    """The top left corner of the first page, `size_pt` wide and high, in pixels."""
    document = pypdfium2.PdfDocument(data)
    page = document[0]
    width, height = page.get_size()
    crop = (0, height - size_pt, width - size_pt, 0)  # from the left, bottom, right, top
    return page.render(scale=scale, crop=crop).to_pil().convert("RGB")


@pytest.mark.parametrize("slug", ["poster-a3-print", "poster-a4-print", "banner-print"])
def test_the_print_shop_colours_run_into_the_bleed_with_crop_marks_outside_the_trim(
    themed_laval_page, slug
):
    """The commune's colour from the edge of the bleed, crop marks on the lines of the trim box
    in the bleed only, and nothing of them inside the trim box."""
    data = render(KINDS_BY_SLUG[slug], kit_content(themed_laval_page))
    scale = 10  # px per point: a 3 mm bleed is 85 px
    image = corner(data, size_pt=20, scale=scale)
    bleed = round(3 * MM * scale)
    primary = (0x8A, 0x15, 0x38)

    def near(pixel, colour, tolerance=12):
        return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))

    assert near(image.getpixel((2, 2)), primary)  # the very corner of the bleed
    assert near(image.getpixel((bleed // 2, bleed + 30)), primary)  # left bleed, below the mark
    dark = (40, 40, 40)
    mark_row = [image.getpixel((x, y)) for x in range(5, bleed - 10) for y in (bleed - 1, bleed)]
    mark_column = [image.getpixel((x, y)) for y in range(5, bleed - 10) for x in (bleed - 1, bleed)]
    assert any(all(c <= d for c, d in zip(p, dark, strict=True)) for p in mark_row)
    assert any(all(c <= d for c, d in zip(p, dark, strict=True)) for p in mark_column)
    inside = [image.getpixel((bleed + 3 + x, bleed + 3 + y)) for x in range(20) for y in range(20)]
    assert all(near(pixel, primary) for pixel in inside)  # the hero, no mark inside the trim


def test_the_plain_documents_have_no_bleed_nor_crop_marks(themed_laval_page):
    data = render(KINDS_BY_SLUG["poster-a4"], kit_content(themed_laval_page))
    image = corner(data, size_pt=20, scale=10)
    pixels = [image.getpixel((x, y)) for x in range(0, 200, 4) for y in range(0, 200, 4)]
    assert all(pixel[0] > 100 for pixel in pixels)  # the commune's colour only, no black


def test_the_raster_logos_are_printed_at_their_original_resolution(themed_laval_page):
    data = render(KINDS_BY_SLUG["poster-a4"], kit_content(themed_laval_page))
    images = pdf_reader(data).pages[0].images
    sizes = {(image.image.width, image.image.height) for image in images}
    assert (800, 800) in sizes and (600, 300) in sizes


def long_texts(content):
    return replace(
        content,
        intro=LONG_TEXT * 4,
        word_quote=LONG_TEXT * 3,
        word_role="Maire délégué de la commune nouvelle et conseiller départemental du canton",
        gestures=[
            Gesture("Accompagner une personne âgée " + LONG_TEXT[:60], LONG_TEXT * 2),
            Gesture("Réparer les vélos du quartier " + LONG_TEXT[:60], LONG_TEXT * 2),
            Gesture("Planter des haies " + LONG_TEXT[:60], LONG_TEXT * 2),
        ],
        next_actions=[
            NextAction(f"Action {number} : " + LONG_TEXT, "Samedi 14 mars, 10h00", LONG_TEXT)
            for number in range(3)
        ],
        contact_name="Mairie de " + LONG_NAME,
        contact_email="communication-et-relations-presse@" + LONG_NAME.lower() + ".example.org",
    )


@pytest.mark.parametrize("slug", PDF_SIZES)
def test_a_long_name_and_long_texts_keep_each_document_to_its_pages(long_name_page, slug):
    content = long_texts(kit_content(long_name_page))
    data = render(KINDS_BY_SLUG[slug], content)
    assert_sizes(data, slug)
    text = pdf_text(data).replace("\n", "").replace(" ", "")
    assert LONG_NAME in text
    public = long_name_page.get_full_url() + "je-participe/"
    assert decode_qr_codes(data, 0) == [public]


@pytest.mark.parametrize("slug", ["poster-a4", "flyer-a5", "banner"])
def test_even_an_absurd_name_never_spills_onto_another_page(themed_laval_page, slug):
    """Past the smallest text scale, each sheet is cut to its page: never an extra page."""
    content = replace(
        long_texts(kit_content(themed_laval_page)), name="Saint-" * 60 + "Laval" + "x" * 300
    )
    assert_sizes(render(KINDS_BY_SLUG[slug], content), slug)


def test_short_texts_are_printed_larger_than_long_ones(themed_laval_page):
    """The text scale follows the length of the texts: a short kit fills its page."""
    from kits import documents

    content = kit_content(themed_laval_page)
    documents._fits.clear()
    render(KINDS_BY_SLUG["poster-a4"], content)
    short = documents._fits[documents._fit_key(KINDS_BY_SLUG["poster-a4"], content, 1)]
    long = long_texts(content)
    render(KINDS_BY_SLUG["poster-a4"], long)
    assert documents._fits[documents._fit_key(KINDS_BY_SLUG["poster-a4"], long, 1)] < short


def longest_blank_band(data: bytes, page_index: int) -> float:
    """The height of the tallest band of a page in which no row shows anything but one colour,
    as a share of the page's height."""
    document = pypdfium2.PdfDocument(data)
    page = document[page_index]
    image = page.render(scale=300 / page.get_width()).to_pil().convert("L")
    width, height = image.size
    longest = current = 0
    for y in range(height):
        low, high = image.crop((0, y, width, y + 1)).getextrema()
        current = current + 1 if high - low < 8 else 0
        longest = max(longest, current)
    return longest / height


@pytest.mark.parametrize("rich", [True, False])
def test_the_flyer_and_the_posters_have_no_large_blank_area(themed_laval_page, rich):
    content = kit_content(themed_laval_page)
    if rich:
        content = replace(
            content,
            gestures=[Gesture("Porter les courses d'un voisin", "Une fois par semaine.")],
            next_actions=[NextAction("Nettoyage des berges", "Samedi 14 mars, 10h00", "Quai")],
        )
    for slug in ("flyer-a5", "poster-a4", "banner"):
        data = render(KINDS_BY_SLUG[slug], content)
        for index in range(PDF_SIZES[slug][1]):
            assert longest_blank_band(data, index) < 0.15, (slug, index)


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
        text = " ".join(pdf_text(render(KINDS_BY_SLUG[slug], content)).split())
        assert "Porter les courses d'un voisin" in text
        assert "Réparer un vélo" in text
        assert "quatrième" not in text
        assert "Nettoyage des berges de la Mayenne" in text
        assert "samedi 14 mars, 10 h" in text
    flyer = " ".join(pdf_text(render(KINDS_BY_SLUG["flyer-a5"], content)).split())
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


def test_the_search_of_the_text_scale_finds_the_largest_that_fits_from_any_start():
    from kits.documents import _largest_fitting

    last = 12
    for threshold in [*range(last + 1), None]:  # fits from `threshold` on (None: never)
        for start in range(last + 1):
            tried = []

            def fits_at(index, threshold=threshold, tried=tried):
                tried.append(index)
                return threshold is not None and index >= threshold

            assert _largest_fitting(fits_at, start, last) == threshold
            assert len(set(tried)) <= 6
