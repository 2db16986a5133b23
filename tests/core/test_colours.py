"""WCAG 2.x luminance and contrast, and the shade suggested for a colour that is refused."""

import colorsys

import pytest
from django.utils import translation

from core.colours import (
    DEFAULT_PRIMARY,
    DEFAULT_SECONDARY,
    MINIMUM_CONTRAST,
    TEXT_ON_PRIMARY,
    TEXT_ON_SECONDARY,
    contrast_ratio,
    format_ratio,
    hex_to_rgb,
    primary_colour_error,
    relative_luminance,
    secondary_colour_error,
    suggest_shade,
)


@pytest.fixture(autouse=True)
def english_messages():
    """The messages are asserted in English, the language they are written in."""
    with translation.override("en"):
        yield


def hue(colour: str) -> float:
    return colorsys.rgb_to_hls(*(c / 255 for c in hex_to_rgb(colour)))[0]


def test_relative_luminance_of_black_and_white():
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#ffffff") == pytest.approx(1)


def test_black_on_white_is_21_to_1_whatever_the_order():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)


def test_grey_777777_on_white_is_just_under_aa():
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert primary_colour_error("#777777") is not None


def test_a_ratio_is_never_rounded_up_to_the_minimum():
    assert format_ratio(4.478) == "4.47"
    assert format_ratio(21.0) == "21"


def test_defaults_pass():
    assert primary_colour_error(DEFAULT_PRIMARY) is None
    assert secondary_colour_error(DEFAULT_SECONDARY) is None


def test_a_too_light_primary_is_refused_with_its_ratio_and_a_darker_shade():
    message = primary_colour_error("#ffcc00")
    assert message.startswith("#ffcc00 has a contrast of 1.51:1 with white text; 4.5:1 is needed")
    suggestion = suggest_shade("#ffcc00", TEXT_ON_PRIMARY, darker=True)
    assert suggestion in message
    assert suggestion == "#8f7200"


@pytest.mark.parametrize("colour", ["#ffcc00", "#00a0e2", "#777777", "#ff6f61", "#a3e635"])
def test_the_suggested_primary_passes_keeps_the_hue_and_is_darker(colour):
    suggestion = suggest_shade(colour, TEXT_ON_PRIMARY, darker=True)
    assert contrast_ratio(suggestion, TEXT_ON_PRIMARY) >= MINIMUM_CONTRAST
    assert hue(suggestion) == pytest.approx(hue(colour), abs=0.01)
    assert relative_luminance(suggestion) < relative_luminance(colour)


@pytest.mark.parametrize("colour", ["#333333", "#1f4e79", "#7a1f5c"])
def test_the_suggested_secondary_passes_keeps_the_hue_and_is_lighter(colour):
    message = secondary_colour_error(colour)
    suggestion = suggest_shade(colour, TEXT_ON_SECONDARY, darker=False)
    assert suggestion in message
    assert "lighter" in message
    assert contrast_ratio(suggestion, TEXT_ON_SECONDARY) >= MINIMUM_CONTRAST
    assert hue(suggestion) == pytest.approx(hue(colour), abs=0.01)
    assert relative_luminance(suggestion) > relative_luminance(colour)


def test_the_suggestion_is_the_closest_passing_shade():
    suggestion = suggest_shade("#00a0e2", TEXT_ON_PRIMARY, darker=True)
    red, green, blue = hex_to_rgb(suggestion)
    _hue, lightness, saturation = colorsys.rgb_to_hls(red / 255, green / 255, blue / 255)
    one_step_lighter = colorsys.hls_to_rgb(_hue, lightness + 2 / 255, saturation)
    lighter = "#" + "".join(f"{round(c * 255):02x}" for c in one_step_lighter)
    assert contrast_ratio(lighter, TEXT_ON_PRIMARY) < MINIMUM_CONTRAST
