"""The English source strings an editor reads in the admin's forms of some page models, collected
from the models themselves (fields' verbose names, help texts and choices, the forms' own fields,
the panels' headings and labels, inline models), so that a new field is checked without a list
to keep up to date."""

from django.db import models
from django.utils.functional import Promise
from wagtail.admin.panels import InlinePanel
from wagtail.models import Page


def _texts(*values):
    for value in values:
        if isinstance(value, Promise | str) and str(value).strip():
            yield value


def _choices(choices):
    for _value, label in choices or ():
        if isinstance(label, list | tuple):  # an optgroup
            yield from _choices(label)
        else:
            yield from _texts(label)


def _own_fields(model):
    """The fields the model declares (or inherits from an abstract model), not Wagtail's."""
    for field in model._meta.get_fields():
        if field.auto_created or not field.editable:
            continue
        if field.model is Page or field.model._meta.app_label == "wagtailcore":
            continue
        yield field


def _model_strings(model):
    yield from _texts(model._meta.verbose_name, model._meta.verbose_name_plural)
    for field in _own_fields(model):
        yield from _texts(field.verbose_name, field.help_text)
        if isinstance(field, models.Field) and field.choices:
            yield from _choices(field.choices)


def _panel_strings(panel, model):
    yield from _texts(getattr(panel, "heading", ""), getattr(panel, "help_text", ""))
    if isinstance(panel, InlinePanel):
        yield from _texts(panel.label)
        related = panel.db_field.related_model
        yield from _model_strings(related)
        for child in getattr(related, "panels", []):
            yield from _panel_strings(child.bind_to_model(related), related)
    for child in getattr(panel, "children", []):
        yield from _panel_strings(child, model)


def _form_strings(model):
    form_class = model.base_form_class
    if form_class is None:
        return
    for field in form_class.declared_fields.values():
        yield from _texts(field.label, field.help_text)
        yield from _choices(getattr(field, "choices", None))


def source_strings(model) -> set:
    """The lazy strings (or plain ones, for Wagtail's) of the model's admin form."""
    found = [
        *_model_strings(model),
        *_form_strings(model),
        *_panel_strings(model.get_edit_handler(), model),
    ]
    # Keyed by the English text: one lazy string each.
    return {str(text): text for text in found}.values()
