"""Colours of the territories' pages: format and WCAG contrast rules."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_PRIMARY = "#1f4e79"
DEFAULT_SECONDARY = "#f2f5f9"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate_hex_colour(value: str) -> None:
    if value and not HEX_COLOUR.match(value):
        raise ValidationError(
            _("Enter a colour as # followed by six hexadecimal digits, e.g. #1f4e79."),
            code="invalid_colour",
        )
