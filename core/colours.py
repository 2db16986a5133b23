"""Colours of the territories' pages: format and WCAG 2.x contrast rules.

The primary colour carries white text, the secondary colour carries dark text (`TEXT_ON_SECONDARY`,
the same value as `--colour-text` in static/css/heure-civique.css). A colour whose contrast with
its text is under WCAG AA's 4.5:1 is refused, with a shade of the same hue that passes.
"""

import colorsys
import math
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DEFAULT_PRIMARY = "#1f4e79"
DEFAULT_SECONDARY = "#f2f5f9"
TEXT_ON_PRIMARY = "#ffffff"
TEXT_ON_SECONDARY = "#1a1a1a"
MINIMUM_CONTRAST = 4.5  # WCAG 2.x AA for normal text
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate_hex_colour(value: str) -> None:
    if value and not HEX_COLOUR.match(value):
        raise ValidationError(
            _("Enter a colour as # followed by six hexadecimal digits, e.g. #1f4e79."),
            code="invalid_colour",
        )


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def rgb_to_hex(red: int, green: int, blue: int) -> str:
    return f"#{red:02x}{green:02x}{blue:02x}"


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour, from 0 (black) to 1 (white)."""
    red, green, blue = hex_to_rgb(colour)
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio between two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _with_lightness(colour: str, lightness: float) -> str:
    hue, _lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in hex_to_rgb(colour)))
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return rgb_to_hex(round(red * 255), round(green * 255), round(blue * 255))


def suggest_shade(colour: str, text: str, *, darker: bool) -> str:
    """The shade of `colour` (same hue and saturation, lightness changed) closest to it that
    reaches the minimum contrast with `text`.

    Lightness is walked one 255th at a time, so the first shade that passes is the closest one.
    """
    _hue, lightness, _saturation = colorsys.rgb_to_hls(*(c / 255 for c in hex_to_rgb(colour)))
    step = -1 / 255 if darker else 1 / 255
    for index in range(256):
        candidate_lightness = min(1.0, max(0.0, lightness + step * index))
        candidate = _with_lightness(colour, candidate_lightness)
        if contrast_ratio(candidate, text) >= MINIMUM_CONTRAST:
            return candidate
    # Black on white (or the reverse) always passes, so the loop has returned before here.
    return "#000000" if darker else "#ffffff"


def format_ratio(ratio: float) -> str:
    """'4.48' rather than a rounded '4.5', so a refused colour never shows the required ratio."""
    return f"{math.floor(ratio * 100) / 100:.2f}".rstrip("0").rstrip(".")


def primary_colour_error(colour: str) -> str | None:
    """Why white text can't be read on this primary colour, or None when it can."""
    ratio = contrast_ratio(colour, TEXT_ON_PRIMARY)
    if ratio >= MINIMUM_CONTRAST:
        return None
    return gettext(
        "%(colour)s has a contrast of %(ratio)s:1 with white text; %(minimum)s:1 is needed "
        "(WCAG AA). Try the darker %(suggestion)s."
    ) % {
        "colour": colour,
        "ratio": format_ratio(ratio),
        "minimum": format_ratio(MINIMUM_CONTRAST),
        "suggestion": suggest_shade(colour, TEXT_ON_PRIMARY, darker=True),
    }


def secondary_colour_error(colour: str) -> str | None:
    """Why dark text can't be read on this secondary colour, or None when it can."""
    ratio = contrast_ratio(colour, TEXT_ON_SECONDARY)
    if ratio >= MINIMUM_CONTRAST:
        return None
    return gettext(
        "%(colour)s has a contrast of %(ratio)s:1 with the dark text (%(text)s); %(minimum)s:1 "
        "is needed (WCAG AA). Try the lighter %(suggestion)s."
    ) % {
        "colour": colour,
        "ratio": format_ratio(ratio),
        "text": TEXT_ON_SECONDARY,
        "minimum": format_ratio(MINIMUM_CONTRAST),
        "suggestion": suggest_shade(colour, TEXT_ON_SECONDARY, darker=False),
    }


def is_usable_primary(colour: str) -> bool:
    return bool(colour) and bool(HEX_COLOUR.match(colour)) and primary_colour_error(colour) is None


def is_usable_secondary(colour: str) -> bool:
    return (
        bool(colour) and bool(HEX_COLOUR.match(colour)) and secondary_colour_error(colour) is None
    )


# The focus ring of a button (static/css/heure-civique.css, `.button:focus-visible`): a band of
# FOCUS_RING_INNER against a primary button, then a band of FOCUS_RING_OUTER against the page; a
# secondary button (dark text on the secondary colour) gets the outer band alone.
FOCUS_RING_INNER = TEXT_ON_PRIMARY
FOCUS_RING_OUTER = TEXT_ON_SECONDARY
PAGE_BACKGROUND = "#ffffff"  # --colour-background
MINIMUM_FOCUS_CONTRAST = 3.0  # WCAG 2.x 1.4.11, non-text contrast


def focus_ring_contrasts(primary: str, secondary: str) -> dict[str, float]:
    """The contrast of each band of the focus ring with what it touches, on a territory's colours:
    every value must reach MINIMUM_FOCUS_CONTRAST. It does for any pair the validator accepts,
    since the inner band is the primary colour's text and the outer band the secondary's."""
    return {
        "inner band / primary button": contrast_ratio(FOCUS_RING_INNER, primary),
        "inner band / outer band": contrast_ratio(FOCUS_RING_INNER, FOCUS_RING_OUTER),
        "outer band / white page": contrast_ratio(FOCUS_RING_OUTER, PAGE_BACKGROUND),
        "outer band / secondary background": contrast_ratio(FOCUS_RING_OUTER, secondary),
        "ring / secondary button": contrast_ratio(FOCUS_RING_OUTER, secondary),
    }
