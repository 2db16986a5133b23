"""Dates as French writes them (core/dates.py): "1er" for the first of the month, in every
template's `date` filter and in the code that writes dates; other days and other languages as
Django writes them."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from core.dates import date_text, first_of_month


def rendered(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "pattern", "french", "english"),
    [
        (dt.date(2027, 5, 1), "l j F Y", "Samedi 1er mai 2027", "Saturday 1 May 2027"),
        (dt.date(2027, 5, 2), "l j F Y", "Dimanche 2 mai 2027", "Sunday 2 May 2027"),
        (dt.date(2027, 5, 11), "j F", "11 mai", "11 May"),
        (dt.date(2027, 1, 1), None, "1er janvier 2027", "Jan. 1, 2027"),  # DATE_FORMAT
        (dt.date(2027, 1, 1), "d/m/Y", "01/01/2027", "01/01/2027"),  # no day in letters
        (dt.date(2027, 1, 1), r"\j j", "j 1er", "j 1"),  # an escaped letter stays a letter
    ],
)
def test_the_first_of_the_month_is_1er_in_french_only(value, pattern, french, english):
    with translation.override("fr"):
        assert date_text(value, pattern) == french
    with translation.override("en"):
        assert date_text(value, pattern) == english


def test_every_template_writes_1er_without_loading_anything():
    first = dt.datetime(2027, 5, 1, 8, 30, tzinfo=dt.UTC)  # 10:30 in Paris
    with translation.override("fr"), timezone.override("Europe/Paris"):
        assert rendered('{{ day|date:"l j F Y, H:i" }}', day=first) == "Samedi 1er mai 2027, 10:30"
        # The day is the one in Paris: 23:30 UTC on 30 April is already 1 May there.
        late = dt.datetime(2027, 4, 30, 23, 30, tzinfo=dt.UTC)
        assert rendered('{{ day|date:"j F" }}', day=late) == "1er mai"
        assert rendered('{{ day|date:"j F" }}', day=dt.date(2027, 5, 3)) == "3 mai"
        assert rendered("{{ day|date }}", day=dt.date(2027, 5, 1)) == "1er mai 2027"
        # What Django's filter does with other values, it still does.
        assert rendered('{{ day|date:"H:i" }}', day=dt.time(9, 5)) == "09:05"
        assert rendered('{{ day|date:"j" }}', day="") == ""
        assert rendered('{{ day|date:"j" }}', day="pas une date") == ""
        assert rendered('{{ day|date:"j" }}', day=None) == ""


def test_first_of_month_marks_each_unescaped_day():
    assert first_of_month("j F") == r"j\e\r F"
    assert first_of_month(r"\j\\j") == r"\j\\j\e\r"
