"""The figures of a commune, a department and the nation count an action once whatever the
languages it is translated into, and the hours given at any of its translations (a volunteer
may register on the English page): an English copy of the tree changes no figure."""

from decimal import Decimal

from django.utils import timezone

from pages.models import ActionPage
from pages.translations import translate
from volunteers import hours
from volunteers.models import Registration

from .conftest import make_volunteer
from .test_hours import FIGURES, past_action  # noqa: F401 (a fixture)


def give(volunteer, action, given: str) -> None:
    registration = Registration.objects.create(
        volunteer=volunteer, action=action, status="registered", requested_at=timezone.now()
    )
    hours.record_hours(registration, Decimal(given))


def test_a_translated_action_counts_once_and_its_hours_count(
    client,
    laval,
    laval_page,
    home_page,
    past_action,  # noqa: F811
):
    for page in (home_page, laval_page.get_parent().specific, laval_page):
        translate(page, "en", {})
    translate(past_action.get_parent().specific, "en", {})
    english = translate(past_action, "en", {"Nettoyage passé": "Past clean-up"})
    if not english.live:
        english.get_latest_revision().publish()
    assert ActionPage.objects.get(pk=english.pk).live

    give(make_volunteer(laval, 1), past_action, "2")
    give(make_volunteer(laval, 2), ActionPage.objects.get(pk=english.pk), "1.5")

    expected = {"volunteers": 2, "actions": 1, "hours": 3.5}
    laval_figures = client.get(f"{FIGURES}?commune=53130").json()
    assert {key: laval_figures[key] for key in expected} == expected
    mayenne = client.get(f"{FIGURES}?department=53").json()
    assert {key: mayenne[key] for key in expected} == expected
    assert client.get(FIGURES).json() == expected
