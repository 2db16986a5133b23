"""A set of choices stored in one text column, filterable on SQLite and PostgreSQL alike.

The values are kept as `,home,outdoors,` (in the order of the choices): a filter for one value is
the bounded pattern `,home,` (see `ChoiceSetField.lookup`), which the `contains` lookup of every
database understands (its pattern is not prepared by the field), unlike `__contains` on a
JSONField, which SQLite does not support.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SEPARATOR = ","


class ChoiceSetField(models.CharField):
    """A list of values taken from `options` (a list of (value, label) pairs)."""

    def __init__(self, *args, options: Iterable[tuple[str, str]] = (), **kwargs):
        self.options = list(options)
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["options"] = self.options
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        if kwargs.get("max_length") == 255:
            del kwargs["max_length"]
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    @property
    def values(self) -> list[str]:
        return [value for value, _label in self.options]

    def to_list(self, value) -> list[str]:
        if value is None or value == "":
            return []
        items = value.split(SEPARATOR) if isinstance(value, str) else list(value)
        chosen = {str(item).strip() for item in items if str(item).strip()}
        known = [item for item in self.values if item in chosen]
        unknown = sorted(chosen.difference(known))
        return known + unknown

    def from_db_value(self, value, expression, connection):
        return self.to_list(value)

    def to_python(self, value):
        return self.to_list(value)

    def get_prep_value(self, value):
        items = self.to_list(value)
        if not items:
            return ""
        return SEPARATOR + SEPARATOR.join(items) + SEPARATOR

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        items = self.to_list(value)
        if not items and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        unknown = [item for item in items if item not in self.values]
        if unknown:
            raise ValidationError(
                _("Unknown value: %(value)s."), code="invalid_choice", params={"value": unknown[0]}
            )

    def run_validators(self, value):
        # The stored string's length is bounded by the options themselves.
        return None

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.options,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for name in ("max_length", "empty_value", "choices_form_class"):
            defaults.pop(name, None)
        return form_class(**defaults)

    def lookup(self, value: str) -> Q:
        """The filter for the rows whose set holds `value`."""
        return Q(**{f"{self.name}__contains": SEPARATOR + value + SEPARATOR})
