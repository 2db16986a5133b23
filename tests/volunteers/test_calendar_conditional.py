"""The personal feed's validators (ETag and Last-Modified, If-Modified-Since honoured) and the
reminder's attachment, a plain calendar file (no METHOD: it is no iTIP invitation)."""

import datetime as dt

from django.core import mail
from django.utils import timezone
from django.utils.http import parse_http_date
from icalendar import Calendar

from pages.agenda.recurrence import PARIS
from volunteers import calendar, services

from .conftest import make_volunteer
from .test_calendar import action_at, feed_path


def test_the_personal_feed_has_last_modified_and_honours_if_modified_since(
    client, laval, make_action
):
    alice = make_volunteer(laval, 1)
    services.register(alice, make_action(slug="berges", title="Berges"))
    first = client.get(feed_path(alice))
    assert first.status_code == 200
    stamp = first["Last-Modified"]
    assert stamp

    again = client.get(feed_path(alice), HTTP_IF_MODIFIED_SINCE=stamp)
    assert again.status_code == 304
    assert again["Last-Modified"] == stamp and again["ETag"] == first["ETag"]

    # A new place changes the bytes (within the same second, maybe): a later date.
    services.register(alice, make_action(slug="jardin", title="Jardin"))
    changed = client.get(feed_path(alice), HTTP_IF_MODIFIED_SINCE=stamp)
    assert changed.status_code == 200 and b"Jardin" in changed.content
    assert parse_http_date(changed["Last-Modified"]) > parse_http_date(stamp)
    # If-None-Match wins over If-Modified-Since (RFC 9110).
    newer = changed["Last-Modified"]
    stale = client.get(
        feed_path(alice), HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=newer
    )
    assert stale.status_code == 200
    # Giving the place up brings the first bytes back: later again, not the first date.
    services.cancel_registration(alice.registrations.get(action__slug="jardin"))
    back = client.get(feed_path(alice), HTTP_IF_MODIFIED_SINCE=newer)
    assert back.status_code == 200 and b"Jardin" not in back.content
    assert parse_http_date(back["Last-Modified"]) > parse_http_date(newer)


def test_the_reminders_attachment_has_no_method_and_the_feeds_publish(client, laval, laval_actions):
    now = dt.datetime.combine(timezone.localdate(), dt.time(12), tzinfo=PARIS)
    action = action_at(laval_actions, "nettoyage", now + dt.timedelta(hours=22))
    alice = make_volunteer(laval, 1)
    services.register(alice, action)
    mail.outbox.clear()
    assert calendar.send_reminders(now) == 1
    _name, content, _mime = mail.outbox[0].attachments[0]
    attachment = Calendar.from_ical(content)
    assert "METHOD" not in attachment and len(attachment.walk("VEVENT")) == 1
    assert Calendar.from_ical(client.get(feed_path(alice)).content)["METHOD"] == "PUBLISH"
    public = client.get("/mayenne/laval/agenda.ics")
    assert Calendar.from_ical(public.content)["METHOD"] == "PUBLISH"


def test_a_place_in_an_alias_is_its_original_once_in_the_personal_feed(
    client, laval, make_action, laval_actions
):
    original = make_action(slug="berges", title="Berges")
    alias = original.create_alias(parent=laval_actions, update_slug="berges-copie")
    alice = make_volunteer(laval, 1)
    services.register(alice, original)
    services.register(alice, alias)
    assert alice.registrations.filter(status="registered").count() == 2
    body = client.get(feed_path(alice)).content
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["URL"]).endswith("/mayenne/laval/actions/berges/")
