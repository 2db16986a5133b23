"""The admin's forms of actions, communes, departments, news, the accessibility statement and the
site map are entirely in French for an
administrator whose admin language is French: every English source string of these models and
forms has its translation, and none appears on the rendered forms, nor in the recurrence's
errors."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.users.models import UserProfile

from pages.models import (
    AccessibilityStatementPage,
    ActionPage,
    CommunePage,
    DepartmentPage,
    NewsPage,
    SitemapPage,
)

from .admin_forms import action_form
from .admin_strings import source_strings

MODELS = (ActionPage, CommunePage, DepartmentPage, NewsPage, AccessibilityStatementPage)


@pytest.fixture
def french_admin_client(client, administrator):
    UserProfile.objects.update_or_create(user=administrator, defaults={"preferred_language": "fr"})
    client.force_login(administrator)
    return client


def form_texts(html: str) -> set[str]:
    """The text an editor reads in the page's form (Wagtail's side panels, outside it, are
    Wagtail's): its text nodes outside scripts and styles, normalised."""
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    assert form is not None
    return {
        normalise(text)
        for text in form.find_all(string=True)
        if text.parent.name not in ("script", "style")
    }


def normalise(text: str) -> str:
    return " ".join(text.split()).rstrip(":*").strip().casefold()


def english_strings(models) -> dict[str, str]:
    """English source → French, for the strings whose French differs (a word such as "date"
    or "contact" is the same in both languages)."""
    strings = {}
    for model in models:
        for text in source_strings(model):
            with translation.override("en"):
                english = str(text)
            with translation.override("fr"):
                french = str(text)
            if normalise(english) != normalise(french):
                strings[normalise(english)] = english
    return strings


def untranslated_on(html: str, models) -> list[str]:
    texts = form_texts(html)
    return sorted(english for key, english in english_strings(models).items() if key in texts)


def catalog_key(text) -> str:
    """The key of `text` in a gettext catalogue: "context\x04message" for a string marked with
    a context (pgettext_lazy keeps both among its arguments), else the message."""
    args = getattr(text, "_args", ())
    if len(args) == 2 and all(isinstance(arg, str) for arg in args):
        return f"{args[0]}\x04{args[1]}"
    with translation.override("en"):
        return str(text)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_source_string_of_the_admin_form_has_its_french_translation(model):
    catalog = trans_real.translation("fr")._catalog
    strings = sorted({catalog_key(text) for text in source_strings(model)})
    assert len(strings) > 5  # the collector found the fields
    assert [text for text in strings if text not in catalog] == []


def test_the_collector_finds_the_fields_panels_and_choices_of_actions():
    with translation.override("en"):
        strings = {str(text) for text in source_strings(ActionPage)}
    # A field's name and help, a choice, a panel's heading, the form's own field, an inline.
    assert {"start", "Date and time in Paris time.", "Every week", "Repeats", "Monday"} <= strings
    assert {"Cancelled occurrences", "The date of the occurrence that won't happen."} <= strings


def admin_html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fr"' in html
    return html


def test_the_action_forms_are_in_french(french_admin_client, agenda_tree, add_action, agenda_now):
    index = agenda_tree["laval"]
    action = add_action(index, "Jardin du samedi", agenda_now, recurrence_frequency="weekly")
    add = admin_html(
        french_admin_client,
        reverse("wagtailadmin_pages:add", args=["pages", "actionpage", index.pk]),
    )
    edit = admin_html(french_admin_client, reverse("wagtailadmin_pages:edit", args=[action.pk]))
    assert "Répétition" in edit and "Toutes les semaines" in edit
    assert "Ajouter : date annulée" in add  # the inline's button (locale/fr: no "un(e)")
    assert untranslated_on(add, [ActionPage]) == []
    assert untranslated_on(edit, [ActionPage]) == []


def test_the_news_forms_are_in_french(french_admin_client, laval_news):
    index = laval_news.get_parent()
    add = admin_html(
        french_admin_client, reverse("wagtailadmin_pages:add", args=["pages", "newspage", index.pk])
    )
    edit = admin_html(french_admin_client, reverse("wagtailadmin_pages:edit", args=[laval_news.pk]))
    assert untranslated_on(add, [NewsPage]) == []
    assert untranslated_on(edit, [NewsPage]) == []


def test_the_commune_and_department_forms_are_in_french(french_admin_client, themed_laval_page):
    # Territory pages are created through onboarding only: their form is the edit form.
    department = themed_laval_page.get_parent()
    for page, model in ((themed_laval_page, CommunePage), (department, DepartmentPage)):
        html = admin_html(french_admin_client, reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert untranslated_on(html, [model]) == []


def test_the_accessibility_statement_and_site_map_forms_are_in_french(
    french_admin_client, home_page
):
    from .test_legal import add_statement

    add = admin_html(
        french_admin_client,
        reverse(
            "wagtailadmin_pages:add", args=["pages", "accessibilitystatementpage", home_page.pk]
        ),
    )
    assert "Taux de conformité (%)" in add and "partiellement conforme" in add
    assert untranslated_on(add, [AccessibilityStatementPage]) == []
    sitemap = admin_html(
        french_admin_client,
        reverse("wagtailadmin_pages:add", args=["pages", "sitemappage", home_page.pk]),
    )
    assert untranslated_on(sitemap, [SitemapPage]) == []
    statement = add_statement(home_page)
    edit = admin_html(french_admin_client, reverse("wagtailadmin_pages:edit", args=[statement.pk]))
    assert "voies de recours (Défenseur des droits)" in edit  # the contact panel's help
    assert untranslated_on(edit, [AccessibilityStatementPage]) == []


@pytest.mark.parametrize(
    ("changes", "french", "english"),
    [
        (
            {"recurrence_until": "2027-06-30", "recurrence_count": "4"},
            "Donnez une date de fin ou un nombre de fois, pas les deux.",
            "Give an end date or a number of times, not both.",
        ),
        (
            {"recurrence_until": "2027-01-01"},
            "La répétition se termine avant la première date.",
            "The repetition ends before the first date.",
        ),
        (
            # 6 March 2027 is a Saturday: a series on Mondays would start on the 8th.
            {"recurrence_weekdays": ["MO"]},
            "Une série commence à sa première date",
            "A series starts on its first date",
        ),
        (
            {"end": "2027-03-06 09:00"},
            "Une action se termine après son début.",
            "An action ends after it starts.",
        ),
    ],
)
def test_an_invalid_recurring_action_is_explained_in_french(
    french_admin_client, agenda_tree, changes, french, english
):
    index = agenda_tree["laval"]
    response = french_admin_client.post(
        reverse("wagtailadmin_pages:add", args=["pages", "actionpage", index.pk]),
        action_form(**changes),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not ActionPage.objects.exists()
    assert french in html
    assert english not in html
    assert untranslated_on(html, [ActionPage]) == []
