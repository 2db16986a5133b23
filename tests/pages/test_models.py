"""Rules of the territory pages: themes inherited from above, colour contrast, a commune under
its own department."""

import pytest
from django.core.exceptions import ValidationError

from core.colours import DEFAULT_PRIMARY, DEFAULT_SECONDARY
from pages.models import CommunePage
from tests.factories.pages import CommunePageFactory, DepartmentPageFactory, ImageFactory
from tests.factories.territories import CommuneFactory, DepartmentFactory


def test_a_commune_without_colours_takes_its_departments(themed_laval_page, themed_mayenne_page):
    theme = themed_laval_page.theme()
    assert theme.primary == "#0b5e3c"
    assert theme.secondary == "#e8f3ee"


def test_a_commune_with_its_own_colours_keeps_them(themed_laval_page):
    themed_laval_page.primary_colour = "#7a1f5c"
    themed_laval_page.save()
    theme = CommunePage.objects.get(pk=themed_laval_page.pk).theme()
    assert theme.primary == "#7a1f5c"
    # What it doesn't set still comes from the department.
    assert theme.secondary == "#e8f3ee"


def test_a_department_without_colours_has_the_national_defaults(home_page):
    theme = DepartmentPageFactory().theme()
    assert (theme.primary, theme.secondary) == (DEFAULT_PRIMARY, DEFAULT_SECONDARY)


def test_a_commune_without_logo_shows_its_departments(themed_laval_page, themed_mayenne_page):
    logo = ImageFactory(title="Logo Mayenne")
    themed_mayenne_page.logo = logo
    themed_mayenne_page.save()
    assert themed_laval_page.theme().logo == logo


def test_a_stored_colour_that_fails_contrast_is_never_drawn(themed_laval_page):
    # Written without the admin (e.g. an import): the theme skips it rather than draw it.
    CommunePage.objects.filter(pk=themed_laval_page.pk).update(primary_colour="#ffcc00")
    assert CommunePage.objects.get(pk=themed_laval_page.pk).theme().primary == "#0b5e3c"


def test_theme_css_sets_both_custom_properties(themed_laval_page):
    assert (
        themed_laval_page.theme().css == "--colour-primary: #0b5e3c; --colour-secondary: #e8f3ee;"
    )


def test_a_too_light_primary_colour_is_refused_with_a_darker_suggestion(themed_laval_page):
    themed_laval_page.primary_colour = "#ffcc00"
    with pytest.raises(ValidationError) as error:
        themed_laval_page.full_clean()
    (message,) = error.value.message_dict["primary_colour"]
    assert "1.51:1" in message
    assert "#8f7200" in message


def test_a_too_dark_secondary_colour_is_refused_with_a_lighter_suggestion(themed_laval_page):
    themed_laval_page.secondary_colour = "#333333"
    with pytest.raises(ValidationError) as error:
        themed_laval_page.full_clean()
    assert "lighter" in error.value.message_dict["secondary_colour"][0]


def test_a_malformed_colour_gets_the_format_message_only(themed_laval_page):
    themed_laval_page.primary_colour = "red"
    with pytest.raises(ValidationError) as error:
        themed_laval_page.full_clean()
    assert error.value.message_dict["primary_colour"] == [
        "Enter a colour as # followed by six hexadecimal digits, e.g. #1f4e79."
    ]


def test_readable_colours_are_accepted(themed_laval_page):
    themed_laval_page.primary_colour = "#8F7200"
    themed_laval_page.secondary_colour = "#fff4cc"
    themed_laval_page.full_clean()


def test_a_commune_page_must_be_under_its_own_department(themed_laval_page, home_page):
    sarthe_commune = CommuneFactory(
        code="72181", name="Le Mans", slug="le-mans", department=DepartmentFactory(code="72")
    )
    themed_laval_page.commune = sarthe_commune
    with pytest.raises(ValidationError) as error:
        themed_laval_page.full_clean()
    assert "is not in the department of Mayenne" in error.value.message_dict["commune"][0]


def test_a_commune_has_one_page_per_language(themed_laval_page):
    duplicate = CommunePageFactory.build(
        commune=themed_laval_page.commune, title="Laval bis", slug="laval-bis"
    )
    with pytest.raises(ValidationError) as error:
        themed_laval_page.get_parent().add_child(instance=duplicate)
    assert "already has its page" in error.value.message_dict["commune"][0]
