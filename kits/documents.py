"""The documents of a kit and how each is drawn: PDFs by WeasyPrint from templates/kits/documents/,
the share image by Pillow.

A PDF has exactly its pages whatever the length of the territory's texts: it is laid out at the
largest text scale at which every sheet fits its page (`FIT_SCALES`), so that short texts fill
the page and long ones shrink instead of spilling onto an extra page. Posters and the banner also
come in a print-shop variant: 3 mm of bleed on every side (the colours run into it), crop marks
outside the trim box, and the PDF's TrimBox and BleedBox set.

WeasyPrint fetches nothing but the kit's fonts and data: URIs (`LocalFetcher`): a logo cannot
make it read a file or call an address. SVG logos are cleaned (kits/svg.py) and drawn as vectors.

Raise TEMPLATE_VERSION whenever a template, the CSS or the drawing code changes what a document
looks like: every stored document is then rebuilt on its next download.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageDraw, ImageFont

from .content import KitContent

TEMPLATE_VERSION = "4"
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONTS_DIR / "atkinson-hyperlegible-latin-400-normal.woff"
FONT_BOLD = FONTS_DIR / "atkinson-hyperlegible-latin-700-normal.woff"
FONT_ITALIC = FONTS_DIR / "atkinson-hyperlegible-latin-400-italic.woff"
SHARE_SIZE = (1200, 630)
PT_PER_MM = 72 / 25.4
# Mean advance of a bold character of the font, in ems: used to size titles so that they fit.
BOLD_ADVANCE_EM = 0.58
PRINT_SHOP_BLEED_MM = 3
# Text scales tried, largest first: the largest at which the document keeps its pages wins.
FIT_SCALES = (1.6, 1.45, 1.3, 1.18, 1.08, 1.0, 0.92, 0.84, 0.76, 0.68, 0.6, 0.52, 0.45)


@dataclass(frozen=True)
class DocumentKind:
    slug: str  # also the stored value
    filename: str
    label: object  # lazy string
    template: str = ""
    width_mm: float = 0
    height_mm: float = 0
    bleed_mm: float = 0
    pages: int = 1
    scale: float = 1  # text size relative to an A4 poster's, once scaled to the page width
    content_type: str = "application/pdf"
    print_shop_of: str = ""  # the slug of the document this one is the print-shop variant of

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


def print_shop_variant(kind: DocumentKind, filename: str, label) -> DocumentKind:
    """`kind` with 3 mm of bleed on every side and crop marks, for a print shop."""
    return replace(
        kind,
        slug=f"{kind.slug}-print",
        filename=filename,
        label=label,
        bleed_mm=PRINT_SHOP_BLEED_MM,
        print_shop_of=kind.slug,
    )


POSTER_A3 = DocumentKind(
    "poster-a3", "affiche-a3.pdf", _("Poster A3"), "kits/documents/poster.html", 297, 420
)
POSTER_A4 = DocumentKind(
    "poster-a4", "affiche-a4.pdf", _("Poster A4"), "kits/documents/poster.html", 210, 297
)
BANNER = DocumentKind(
    "banner",
    "kakemono-85x200.pdf",
    _("Roll-up banner 85 x 200 cm"),
    "kits/documents/banner.html",
    850,
    2000,
    scale=1.25,  # read from a distance
)
KINDS = [
    POSTER_A3,
    print_shop_variant(POSTER_A3, "affiche-a3-imprimeur.pdf", _("Poster A3, print-shop version")),
    POSTER_A4,
    print_shop_variant(POSTER_A4, "affiche-a4-imprimeur.pdf", _("Poster A4, print-shop version")),
    DocumentKind(
        "flyer-a5",
        "flyer-a5.pdf",
        _("Flyer A5, front and back"),
        "kits/documents/flyer.html",
        148,
        210,
        pages=2,
    ),
    BANNER,
    print_shop_variant(
        BANNER, "kakemono-85x200-imprimeur.pdf", _("Roll-up banner 85 x 200 cm, print-shop version")
    ),
    DocumentKind(
        "share-image",
        "partage.png",
        _("Share image for social networks (1200 x 630)"),
        content_type="image/png",
    ),
]
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}
KINDS_BY_FILENAME = {kind.filename: kind for kind in KINDS}
PRINT_SHOP_VARIANTS = {kind.print_shop_of: kind for kind in KINDS if kind.print_shop_of}


def fit_size(text: str, width_mm: float, *, largest: float, smallest: float, lines: int) -> float:
    """A font size (pt) at which `text` fits in `lines` lines of `width_mm`, and its longest
    unbreakable chunk on one line, between `smallest` and `largest`. Below `smallest`, the
    template's `overflow-wrap: anywhere` breaks the chunk instead of letting it overflow."""
    width_pt = width_mm * PT_PER_MM
    chunks = [chunk for chunk in re.split(r"[\s\-]+", text) if chunk] or [text]
    longest = max(len(chunk) + 1 for chunk in chunks)
    by_chunk = width_pt / (longest * BOLD_ADVANCE_EM)
    by_total = width_pt * lines / (max(len(text), 1) * BOLD_ADVANCE_EM * 1.1)
    return round(max(smallest, min(largest, by_chunk, by_total)), 1)


