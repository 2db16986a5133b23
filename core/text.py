"""Single-line text: a title, a name or a place is one line, whoever typed it. A line break in
one would split an e-mail's header or greeting, a calendar's SUMMARY or a CSV row, so the forms
refuse it with a message (browsers strip line breaks from text inputs: only a scripted post
carries one), and what is written from older data is put on one line anyway (`one_line`)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Everything Python's str.splitlines() breaks on: CR, LF, VT, FF, the file/group/record
# separators, NEL and the Unicode line and paragraph separators.
LINE_BREAK = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def one_line(value: str) -> str:
    """`value` with each run of line breaks and spaces around them turned into one space."""
    return re.sub(r"\s*(?:" + LINE_BREAK.pattern + r")\s*", " ", value).strip()


def validate_single_line(value) -> None:
    """Refuses a text holding a line break, with a message in the user's language."""
    if isinstance(value, str) and LINE_BREAK.search(value):
        raise ValidationError(
            _("Write this on one line: line breaks are not allowed here."), code="line_break"
        )


def is_single_line(field: forms.Field) -> bool:
    """A text field drawn as a one-line input (not a text area, not hidden)."""
    return isinstance(field, forms.CharField) and isinstance(field.widget, forms.TextInput)


class SingleLineFieldsMixin:
    """For a form: each of its one-line text fields refuses line breaks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if is_single_line(field) and validate_single_line not in field.validators:
                field.validators.append(validate_single_line)


def refuse_line_breaks_in_admin() -> None:
    """Every form of Wagtail's admin (pages, snippets, images, documents, settings) built from a
    model's CharField gets the validator: a title saved by a scripted post cannot hold a line
    break. Called once, by core's `ready()`."""
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(models.CharField, override={"validators": [validate_single_line]})
