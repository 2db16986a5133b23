"""The hours given after an action, and the figures of a commune, a department, the nation:
on the public pages and in /api/v2/figures/, aggregates only."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_q.models import Schedule

from core.schedules import FOLLOW_UPS as FOLLOW_UPS_SCHEDULE_NAME
from helprequests.models import HelpRequest
from volunteers import hours, services
from volunteers.models import Registration

from .conftest import make_volunteer

FIGURES = "/api/v2/figures/"


@pytest.fixture
def past_action(make_action):
    action = make_action(slug="passee", title="Nettoyage passé")
    ended = timezone.now() - dt.timedelta(hours=5)
    type(action).objects.filter(pk=action.pk).update(
        start=ended - dt.timedelta(hours=2, minutes=30), end=ended
    )
    action.refresh_from_db()
    return action


def test_after_the_action_those_who_came_are_asked_their_hours(client, laval, past_action):
    alice, bob = make_volunteer(laval, 1), make_volunteer(laval, 2)
    Registration.objects.create(
        volunteer=alice, action=past_action, status="registered", requested_at=timezone.now()
    )
    Registration.objects.create(
        volunteer=bob, action=past_action, status="waiting", requested_at=timezone.now()
    )

    assert hours.send_follow_ups() == 1
    assert hours.send_follow_ups() == 0  # once
    message = mail.outbox[-1]
    assert message.to == [alice.email]
    assert "Combien de temps avez-vous donné" in message.subject
    link = re.search(r"http://testserver(/je-participe/heures/\S+/)", message.body)[1]

    form = client.get(link)
    assert form.status_code == 200
    assert 'value="2.5"' in form.content.decode()  # the action's duration
    response = client.post(link, {"hours": "2"})
    assert "2 h données à « Nettoyage passé »" in response.content.decode()
    assert Registration.objects.get(volunteer=alice).hours == Decimal(2)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "supérieure ou égale à 0.5"),
        ("30", "inférieure ou égale à 12"),
        ("deux", "Saisissez un nombre."),
    ],
)
def test_bad_hours_are_explained_and_change_nothing(client, laval, past_action, value, message):
    alice = make_volunteer(laval, 1)
    registration = Registration.objects.create(
        volunteer=alice, action=past_action, status="registered", requested_at=timezone.now()
    )
    link = hours.hours_url(registration).removeprefix("http://testserver")
    response = client.post(link, {"hours": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    registration.refresh_from_db()
    assert registration.hours is None


def test_an_altered_hours_link_is_refused(client, db):
    response = client.get("/je-participe/heures/pas-un-jeton/")
    assert response.status_code == 400


def test_follow_ups_are_scheduled_every_hour(db):
    schedule = Schedule.objects.get(name=FOLLOW_UPS_SCHEDULE_NAME)
    assert schedule.func == "volunteers.jobs.send_follow_ups"
    assert schedule.schedule_type == Schedule.HOURLY


def test_the_figures_of_the_commune_the_department_and_the_nation(
    client, laval, quimper, laval_page, quimper_page, past_action
):
    alice, bob = make_volunteer(laval, 1), make_volunteer(laval, 2)
    make_volunteer(laval, 3, confirmed=False)  # not counted
    make_volunteer(quimper, 4)
    for volunteer, given in ((alice, "2"), (bob, "1.5")):
        registration = Registration.objects.create(
            volunteer=volunteer,
            action=past_action,
            status="registered",
            requested_at=timezone.now(),
        )
        hours.record_hours(registration, Decimal(given))
    HelpRequest.objects.create(
        commune=laval, need="Une aide.", channel="phone", status="closed", hours=Decimal(3)
    )

    laval_figures = client.get(f"{FIGURES}?commune=53130").json()
    assert laval_figures == {
        "volunteers": 2,
        "actions": 1,
        "hours": 6.5,
        "scope": {"code": "53130", "name": "Laval"},
    }
    assert client.get(f"{FIGURES}?department=53").json()["hours"] == 6.5
    nation = client.get(FIGURES).json()
    assert nation == {"volunteers": 3, "actions": 1, "hours": 6.5}
    quimper_figures = client.get(f"{FIGURES}?commune=29232").json()
    assert (quimper_figures["volunteers"], quimper_figures["hours"]) == (1, 0)
    # Aggregates only: nobody's name.
    assert "Prénom" not in client.get(f"{FIGURES}?commune=53130").content.decode()
    # And on the commune's page.
    cache.clear()
    page = client.get(laval_page.url).content.decode()
    assert "L'Heure Civique en chiffres" in page
    assert "<strong>6,5</strong> heures données" in page  # French decimals


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("commune=99999", "Aucune commune n'a le code INSEE 99999."),
        ("department=999", "Aucun département n'a le code 999."),
    ],
)
def test_unknown_places_get_a_message(client, db, query, message):
    response = client.get(f"{FIGURES}?{query}")
    assert response.status_code == 400
    assert response.json() == {"message": message}


def test_the_figures_run_the_same_queries_for_few_or_many(client, laval, past_action):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{FIGURES}?commune=53130").status_code == 200
        return len(queries)

    few = count()
    for number in range(30):
        volunteer = make_volunteer(laval, 10 + number)
        registration = services.register(volunteer, past_action)
        hours.record_hours(registration, Decimal(1))
    assert count() == few