def qr_data_uri(url: str, *, dark: str) -> str:
    """The QR code of `url` as vector SVG: sharp at any print size."""
    return segno.make(url, error="m").svg_data_uri(scale=10, dark=dark, light="#ffffff", border=4)


class LocalFetcher:
    """WeasyPrint's URL fetcher for the kits: data: URIs and the kit's own fonts, nothing else
    (an SVG logo's reference to a file or an address is not followed)."""

    def __init__(self):
        from weasyprint.urls import URLFetcher

        self._fetcher = URLFetcher(allowed_protocols={"data", "file"}, timeout=2)
        self._fail_on_errors = False  # read by weasyprint.urls.fetch

    def __call__(self, url: str):
        if url.startswith("file:"):
            from urllib.parse import unquote, urlparse

            path = Path(unquote(urlparse(url).path)).resolve()
            if path.parent != FONTS_DIR:
                raise ValueError("Only the kit's fonts are read.")
        elif not url.startswith("data:"):
            raise ValueError("The kits fetch nothing from the network.")
        return self._fetcher.fetch(url)


def _context(kind: DocumentKind, content: KitContent, fit: float, *, clip: bool) -> dict:
    width = kind.width_mm
    unit = width / 210 * kind.scale * fit  # 1 on A4; the templates multiply their sizes by it
    largest = width * 0.36
    title = fit_size(content.name, width * 0.84, largest=largest, smallest=width * 0.07, lines=2)
    return {
        "kit": content,
        "kind": kind,
        "fonts": {
            "regular": FONT_REGULAR.as_uri(),
            "bold": FONT_BOLD.as_uri(),
            "italic": FONT_ITALIC.as_uri(),
        },
        "logos": [uri for uri in (logo_uri(logo) for logo in content.logos) if uri],
        "qr": qr_data_uri(content.sign_up_url, dark="#000000"),
        # sizes in pt, for the templates' inner width (page width minus margins)
        "title_size": f"{min(title * fit, largest):.1f}",
        "unit": unit,
        "bleed": kind.bleed_mm,
        "edge": (unit, kind.bleed_mm),  # for the `ub` filter: paddings on the sheet's edges
        "clip": clip,  # the last resort: each sheet cut to its page
        "sheet_width": kind.width_mm + 2 * kind.bleed_mm,
        "sheet_height": kind.height_mm + 2 * kind.bleed_mm,
        "crop_marks": crop_marks(kind),
    }


CROP_MARK_GAP_MM = 0.5  # between a mark and the trim box
CROP_MARK_WIDTH_MM = 0.1


def crop_marks(kind: DocumentKind) -> list[dict[str, str]]:
    """The crop marks of a print-shop document, as rectangles in mm from the sheet's top left
    corner (the bleed's): on the lines of the trim box, in the bleed only, never inside the
    trim box."""
    bleed = kind.bleed_mm
    if not bleed:
        return []
    length = bleed - CROP_MARK_GAP_MM
    half = CROP_MARK_WIDTH_MM / 2
    far_x, far_y = bleed + kind.width_mm, bleed + kind.height_mm
    marks = []
    for y in (bleed, far_y):  # horizontal marks, left and right of the trim box
        marks += [(0, y - half, length, CROP_MARK_WIDTH_MM)]
        marks += [(far_x + CROP_MARK_GAP_MM, y - half, length, CROP_MARK_WIDTH_MM)]
    for x in (bleed, far_x):  # vertical marks, above and below it
        marks += [(x - half, 0, CROP_MARK_WIDTH_MM, length)]
        marks += [(x - half, far_y + CROP_MARK_GAP_MM, CROP_MARK_WIDTH_MM, length)]
    return [
        dict(zip(("left", "top", "width", "height"), (f"{v:.2f}" for v in mark), strict=True))
        for mark in marks
    ]


