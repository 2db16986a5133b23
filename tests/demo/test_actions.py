"""The demo's actions: about forty over the next eight weeks, across the demo's communes."""

import datetime as dt
import re

import pytest

from demo import actions
from pages.agenda.queries import today
from pages.agenda.recurrence import PARIS
from pages.models import ActionPage, CommunePage, DepartmentPage


def demo_actions():
    """The actions of demo/actions.py (demo/volunteers.py adds two past ones for the hours)."""
    return ActionPage.objects.filter(slug__in=[spec.slug for spec in actions.ACTIONS])


@pytest.fixture
def loaded(demo):
    """How many actions load_demo published."""
    return demo.actions_saved


def test_load_publishes_about_forty_actions(loaded):
    assert loaded == len(actions.ACTIONS) >= 40
    assert demo_actions().live().count() == len(actions.ACTIONS)


def test_load_twice_changes_nothing(loaded):
    count = ActionPage.objects.count()
    assert actions.load() == 0
    assert ActionPage.objects.count() == count


def test_the_actions_fall_in_the_next_eight_weeks(loaded):
    first_day = today()
    last_day = first_day + dt.timedelta(weeks=actions.WEEKS)
    for action in demo_actions():
        day = action.start.astimezone(PARIS).date()
        assert first_day < day <= last_day, action.title
        # A series starts on its first date, as the admin form requires.
        first = action.occurrences(window_start=action.start)[0]
        assert first.start == action.start, action.title


def test_the_mix_asked_for(loaded):
    live = ActionPage.objects.live()
    assert live.exclude(rrule="").filter(rrule__startswith="FREQ=MONTHLY").count() >= 3
    cancelled = live.filter(status="cancelled")
    assert cancelled.count() == 1 and cancelled.get().cancellation_reason
    assert live.filter(all_day=True).exists()
    department_wide = [
        a
        for a in live.specific()
        if isinstance(a.get_parent().get_parent().specific, DepartmentPage)
    ]
    assert department_wide
    laval = CommunePage.objects.get(commune__code="53130")
    assert live.descendant_of(laval).count() >= 3
    communes_with_actions = {
        page.pk for page in CommunePage.objects.all() if live.descendant_of(page).exists()
    }
    assert len(communes_with_actions) == CommunePage.objects.count()


def test_contacts_are_institutional(loaded):
    for action in ActionPage.objects.all():
        assert action.contact_email.endswith(".example.org"), action.contact_email
        assert re.fullmatch(r"02 99 99 \d\d \d\d", action.contact_phone), action.contact_phone


def test_the_demo_agendas_show_them(loaded, client):
    laval = client.get("/mayenne/laval/actions/").content.decode()
    assert "Nettoyage des berges de la Mayenne" in laval
    assert "Journée départementale de l’engagement" not in laval
    assert client.get("/actions/").status_code == 200
    mayenne = client.get("/mayenne/actions/").content.decode()
    assert "Journée départementale de l" in mayenne


def test_most_actions_put_gestures_of_the_idea_box_into_practice(loaded):
    with_gestures = ActionPage.objects.filter(gestures__isnull=False).distinct()
    assert with_gestures.count() >= 30
    laval_cleaning = ActionPage.objects.get(slug="nettoyage-berges-mayenne")
    assert set(laval_cleaning.gestures.values_list("slug", flat=True)) == set(
        actions.GESTURES["nettoyage-berges-mayenne"]
    )
