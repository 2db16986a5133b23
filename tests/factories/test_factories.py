"""Each factory of the agendas, actions and initiatives, and each trait, builds a valid page at
its place in the tree."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pages.models import ActionIndexPage, ActionPage, InitiativeIndexPage
from tests.factories.pages import (
    ActionIndexPageFactory,
    ActionPageFactory,
    CommunePageFactory,
    InitiativeIndexPageFactory,
    InitiativePageFactory,
)
from tests.factories.volunteers import VolunteerFactory
from volunteers import services as volunteers
from volunteers.models import Registration

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def valid(page):
    """`page` as saved, after the checks the admin runs before saving it."""
    page = type(page).objects.get(pk=page.pk)
    page.full_clean()
    return page


def starts(action: ActionPage) -> list[dt.datetime]:
    return [occurrence.local_start for occurrence in action.occurrences()]


def test_action_index_page_factory_builds_one_agenda_per_territory(home_page):
    agenda = valid(ActionIndexPageFactory())
    assert agenda.get_parent().specific == home_page
    assert agenda.url_path == "/accueil/actions/"
    assert ActionIndexPageFactory() == agenda
    commune_agenda = ActionIndexPageFactory(parent=CommunePageFactory())
    assert commune_agenda != agenda
    assert ActionIndexPage.objects.count() == 2


def test_action_page_factory_builds_a_one_off_action_to_come(home_page):
    action = valid(ActionPageFactory())
    assert isinstance(action.get_parent().specific, ActionIndexPage)
    assert action.live and action.status == "scheduled"
    assert action.rrule == "" and len(starts(action)) == 1
    assert action.start > dt.datetime.now(dt.UTC)
    assert action.capacity is None


def test_weekly_trait_repeats_the_action_every_week(home_page):
    action = valid(ActionPageFactory(weekly=True))
    assert action.rrule.startswith("FREQ=WEEKLY;BYDAY=")
    dates = starts(action)
    assert len(dates) == 8
    first = dates[0].date()
    assert [date.date() for date in dates] == [first + dt.timedelta(weeks=n) for n in range(8)]
    assert {date.time() for date in dates} == {dt.time(10)}  # 10:00 in Paris, summer or winter


def test_monthly_trait_repeats_the_action_on_the_first_such_weekday(home_page):
    action = valid(ActionPageFactory(monthly=True))
    assert action.rrule.startswith("FREQ=MONTHLY;BYDAY=1")
    dates = starts(action)[1:]  # the first one is the start itself, whatever its day
    assert len(dates) >= 5
    weekday = action.start.astimezone(PARIS).weekday()
    assert all(date.weekday() == weekday and date.day <= 7 for date in dates)
    assert len({(date.year, date.month) for date in dates}) == len(dates)


def test_cancelled_trait_cancels_the_action_with_a_reason(home_page):
    action = valid(ActionPageFactory(cancelled=True))
    assert action.status == "cancelled"
    assert action.cancellation_reason


def test_full_trait_takes_every_place(home_page):
    action = valid(ActionPageFactory(full=True))
    assert action.registration_required and action.capacity == 2
    taken = action.registrations.filter(status=Registration.Status.REGISTERED)
    assert taken.count() == action.capacity
    late = volunteers.register(VolunteerFactory(), action)
    assert late.status == Registration.Status.WAITING


def test_traits_combine(home_page):
    action = valid(ActionPageFactory(weekly=True, full=True))
    assert action.rrule.startswith("FREQ=WEEKLY") and action.registrations.count() == 2


def test_initiative_index_page_factory_builds_one_per_territory(home_page):
    index = valid(InitiativeIndexPageFactory())
    assert index.get_parent().specific == home_page
    assert InitiativeIndexPageFactory() == index


def test_initiative_page_factory_builds_a_live_initiative(home_page):
    initiative = valid(InitiativePageFactory())
    assert isinstance(initiative.get_parent().specific, InitiativeIndexPage)
    assert initiative.live and initiative.summary
    assert initiative.submitted_by_email.endswith("@exemple.invalid")