def logo_uri(logo) -> str:
    """The logo as a data: URI to draw, an SVG cleaned first; "" when it cannot be drawn."""
    if logo.mime_type != "image/svg+xml":
        return logo.data_uri
    from .svg import UnsafeSvg, clean_svg

    try:
        cleaned = clean_svg(logo.data).data
    except UnsafeSvg:
        return ""  # the kit is printed without this logo
    return "data:image/svg+xml;base64," + base64.b64encode(cleaned).decode()


# The text scale found for a layout and content, and the last one found for each layout (where
# the next search starts: territories' texts are alike, so it is often right or one step off).
_fits: dict[str, float] = {}
_last_fit: dict[str, int] = {}


def _layout_key(kind: DocumentKind, sheet: int) -> str:
    """Documents of one template and proportions share their layout: every size is relative
    to the page's width (an A3 poster is an A4 one enlarged) and a bleed only adds margins."""
    ratio = round(kind.height_mm / kind.width_mm, 3)
    return f"{kind.template}:{ratio}:{kind.scale}:{sheet}"


def _fit_key(kind: DocumentKind, content: KitContent, sheet: int) -> str:
    logos = [logo.digest for logo in content.logos]
    payload = repr((_layout_key(kind, sheet), TEMPLATE_VERSION, replace(content, logos=[]), logos))
    return hashlib.sha256(payload.encode()).hexdigest()


def _layout(kind: DocumentKind, content: KitContent, sheet: int, fit: float, clip: bool = False):
    from weasyprint import HTML

    context = {**_context(kind, content, fit, clip=clip), "sheet": sheet}
    with translation.override(content.language):
        html = render_to_string(kind.template, context)
    return HTML(string=html, base_url=str(FONTS_DIR), url_fetcher=LocalFetcher()).render()


def _largest_fitting(fits_at: Callable[[int], bool], start: int, last: int) -> int | None:
    """The smallest index (the largest scale) at which `fits_at` holds, assuming that it holds
    from some index on; searched from `start`, one step each way first, then by halves."""
    if fits_at(start):
        if start == 0 or not fits_at(start - 1):
            return start
        low, high = 0, start - 1
    else:
        if start == last:
            return None
        if fits_at(start + 1):
            return start + 1
        low, high = start + 2, last
        if low > last:
            return None
    while low < high:
        middle = (low + high) // 2
        if fits_at(middle):
            high = middle
        else:
            low = middle + 1
    return low if fits_at(low) else None


def _fitted_sheet(kind: DocumentKind, content: KitContent, sheet: int):
    """One sheet laid out at the largest text scale of `FIT_SCALES` at which it stays on one
    page; when even the smallest is too large, cut to its page."""
    key = _fit_key(kind, content, sheet)
    if key in _fits:
        return _layout(kind, content, sheet, _fits[key])
    laid_out = {}

    def fits_at(index: int) -> bool:
        if index not in laid_out:
            laid_out[index] = _layout(kind, content, sheet, FIT_SCALES[index])
        return len(laid_out[index].pages) == 1

    layout = _layout_key(kind, sheet)
    start = _last_fit.get(layout, FIT_SCALES.index(1.0))
    index = _largest_fitting(fits_at, start, len(FIT_SCALES) - 1)
    if index is None:
        return _layout(kind, content, sheet, FIT_SCALES[-1], clip=True)
    if len(_fits) > 256:
        _fits.clear()
    _fits[key] = FIT_SCALES[index]
    _last_fit[layout] = index
    return laid_out[index]


