"""The monthly hour: only actions with places left, in the volunteer's commune or nearby (its
department), matching their gestures and availability, nearest first; a link registers in one
click; else a gesture of the idea box; one a month, an opt-out in the space; a batch's queries
do not grow with the number of volunteers; the job runs on the 1st of each month."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_q.models import Schedule

from core import schedules
from mailings import monthly
from mailings.models import MonthlyHour
from pages.agenda.queries import ensure_action_index
from pages.models import ActionPage
from tests.factories.volunteers import RegistrationFactory
from tests.volunteers.conftest import make_volunteer
from tests.volunteers.test_space import space_path
from volunteers.models import Registration

from .conftest import bulk_volunteers, links_of

pytestmark = pytest.mark.django_db


def saturday_morning(weeks=1):
    """A Saturday at 10:00, Paris time, within the coming weeks."""
    day = timezone.localdate() + timedelta(days=7 * weeks)
    day += timedelta(days=(5 - day.weekday()) % 7)
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10, 0))


def add_action(index, title, slug, *, gestures=(), capacity=10, start=None):
    start = start or saturday_morning()
    action = ActionPage(
        title=title,
        slug=slug,
        description="Une action près de chez vous.",
        kind="collective",
        start=start,
        end=start + timedelta(hours=2),
        capacity=capacity,
        registration_required=True,
        address="Place de la mairie",
    )
    index.add_child(instance=action)
    action.gestures.set(gestures)
    action.save_revision().publish()  # as an editor does: the occurrences table follows
    return ActionPage.objects.get(pk=action.pk)


@pytest.fixture
def actions(laval, laval_actions, chateau_gontier_page, quimper_page, gestures):
    garden, errands = gestures[2], gestures[0]
    full = add_action(laval_actions, "Complet", "complet", gestures=[garden], capacity=1)
    RegistrationFactory(volunteer=make_volunteer(laval, 99), action=full)
    return {
        "laval": add_action(laval_actions, "Jardin partagé de Laval", "jardin", gestures=[garden]),
        "laval_other_gesture": add_action(
            laval_actions, "Courses à Laval", "courses", gestures=[errands]
        ),
        "full": full,
        "nearby": add_action(
            ensure_action_index(chateau_gontier_page),
            "Jardin de Château-Gontier",
            "jardin-cg",
            gestures=[garden],
        ),
        "far": add_action(
            ensure_action_index(quimper_page), "Jardin de Quimper", "jardin-q", gestures=[garden]
        ),
    }


def test_it_proposes_only_near_matching_actions_with_places_left_nearest_first(
    client, laval, gestures, actions
):
    volunteer = make_volunteer(laval, 1, availability=",weekend-morning,")
    volunteer.gestures.set([gestures[2]])
    mail.outbox.clear()

    assert monthly.send_monthly_hour() >= 1

    message = next(m for m in mail.outbox if m.to == [volunteer.email])
    assert message.subject == "Votre heure ce mois-ci"
    body = message.body
    assert "Jardin partagé de Laval" in body
    assert "Jardin de Château-Gontier" in body
    assert body.index("Jardin partagé de Laval") < body.index("Jardin de Château-Gontier")
    for absent in ("Complet", "Courses à Laval", "Jardin de Quimper"):
        assert absent not in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The link registers in one click (a button: a GET registers nothing).
    link = next(url for url in links_of(message) if "/je-participe/inscription/" in url)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 200
    assert Registration.objects.get(volunteer=volunteer).action_id == actions["laval"].pk


def test_outside_their_availability_an_action_is_not_proposed(laval, gestures, actions):
    volunteer = make_volunteer(laval, 1, availability=",weekday-evening,")
    volunteer.gestures.set([gestures[2]])
    mail.outbox.clear()
    monthly.send_monthly_hour()
    body = next(m for m in mail.outbox if m.to == [volunteer.email]).body
    assert "Jardin" not in body
    assert "Arroser un jardin" in body  # their gesture, from the idea box, to do on their own


def test_one_a_month_and_never_to_who_turned_it_off(laval, gestures, actions):
    wants = make_volunteer(laval, 1)
    no_thanks = make_volunteer(laval, 2, monthly_hour=False)
    stopped = make_volunteer(laval, 3, emails_stopped_at=timezone.now())
    mail.outbox.clear()

    monthly.send_monthly_hour()
    monthly.send_monthly_hour()

    received = [m.to[0] for m in mail.outbox if "heure" in m.subject]
    assert received.count(wants.email) == 1
    assert no_thanks.email not in received
    assert stopped.email not in received
    assert MonthlyHour.objects.get(volunteer=wants).month == timezone.localdate().replace(day=1)
    with time_machine.travel(timezone.now() + timedelta(days=32)):
        monthly.send_monthly_hour()
    assert MonthlyHour.objects.filter(volunteer=wants).count() == 2


def test_the_space_turns_it_off_and_changes_the_language(client, laval):
    volunteer = make_volunteer(laval, 1)
    response = client.post(
        space_path(volunteer) + "profil/",
        {
            "first_name": "Camille",
            "last_name": "Durand",
            "phone": "",
            "language": "en",
            "skills": "",
        },
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.monthly_hour, volunteer.language) == (False, "en")


def test_a_batch_runs_as_many_queries_among_10000_volunteers_as_among_100(
    laval, gestures, actions, monkeypatch
):
    monkeypatch.setattr(monthly, "BATCH_SIZE", 25)
    now = timezone.now()

    def bulk(count, start):
        bulk_volunteers(laval, count, start, gesture=gestures[2])

    month = monthly.month_of(now)
    candidates = monthly.candidates(now)
    idea_box = list(monthly.Gesture.objects.filter(live=True).select_related("locale"))
    themes = {}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert monthly.send_batch(month, candidates, idea_box, themes) == 25
        return len(captured)

    bulk(100, 0)
    queries()  # Laval's colours, read once per run
    MonthlyHour.objects.all().delete()
    with_few = queries()
    bulk(9_900, 100)
    assert queries() == queries() == with_few


def test_choosing_the_actions_runs_a_fixed_number_of_queries(
    django_assert_max_num_queries, actions
):
    with django_assert_max_num_queries(12):
        found = monthly.candidates(timezone.now())
    assert {c.title for c in found} == {
        "Jardin partagé de Laval",
        "Courses à Laval",
        "Jardin de Château-Gontier",
        "Jardin de Quimper",
    }


def test_the_monthly_job_is_scheduled_on_the_first_of_the_month_at_nine():
    schedule = Schedule.objects.get(name=schedules.MONTHLY_HOUR)
    assert (schedule.func, schedule.schedule_type) == (
        "mailings.jobs.send_monthly_hour",
        Schedule.MONTHLY,
    )
    next_run = timezone.localtime(schedule.next_run)
    assert (next_run.day, next_run.hour, next_run.minute) == (1, 9, 0)
    assert timezone.now() < next_run <= timezone.now() + timedelta(days=31)
