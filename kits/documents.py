"""The documents of a kit and how each is drawn: PDFs by WeasyPrint from templates/kits/documents/,
the share image by Pillow.

Raise TEMPLATE_VERSION whenever a template, the CSS or the drawing code changes what a document
looks like: every stored document is then rebuilt on its next download.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageDraw, ImageFont

from .content import KitContent

TEMPLATE_VERSION = "1"
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONTS_DIR / "atkinson-hyperlegible-latin-400-normal.woff"
FONT_BOLD = FONTS_DIR / "atkinson-hyperlegible-latin-700-normal.woff"
FONT_ITALIC = FONTS_DIR / "atkinson-hyperlegible-latin-400-italic.woff"
SHARE_SIZE = (1200, 630)
PT_PER_MM = 72 / 25.4
# Mean advance of a bold character of the font, in ems: used to size titles so that they fit.
BOLD_ADVANCE_EM = 0.58


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

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


KINDS = [
    DocumentKind(
        "poster-a3", "affiche-a3.pdf", _("Poster A3"), "kits/documents/poster.html", 297, 420
    ),
    DocumentKind(
        "poster-a4", "affiche-a4.pdf", _("Poster A4"), "kits/documents/poster.html", 210, 297
    ),
    DocumentKind(
        "flyer-a5",
        "flyer-a5.pdf",
        _("Flyer A5, front and back"),
        "kits/documents/flyer.html",
        148,
        210,
        pages=2,
    ),
    DocumentKind(
        "banner",
        "kakemono-85x200.pdf",
        _("Roll-up banner 85 x 200 cm (5 mm bleed)"),
        "kits/documents/banner.html",
        850,
        2000,
        bleed_mm=5,
        scale=1.25,  # read from a distance
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


def render_pdf(kind: DocumentKind, content: KitContent) -> bytes:
    from weasyprint import HTML

    width = kind.width_mm
    context = {
        "kit": content,
        "kind": kind,
        "fonts": {
            "regular": FONT_REGULAR.as_uri(),
            "bold": FONT_BOLD.as_uri(),
            "italic": FONT_ITALIC.as_uri(),
        },
        "qr": qr_data_uri(content.sign_up_url, dark="#000000"),
        # sizes in pt, for the templates' inner width (page width minus margins)
        "title_size": "{:.1f}".format(
            fit_size(
                content.name, width * 0.84, largest=width * 0.36, smallest=width * 0.07, lines=2
            )
        ),
        "unit": width / 210 * kind.scale,  # 1 on A4; the templates multiply their sizes by it
    }
    with translation.override(content.language):
        html = render_to_string(kind.template, context)
    return HTML(string=html, base_url=str(FONTS_DIR)).write_pdf()


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
    if content.logos:
        logo_area = (width - margin - logo_box, margin)
        try:
            logo = Image.open(io.BytesIO(content.logos[0].data)).convert("RGBA")
            logo.thumbnail((logo_box - 24, logo_box - 24))
            card = Image.new("RGB", (logo_box, logo_box), "#ffffff")
            card.paste(logo, ((logo_box - logo.width) // 2, (logo_box - logo.height) // 2), logo)
            image.paste(card, logo_area)
            text_width -= logo_box + 32
        except (OSError, ValueError):
            pass  # an unreadable logo (e.g. SVG) is left out of the share image
    with translation.override(content.language):
        programme = gettext("L'Heure Civique")
        call = gettext("Give one hour a month, near home.")
        join = gettext("Join us:")
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
