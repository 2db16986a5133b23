"""The `date` filter of every template (a builtin: cms/settings/base.py), Django's own but for
the first of the month, "1er" in French (core/dates.py)."""

from django import template
from django.utils import dateformat

from core.dates import date_text

register = template.Library()


@register.filter("date", expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if value in (None, ""):
        return ""
    try:
        return date_text(value, arg)
    except AttributeError:  # a time, or something that is no date: as Django's filter does
        try:
            return dateformat.format(value, arg)
        except AttributeError:
            return ""
