"""The focus ring of the buttons passes 3:1 (WCAG 1.4.11) against the button and the page on every
territory colour: the demo's, and the extremes the colour validator accepts."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from core.colours import (
    FOCUS_RING_INNER,
    FOCUS_RING_OUTER,
    MINIMUM_FOCUS_CONTRAST,
    PAGE_BACKGROUND,
    TEXT_ON_PRIMARY,
    TEXT_ON_SECONDARY,
    contrast_ratio,
    focus_ring_contrasts,
    is_usable_primary,
    is_usable_secondary,
    suggest_shade,
)
from demo.content import DEPARTMENTS

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "heure-civique.css"
HUES = ("#ffff00", "#00ff00", "#00ffff", "#ff0000", "#ff00ff", "#0000ff", "#808080")


def demo_colours() -> list[tuple[str, str]]:
    territories = [
        territory for department in DEPARTMENTS for territory in (department, *department.communes)
    ]
    return [
        (territory.primary_colour, territory.secondary_colour)
        for territory in territories
        if territory.primary_colour and territory.secondary_colour
    ]


def extreme_colours() -> list[tuple[str, str]]:
    """The lightest primary colours and the darkest secondary colours of each hue that the
    validator accepts, paired with the lightest and darkest of the other kind."""
    primaries = ["#000000"] + [suggest_shade(hue, TEXT_ON_PRIMARY, darker=True) for hue in HUES]
    secondaries = ["#ffffff"] + [
        suggest_shade(hue, TEXT_ON_SECONDARY, darker=False) for hue in (*HUES, "#000000")
    ]
    return [(primary, secondary) for primary in primaries for secondary in secondaries]


def test_the_demo_has_its_territory_colours():
    assert len(demo_colours()) >= 10
    assert ("#8a1538", "#f8e9ee") in demo_colours()  # Laval, where focus turned unreadable


def test_the_extremes_are_accepted_by_the_validator():
    for primary, secondary in extreme_colours():
        assert is_usable_primary(primary), primary
        assert is_usable_secondary(secondary), secondary


@pytest.mark.parametrize(("primary", "secondary"), demo_colours() + extreme_colours())
def test_the_focus_ring_passes_3_to_1_against_the_button_and_the_page(primary, secondary):
    contrasts = focus_ring_contrasts(primary, secondary)
    failing = {what: round(ratio, 2) for what, ratio in contrasts.items() if ratio < 3}
    assert not failing, f"{primary} / {secondary}: {failing}"
    assert MINIMUM_FOCUS_CONTRAST == 3


def test_the_old_focus_of_laval_fails_and_the_ring_passes():
    """The focused button of Laval had dark text on its primary colour: 1.86:1."""
    assert contrast_ratio(TEXT_ON_SECONDARY, "#8a1538") < 2
    assert focus_ring_contrasts("#8a1538", "#f8e9ee")["inner band / primary button"] > 7


def _rule(css: str, selector: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert match, selector
    return match[1]


def test_the_stylesheet_draws_the_ring_the_contrasts_are_computed_for():
    css = STYLESHEET.read_text()
    root = _rule(css, ":root")
    assert f"--colour-on-primary: {FOCUS_RING_INNER};" in root
    assert f"--colour-text: {FOCUS_RING_OUTER};" in root
    assert f"--colour-background: {PAGE_BACKGROUND};" in root
    button = _rule(css, ".button:focus-visible")
    assert "background-color: var(--colour-primary);" in button
    assert "color: var(--colour-on-primary) !important;" in button
    assert "box-shadow: 0 0 0 3px var(--colour-on-primary), 0 0 0 6px var(--colour-text);" in button
    secondary = _rule(css, ".button--secondary:focus-visible")
    assert "background-color: var(--colour-secondary);" in secondary
    assert "color: var(--colour-text) !important;" in secondary
    assert "box-shadow: 0 0 0 4px var(--colour-text);" in secondary
