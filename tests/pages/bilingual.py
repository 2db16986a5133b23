"""Laval's agenda in French and English, for the tests of the feeds and the API in English
(issue 21): a translated action with a gesture of a translated category, and an action left
in French; and a translation published as a reviewer would (`published_translation`)."""

import datetime as dt

from pages.agenda.recurrence import PARIS
from pages.translations import translate
from tests.factories.snippets import GestureCategoryFactory, GestureFactory


def bilingual_laval(agenda_tree, add_action, home_page, year: int = 2027) -> dict:
    garden = GestureCategoryFactory(name="Jardin partagé", slug="jardin")
    translate(garden, "en", {"Jardin partagé": "Shared garden"})
    planting = add_action(
        agenda_tree["laval"],
        "Plantation de haies",
        dt.datetime(year, 3, 10, 10, tzinfo=PARIS),
        kind="collective",
        slug="plantation",
        description="Planter des haies le long du chemin.",
        address="Chemin des Écoliers",
    )
    planting.gestures.set([GestureFactory(category=garden)])
    planting.save_revision().publish()
    french_only = add_action(
        agenda_tree["laval"],
        "Courses partagées",
        dt.datetime(year, 3, 11, 10, tzinfo=PARIS),
        kind="neighbourly",
        slug="courses",
        publish=True,
    )
    for page in (home_page, agenda_tree["themed_mayenne_page"], agenda_tree["themed_laval_page"]):
        translate(page, "en", {})
    translate(agenda_tree["laval"], "en", {})
    english = translate(
        planting,
        "en",
        {
            "Plantation de haies": "Hedge planting",
            "Planter des haies le long du chemin.": "Planting hedges along the path.",
            "Chemin des Écoliers": "Schoolchildren's Lane",
        },
    )
    return {"planting": planting, "english": english, "french_only": french_only}


def published_translation(instance, strings: dict):
    """In English; a moderated kind's translation (a gesture) published as its reviewer would."""
    translated = translate(instance, "en", strings)
    if not getattr(translated, "live", True):
        translated.get_latest_revision().publish(skip_permission_checks=True)
        translated.refresh_from_db()
    return translated