def render_pdf(kind: DocumentKind, content: KitContent) -> bytes:
    """The PDF, each sheet fitted to its page on its own (`_fitted_sheet`)."""
    sheets = [_fitted_sheet(kind, content, sheet) for sheet in range(1, kind.pages + 1)]
    pages = [page for document in sheets for page in document.pages]
    return sheets[0].copy(pages).write_pdf()


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _fitted_lines(
    draw, text: str, width: int, largest: int, smallest: int, max_lines: int, height: int = 0
):
    """The largest bold font (and the lines it wraps `text` into) that fits `width` (and
    `height`, with a line height of 1.1)."""
    for size in range(largest, smallest - 1, -4):
        font = _font(FONT_BOLD, size)
        lines = _wrap(draw, text, font, width)
        if height and len(lines) * int(size * 1.1) > height:
            continue
        if len(lines) <= max_lines and all(
            draw.textlength(line, font=font) <= width for line in lines
        ):
            return font, lines
    font = _font(FONT_BOLD, smallest)
    return font, _wrap(draw, text, font, width, hard=True)[:max_lines]


def _wrap(draw, text: str, font, width: int, hard: bool = False) -> list[str]:
    words = re.findall(r"[^\s\-]+-?|\s+", text)
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = current + word
        if current and draw.textlength(candidate.rstrip(), font=font) > width:
            lines.append(current.rstrip())
            current = word.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    if hard:
        broken: list[str] = []
        for line in lines:
            while draw.textlength(line, font=font) > width and len(line) > 1:
                cut = len(line)
                while cut > 1 and draw.textlength(line[:cut], font=font) > width:
                    cut -= 1
                broken.append(line[:cut])
                line = line[cut:]
            broken.append(line)
        lines = broken
    return lines


def render_share_image(content: KitContent) -> bytes:
    """1200 x 630 PNG: the name, the call and the short address on the entity's colour."""
    width, height = SHARE_SIZE
    margin = 64
    image = Image.new("RGB", SHARE_SIZE, content.primary)
    draw = ImageDraw.Draw(image)
    # the secondary colour as a band at the bottom, with dark text (both pass AA: core/colours.py)
    band_top = height - 130
    draw.rectangle((0, band_top, width, height), fill=content.secondary)
    text_width = width - 2 * margin
    logo_box = 200
    raster_logos = [logo for logo in content.logos if logo.mime_type != "image/svg+xml"]
    if raster_logos:  # Pillow draws no SVG: the first raster logo, if any
        logo_area = (width - margin - logo_box, margin)
        try:
            logo = Image.open(io.BytesIO(raster_logos[0].data)).convert("RGBA")
            logo.thumbnail((logo_box - 24, logo_box - 24))
            card = Image.new("RGB", (logo_box, logo_box), "#ffffff")
            card.paste(logo, ((logo_box - logo.width) // 2, (logo_box - logo.height) // 2), logo)
            image.paste(card, logo_area)
            text_width -= logo_box + 32
        except (OSError, ValueError, Image.DecompressionBombError):
            pass  # an unreadable logo is left out of the share image
    with translation.override(content.language):
        programme = gettext("L'Heure Civique")
        call = gettext("Give one hour a month, near home.")
        join = gettext("Join us:")
    if content.second_language:  # a bilingual kit: each text, then its translation
        with translation.override(content.second_language):
            call = f"{call} / {gettext('Give one hour a month, near home.')}"
            join = f"{join} / {gettext('Join us:')}"
    draw.text((margin, margin), programme, font=_font(FONT_BOLD, 40), fill=content.text_on_primary)
    call_font = _font(FONT_REGULAR, 40)
    call_lines = _wrap(draw, call, call_font, width - 2 * margin)[:2]
    call_top = band_top - 24 - 48 * len(call_lines)
    y = margin + 70
    font, lines = _fitted_lines(draw, content.name, text_width, 96, 32, 3, height=call_top - 16 - y)
    line_height = int(font.size * 1.1)
    for line in lines:
        draw.text((margin, y), line, font=font, fill=content.text_on_primary)
        y += line_height
    y = call_top
    for line in call_lines:
        draw.text((margin, y), line, font=call_font, fill=content.text_on_primary)
        y += 48
    url_font, url_lines = _fitted_lines(
        draw, f"{join} {content.short_url}", width - 2 * margin, 40, 20, 1
    )
    url_font = _font(FONT_REGULAR, url_font.size)
    draw.text(
        (margin, band_top + 65),
        url_lines[0],
        font=url_font,
        fill=content.text_on_secondary,
        anchor="lm",
    )
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def render(kind: DocumentKind, content: KitContent) -> bytes:
    if kind.is_pdf:
        return render_pdf(kind, content)
    return render_share_image(content)
