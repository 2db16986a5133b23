"""A volunteer's own calendar (/agenda/perso/<token>.ics) and the reminder the day before,
with the action as an .ics attachment: the same UIDs as the public feeds, nobody's name."""

import datetime as dt
import re

from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django_q.models import Schedule
from icalendar import Calendar

from core.schedules import REMINDERS as REMINDERS_SCHEDULE_NAME
from core.vocabulary import ActionKind
from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation, ActionPage
from volunteers import calendar, services
from volunteers.models import Registration

from .conftest import make_volunteer

Status = Registration.Status


def feed_path(volunteer) -> str:
    return calendar.personal_feed_url(volunteer).removeprefix("http://testserver")


def uids(body: bytes) -> dict[str, str]:
    return {str(e["SUMMARY"]): str(e["UID"]) for e in Calendar.from_ical(body).walk("VEVENT")}


def test_the_personal_feed_holds_their_places_only(client, laval, make_action):
    alice, bob = make_volunteer(laval, 1), make_volunteer(laval, 2)
    held = make_action(capacity=5, slug="berges", title="Berges")
    full = make_action(capacity=1, slug="plein", title="Atelier plein")
    left = make_action(capacity=5, slug="quitte", title="Quittée")
    other = make_action(capacity=5, slug="autre", title="Celle de Bob")
    services.register(alice, held)
    services.register(bob, full)
    services.register(alice, full)  # waiting list: not in her calendar
    services.cancel_registration(services.register(alice, left))
    services.register(bob, other)

    response = client.get(feed_path(alice))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("private")
    assert set(uids(response.content)) == {"Berges"}
    body = response.content.decode()
    for personal in (alice.first_name, alice.last_name, alice.email, alice.phone):
        assert personal not in body
    # The same UID as the public feed of Laval.
    cache.clear()
    public = client.get("/mayenne/laval/agenda.ics")
    assert uids(public.content)["Berges"] == uids(response.content)["Berges"]


def test_the_feed_answers_304_when_unchanged(client, laval, make_action):
    alice = make_volunteer(laval, 1)
    services.register(alice, make_action())
    first = client.get(feed_path(alice))
    again = client.get(feed_path(alice), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_unknown_tokens_are_404(client, laval):
    alice = make_volunteer(laval, 1)
    token = calendar.personal_token(alice)
    assert len(token) >= 32  # 192 bits
    assert client.get("/agenda/perso/court.ics").status_code == 404
    assert client.get(f"/agenda/perso/{token[:-2]}xx.ics").status_code == 404


def test_renewing_gives_a_new_address_and_the_old_one_stops(client, laval, make_action):
    alice = make_volunteer(laval, 1)
    services.register(alice, make_action())
    old = feed_path(alice)
    confirmation = mail.outbox[-1]
    page_link = re.search(
        r"http://testserver(/agenda/perso/nouvelle-adresse/\S+/)", confirmation.body
    )[1]

    page = client.get(page_link)
    assert page.status_code == 200
    assert f"webcal://testserver{old}" in page.content.decode()
    assert client.get(old).status_code == 200  # a GET (a link preview) changes nothing

    renewed = client.post(page_link)
    alice.refresh_from_db()
    new = feed_path(alice)
    assert new != old
    assert "une nouvelle adresse" in renewed.content.decode()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_altered_renewal_link_is_refused_with_a_message(client, laval):
    response = client.get("/agenda/perso/nouvelle-adresse/pas-un-jeton/")
    assert response.status_code == 400
    assert "Ce lien n" in response.content.decode()


# --- Reminders ------------------------------------------------------------------------------


def action_at(index, slug, start, **extra):
    action = ActionPage(
        title=extra.pop("title", slug.capitalize()),
        slug=slug,
        description="Une heure pour les voisins.",
        kind=ActionKind.COLLECTIVE,
        start=start,
        end=start + dt.timedelta(hours=2),
        capacity=extra.pop("capacity", 10),
        registration_required=True,
        address="Place de la Mairie",
        **extra,
    )
    index.add_child(instance=action)
    return action


def noon_today():
    return dt.datetime.combine(timezone.localdate(), dt.time(12), tzinfo=PARIS)


def test_the_day_before_a_reminder_with_the_action_as_ics(
    client, laval, laval_actions, make_action
):
    now = noon_today()
    tomorrow_ten = now + dt.timedelta(hours=22)
    action = action_at(laval_actions, "nettoyage", tomorrow_ten, title="Nettoyage des berges")
    alice, bob = make_volunteer(laval, 1), make_volunteer(laval, 2)
    services.register(alice, action)
    make_volunteer(laval, 3)  # not registered
    services.register(bob, make_action(slug="plus-tard", title="Plus tard"))  # not tomorrow
    mail.outbox.clear()

    assert calendar.send_reminders(now) == 1

    message = mail.outbox[0]
    assert message.to == [alice.email]
    assert "Demain" in message.subject and action.title in message.subject
    name, content, mime_type = message.attachments[0]
    assert name == "nettoyage.ics" and mime_type == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    cache.clear()
    assert str(event["UID"]) == uids(client.get("/mayenne/laval/agenda.ics").content)[action.title]
    assert event["DTSTART"].dt == tomorrow_ten
    assert calendar.send_reminders(now) == 0  # once
    assert calendar.send_reminders(now + dt.timedelta(hours=1)) == 0


def test_no_reminder_for_a_cancelled_action_or_occurrence_or_the_waiting_list(laval, laval_actions):
    now = noon_today()
    tomorrow = now + dt.timedelta(hours=22)
    cancelled = action_at(
        laval_actions, "annulee", tomorrow, status="cancelled", cancellation_reason="Pluie"
    )
    weekly = action_at(
        laval_actions,
        "hebdo",
        tomorrow - dt.timedelta(days=7),
        recurrence_frequency="weekly",
        cancellations=[ActionCancellation(date=tomorrow.date())],
    )
    full = action_at(laval_actions, "pleine", tomorrow, capacity=1)
    alice, bob = make_volunteer(laval, 1), make_volunteer(laval, 2)
    for action in (cancelled, weekly, full):
        Registration.objects.create(
            volunteer=alice, action=action, status=Status.REGISTERED, requested_at=now
        )
    Registration.objects.create(volunteer=bob, action=full, status=Status.WAITING, requested_at=now)
    mail.outbox.clear()

    assert calendar.send_reminders(now) == 1  # the full action's place only
    assert mail.outbox[0].to == [alice.email]
    assert "pleine" in mail.outbox[0].attachments[0][0]


def test_reminders_are_scheduled_every_hour(db):
    schedule = Schedule.objects.get(name=REMINDERS_SCHEDULE_NAME)
    assert schedule.func == "volunteers.jobs.send_reminders"
    assert schedule.schedule_type == Schedule.HOURLY
