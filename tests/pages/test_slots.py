"""The places of the pages' templates that the apps above fill (pages/slots.py): every place is
filled by an installed app, in the order the apps are installed, and a place nobody fills shows
nothing; a misspelt place is an error, not a silent gap."""

import pytest
from django.template import Context, Template
from wagtail import hooks

from pages import slots

pytestmark = pytest.mark.django_db


def test_every_place_is_filled_by_an_installed_app():
    for name in slots.SLOTS:
        assert slots.templates_for(name), name
    assert slots.templates_for("department-links") == [
        "kits/includes/press_link.html",  # kits is installed before practices
        "practices/includes/department_library_link.html",
    ]


def test_a_misspelt_place_is_an_error():
    with pytest.raises(slots.UnknownSlot):
        slots.templates_for("figure")


def test_a_place_nobody_fills_shows_nothing(monkeypatch):
    monkeypatch.setattr(hooks, "get_hooks", lambda name: [])
    template = Template('{% load page_slots %}[{% page_slot "commune-links" %}]')
    assert template.render(Context({})) == "[]"


def test_a_place_renders_its_templates_with_the_context_and_the_values_given(monkeypatch):
    def filled(name):
        return [lambda: [("commune-links", "pages/includes/initiative_list.html")]]

    monkeypatch.setattr(hooks, "get_hooks", filled)
    template = Template(
        '{% load page_slots %}{% page_slot "commune-links" initiatives=found %}'
        "<p>{{ initiatives }}</p>"
    )
    html = template.render(Context({"found": []}))
    assert '<ul class="card-list initiative-list">' in html
    assert html.endswith("<p></p>")  # the values given stay inside the place
