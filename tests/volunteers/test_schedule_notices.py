"""Issue 17 point 2: when an editor publishes an action cancelled, with a date cancelled, or at
another date or time, every volunteer holding or awaiting a place gets one e-mail, in French,
with an .ics that updates their calendar (METHOD:CANCEL / REQUEST, the feeds' UID, a higher
SEQUENCE), read back by ical.js and icalendar; once, however often it is published or the job
run; and no reminder for what is cancelled."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import OrmQ
from icalendar import Calendar

from pages.agenda import ics
from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation, ActionPage
from tests.factories.volunteers import opened_space
from tests.pages.icaljs import icaljs, recurring
from volunteers import calendar, hours, notices, services
from volunteers.models import NoticeDelivery, Registration, ScheduleNotice
from volunteers.space import erase

from .conftest import make_volunteer

Status = Registration.Status
SOON = dt.timedelta(days=10)


def publish(action, cancellations=None, **changes) -> ActionPage:
    """What the admin does: edit the live page, save a revision, publish it."""
    page = ActionPage.objects.get(pk=action.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    for cancellation in cancellations or []:
        page.cancellations.add(cancellation)
    page.save_revision().publish()
    return ActionPage.objects.get(pk=action.pk)


def attachment(message) -> bytes:
    (name, content, mime_type) = message.attachments[0]
    assert mime_type == "text/calendar" and name.endswith(".ics")
    return content.encode()


def feed_event(client, action):
    cache.clear()
    body = client.get(f"{action.url}agenda.ics").content
    return Calendar.from_ical(body).walk("VEVENT")[0]


@pytest.fixture
def crowd(laval):
    """Two with a place, one waiting, and those who must hear nothing."""
    return {
        "alice": make_volunteer(laval, 1),
        "bob": make_volunteer(laval, 2),
        "chloe": make_volunteer(laval, 3),  # waiting
        "dan": make_volunteer(laval, 4),  # cancelled his place
        "eve": make_volunteer(laval, 5),  # registered elsewhere
        "fay": make_volunteer(laval, 6),  # stopped e-mails
    }


def fill(action, crowd, other):
    for name in ("alice", "bob"):
        services.register(crowd[name], action)
    services.register(crowd["chloe"], action)
    services.cancel_registration(services.register(crowd["dan"], action))
    services.register(crowd["eve"], other)
    services.register(crowd["fay"], action)
    services.stop_emails(crowd["fay"])
    mail.outbox.clear()


def test_a_cancelled_date_of_a_single_action_is_told_once_to_each_registered_and_waiting(
    client, laval, make_action, crowd
):
    action = make_action(capacity=2, slug="gouter", title="Goûter")
    other = make_action(slug="autre", title="Autre")
    fill(action, crowd, other)
    assert Registration.objects.get(volunteer=crowd["chloe"]).status == Status.WAITING
    feed_before = feed_event(client, action)
    day = action.start.astimezone(PARIS).date()

    cancelled = ActionCancellation(date=day, reason="Résidence fermée")
    action = publish(action, cancellations=[cancelled])

    told = sorted(message.to[0] for message in mail.outbox)
    assert told == sorted(crowd[name].email for name in ("alice", "bob", "chloe"))
    for message in mail.outbox:
        assert "Annulé le" in message.subject and "Goûter" in message.subject
        assert "Résidence fermée" in message.body
        assert "n’aura pas lieu" in message.body
        # Nobody else's personal data: only theirs.
        for person in crowd.values():
            if person.email != message.to[0]:
                for value in (person.first_name, person.last_name, person.email, person.phone):
                    assert value not in message.body
                    assert value not in attachment(message).decode()
                    assert value not in (message.alternatives[0][0] if message.alternatives else "")
        body = attachment(message)
        event = Calendar.from_ical(body).walk("VEVENT")[0]
        assert str(Calendar.from_ical(body)["METHOD"]) == "CANCEL"
        assert str(event["UID"]) == str(feed_before["UID"]) == ics.uid_of(action)
        assert int(event["SEQUENCE"]) > int(feed_before["SEQUENCE"])
        assert str(event["STATUS"]) == "CANCELLED"
    # The feed after it says the same.
    after = feed_event(client, action)
    assert str(after["STATUS"]) == "CANCELLED" and int(after["SEQUENCE"]) == action.sequence

    # Published again, the job run again: nobody is told twice.
    publish(action)
    (batch,) = ScheduleNotice.objects.filter(action=action).values_list("batch", flat=True)
    assert notices.send_schedule_notices(str(batch)) == 0
    assert len(mail.outbox) == 3
    assert NoticeDelivery.objects.filter(batch=batch, sent_at__isnull=False).count() == 3


def test_the_cancel_file_reads_the_same_in_ical_js_and_icalendar(client, laval, make_action):
    alice = make_volunteer(laval, 1)
    action = make_action(slug="gouter", title="Goûter")
    services.register(alice, action)
    feed_before = feed_event(client, action)
    mail.outbox.clear()
    day = action.start.astimezone(PARIS).date()

    action = publish(action, cancellations=[ActionCancellation(date=day, reason="Grève")])

    body = attachment(mail.outbox[0])
    window = (action.start - dt.timedelta(days=1), action.start + dt.timedelta(days=1))
    theirs, ours = icaljs(body, *window), recurring(body, *window)
    assert theirs["method"] == ours["method"] == "CANCEL"
    assert theirs["occurrences"] == ours["occurrences"]
    (item,) = ours["occurrences"]
    assert item["uid"] == str(feed_before["UID"])
    assert item["sequence"] > int(feed_before["SEQUENCE"])
    assert item["status"] == "CANCELLED" and item["summary"] == "Annulé : Goûter"
    assert item["description"].startswith("Grève\n\n")


def test_a_cancelled_date_of_a_series_is_cancelled_alone(client, laval, laval_actions):
    alice = make_volunteer(laval, 1)
    start = dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=3), dt.time(10), tzinfo=PARIS
    )
    action = ActionPage(
        title="Permanence",
        slug="permanence",
        description="Chaque semaine.",
        kind="collective",
        start=start,
        end=start + dt.timedelta(hours=2),
        registration_required=True,
        address="Place de la Mairie",
        recurrence_frequency="weekly",
        recurrence_count=6,
    )
    laval_actions.add_child(instance=action)
    services.register(alice, action)
    feed_before = feed_event(client, action)
    mail.outbox.clear()
    second = (start + dt.timedelta(days=7)).date()

    publish(action, cancellations=[ActionCancellation(date=second, reason="Salle prise")])

    (message,) = mail.outbox
    window = (start, start + dt.timedelta(days=60))
    body = attachment(message)
    theirs, ours = icaljs(body, *window), recurring(body, *window)
    assert theirs == ours
    assert ours["method"] == "CANCEL"
    (item,) = ours["occurrences"]  # that date only, not the series
    assert item["uid"] == str(feed_before["UID"])
    second_start = dt.datetime.combine(second, dt.time(10), tzinfo=PARIS)
    assert item["recurrence_id"] == f"{second_start.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S}Z"
    assert item["status"] == "CANCELLED" and item["sequence"] > int(feed_before["SEQUENCE"])
    assert "Salle prise" in message.body
    # Its other dates are still listed in the e-mail.
    assert f"{(start + dt.timedelta(days=14)).day}" in message.body


def test_a_cancelled_action_is_told_with_its_reason(client, laval, make_action):
    alice, bob = make_volunteer(laval, 1), make_volunteer(laval, 2)
    action = make_action(capacity=1, slug="collecte", title="Collecte")
    services.register(alice, action)
    services.register(bob, action)  # waiting
    feed_before = feed_event(client, action)
    mail.outbox.clear()

    publish(action, status="cancelled", cancellation_reason="Pluie annoncée")

    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bob.email])
    for message in mail.outbox:
        assert message.subject == "Action annulée : « Collecte »"
        assert "est annulée" in message.body and "Pluie annoncée" in message.body
        found = recurring(attachment(message), action.start - SOON, action.end + SOON)
        assert found["method"] == "CANCEL"
        (item,) = found["occurrences"]
        assert item["uid"] == str(feed_before["UID"]) and item["status"] == "CANCELLED"
        assert item["sequence"] > int(feed_before["SEQUENCE"])
    publish(action, cancellation_reason="Pluie annoncée, et vent")
    assert len(mail.outbox) == 2


def test_a_new_time_is_sent_as_a_request_once(client, laval, make_action):
    alice = make_volunteer(laval, 1)
    action = make_action(slug="atelier", title="Atelier")
    services.register(alice, action)
    feed_before = feed_event(client, action)
    mail.outbox.clear()
    later = action.start + dt.timedelta(days=1, hours=2)

    action = publish(action, start=later, end=later + dt.timedelta(hours=2))

    (message,) = mail.outbox
    assert message.subject == "Changement de date ou d’horaire : « Atelier »"
    assert "a changé" in message.body
    window = (later - SOON, later + SOON)
    body = attachment(message)
    theirs, ours = icaljs(body, *window), recurring(body, *window)
    assert theirs == ours and ours["method"] == "REQUEST"
    (item,) = ours["occurrences"]
    assert item["start"] == f"{later.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S}Z"
    assert item["uid"] == str(feed_before["UID"]) and item["status"] == "CONFIRMED"
    assert item["sequence"] > int(feed_before["SEQUENCE"])
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["ATTENDEE"]) == f"mailto:{alice.email}"  # theirs, nobody else's
    assert str(event["ORGANIZER"]).startswith("mailto:")

    publish(action)  # published again, unchanged
    publish(action, title="Atelier bricolage")  # not a change of dates
    assert len(mail.outbox) == 1
    # Moved again: told again.
    publish(action, start=later + dt.timedelta(hours=1), end=later + dt.timedelta(hours=3))
    assert len(mail.outbox) == 2


def test_erased_and_stopped_volunteers_are_not_told(laval, make_action):
    alice, bob, chloe = (make_volunteer(laval, n) for n in (1, 2, 3))
    action = make_action(slug="gouter")
    for person in (alice, bob, chloe):
        services.register(person, action)
    services.stop_emails(bob)
    erase(chloe)
    mail.outbox.clear()

    publish(action, status="cancelled", cancellation_reason="Grève")

    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_a_past_date_or_a_draft_tells_nobody(laval, make_action):
    alice = make_volunteer(laval, 1)
    action = make_action(slug="gouter")
    services.register(alice, action)
    mail.outbox.clear()
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    publish(action, cancellations=[ActionCancellation(date=yesterday, reason="Vieux")])
    page = ActionPage.objects.get(pk=action.pk)
    page.status, page.cancellation_reason = "cancelled", "Brouillon"
    page.save_revision()  # a draft, not published

    assert mail.outbox == []
    assert not ScheduleNotice.objects.exists()


def test_no_reminder_for_a_cancelled_date_of_a_single_action(laval, laval_actions):
    now = dt.datetime.combine(timezone.localdate(), dt.time(12), tzinfo=PARIS)
    tomorrow = now + dt.timedelta(hours=22)
    action = ActionPage(
        title="Goûter",
        slug="gouter",
        description="Un goûter.",
        kind="collective",
        start=tomorrow,
        end=tomorrow + dt.timedelta(hours=2),
        registration_required=True,
        address="Place de la Mairie",
    )
    laval_actions.add_child(instance=action)
    alice = make_volunteer(laval, 1)
    services.register(alice, action)
    publish(action, cancellations=[ActionCancellation(date=tomorrow.date(), reason="Grève")])
    mail.outbox.clear()

    assert calendar.send_reminders(now) == 0
    assert mail.outbox == []
    # The place is kept (the space shows the action cancelled), and out of the personal feed's
    # confirmed events: it says cancelled there too.
    assert Registration.objects.get(volunteer=alice).status == Status.REGISTERED
    (event,) = Calendar.from_ical(calendar.personal_calendar(alice)).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("count", [2, 12])
def test_the_publication_runs_a_fixed_number_of_queries(
    laval, make_action, monkeypatch, django_assert_num_queries, count
):
    action = make_action(capacity=None, slug="gouter")
    for n in range(count):
        services.register(make_volunteer(laval, n), action)
    page = ActionPage.objects.get(pk=action.pk)
    page.status, page.cancellation_reason = "cancelled", "Grève"
    page.save()  # as publishing does; then the receiver, the jobs queued, not run
    monkeypatch.setattr(Conf, "SYNC", False)

    # Always the same: the notices told, the new ones, the volunteers, their deliveries, the
    # job (and the transaction's savepoints), whatever their number.
    with django_assert_num_queries(QUERIES):
        assert notices.announce(page) == count
    assert OrmQ.objects.count() == 1


QUERIES = 9


def test_the_space_shows_a_cancelled_place_as_cancelled(client, laval, make_action):
    alice = make_volunteer(laval, 1)
    single = make_action(slug="gouter", title="Goûter")
    whole = make_action(slug="collecte", title="Collecte")
    kept = make_action(slug="atelier", title="Atelier")
    for action in (single, whole, kept):
        services.register(alice, action)
    day = single.start.astimezone(PARIS).date()
    publish(single, cancellations=[ActionCancellation(date=day, reason="Grève")])
    publish(whole, status="cancelled", cancellation_reason="Pluie")

    page = client.get(opened_space(alice, client))  # a visit, as from the button

    items = re.findall(r"<li><a href=[^>]*>([^<]+)</a>(.*?)</li>", page.content.decode(), re.S)
    titles = {"Goûter", "Collecte", "Atelier"}
    states = {t: "annulée par les organisateurs" in rest for t, rest in items if t in titles}
    assert states == {"Goûter": True, "Collecte": True, "Atelier": False}


def test_nobody_is_asked_for_hours_given_to_a_cancelled_date(laval, make_action):
    alice = make_volunteer(laval, 1)
    action = make_action(slug="gouter")
    services.register(alice, action)
    day = action.start.astimezone(PARIS).date()
    publish(action, cancellations=[ActionCancellation(date=day, reason="Grève")])
    mail.outbox.clear()
    # Now over (moved back in time without a publication, as the follow-up's window asks).
    ended = timezone.now() - dt.timedelta(hours=5)
    started = ended - dt.timedelta(hours=2)
    ActionPage.objects.filter(pk=action.pk).update(
        start=started, end=ended, exdates_text=f"{started.astimezone(PARIS).date()}"
    )

    assert hours.send_follow_ups() == 0
    assert mail.outbox == []


def test_an_editor_cancelling_the_date_in_the_admin_tells_the_volunteer_once(
    admin_client, laval, laval_actions
):
    from wagtail.test.utils.form_data import inline_formset

    from tests.pages.admin_forms import action_form

    single = {"recurrence_frequency": "", "action-publish": "publish"}
    add = reverse("wagtailadmin_pages:add", args=["pages", "actionpage", laval_actions.pk])
    response = admin_client.post(add, action_form(**single))
    assert response.status_code == 302, response.content.decode()[:2000]
    action = ActionPage.objects.get(slug="jardin-du-samedi")
    alice = make_volunteer(laval, 1)
    services.register(alice, action)
    mail.outbox.clear()
    edit = reverse("wagtailadmin_pages:edit", args=[action.pk])
    cancelled = inline_formset([{"date": "2027-03-06", "reason": "Résidence fermée"}])

    for _time in range(2):  # published twice
        response = admin_client.post(edit, action_form(**single, cancellations=cancelled))
        assert response.status_code == 302, response.content.decode()[:2000]
        cancelled = inline_formset(
            [
                {"id": c.pk, "date": "2027-03-06", "reason": "Résidence fermée"}
                for c in ActionPage.objects.get(pk=action.pk).cancellations.all()
            ],
            initial=1,
        )

    (message,) = mail.outbox
    assert message.to == [alice.email]
    assert message.subject == "Annulé le 6 mars : « Jardin du samedi »"
    assert "Résidence fermée" in message.body
