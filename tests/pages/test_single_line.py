"""A title, a name or a place is one line (core/text.py). A scripted post can put a line break
where a browser's text input never would: the admin's forms and the public forms refuse it with
a message in French and save nothing; a title that got one anyway (older data, code) breaks no
feed, and one reminder that cannot be written does not stop the others."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from core.text import one_line, validate_single_line
from pages.agenda.recurrence import PARIS
from pages.models import ActionPage, InitiativePage
from snippets.models import Gesture
from tests.factories.pages import ActionPageFactory
from tests.volunteers.conftest import make_volunteer, sign_up_data
from volunteers import calendar, services
from volunteers.models import Volunteer

from .admin_forms import action_form
from .icaljs import icaljs, recurring

REFUSED = "Écrivez ceci sur une ligne : les retours à la ligne ne sont pas acceptés ici."
BREAKS = ["Ramassage\nBcc: x@evil.example", "A\r\nB", "A\rB", "A\u2028B", "A\x85B", "A\x0bB"]


@pytest.mark.parametrize("value", BREAKS)
def test_every_kind_of_line_break_is_refused(value):
    with pytest.raises(ValidationError):
        validate_single_line(value)
    assert "\n" not in one_line(value) and "\r" not in one_line(value)


def test_one_line_keeps_what_is_already_one_line():
    validate_single_line("Café des voisins — samedi 10 h")
    assert one_line("Café\r\n  des voisins\n") == "Café des voisins"


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


def test_the_admin_refuses_an_action_title_with_a_line_break(admin_client, agenda_tree):
    index = agenda_tree["laval"]
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["pages", "actionpage", index.pk]),
        action_form(title="Jardin\nBcc: x@evil.example", **{"action-publish": "publish"}),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    assert not ActionPage.objects.filter(slug="jardin-du-samedi").exists()
    assert "les retours à la ligne ne sont pas acceptés" in response.content.decode()


def test_every_admin_model_form_refuses_line_breaks_in_its_one_line_fields(db, french):
    """Snippets and images too: the override is on Wagtail's model forms, not on one form."""
    image_form = get_image_form(get_image_model())()
    gesture_form = Gesture.snippet_viewset.get_edit_handler().get_form_class()
    for field in (image_form.fields["title"], gesture_form.base_fields["title"]):
        with pytest.raises(ValidationError) as refused:
            field.clean("Deux\nlignes")
        assert refused.value.messages == [REFUSED]
    assert gesture_form.base_fields["title"].clean("Une ligne") == "Une ligne"


def test_a_sign_up_with_a_line_break_in_the_first_name_is_refused(client, laval):
    """The name is echoed at the top of the official e-mail: a link on a line of its own
    there would be a phishing vector."""
    response = client.post(
        "/je-participe/",
        sign_up_data(first_name="Camille\n\nVotre compte expire : https://evil.example/"),
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not Volunteer.objects.exists()
    assert mail.outbox == []


def test_an_initiative_title_with_a_line_break_is_refused(client, laval_page):
    from tests.workflows.test_public_form import LAVAL, proposal

    response = client.post(LAVAL, proposal(title="Le café\r\ndes voisins"))
    assert response.status_code == 400  # the form's answer to any invalid proposal
    assert REFUSED in response.content.decode()
    assert not InitiativePage.objects.exists()
    assert mail.outbox == []


def test_a_gesture_suggestion_title_with_a_line_break_is_refused(client, db):
    response = client.post(
        "/gestes/proposer/",
        {"title": "Aider\nhttps://evil.example", "description": "Une idée.", "website": ""},
    )
    assert response.status_code in (200, 400)
    assert REFUSED in response.content.decode()
    assert not Gesture.objects.exists()


def tomorrow_at_ten():
    now = dt.datetime.combine(timezone.localdate(), dt.time(12), tzinfo=PARIS)
    return now, now + dt.timedelta(hours=22)


@pytest.mark.django_db
def test_a_title_that_holds_a_line_break_anyway_breaks_no_feed(client):
    start = timezone.now() + dt.timedelta(days=3)
    action = ActionPageFactory(
        title="Ramassage\nBcc: x@evil.example", start=start, end=start + dt.timedelta(hours=2)
    )
    for path in (action.url + "agenda.ics", "/agenda.ics"):
        response = client.get(path)
        assert response.status_code == 200
        window = (start - dt.timedelta(days=1), start + dt.timedelta(days=1))
        read = [icaljs(response.content, *window), recurring(response.content, *window)]
        for reading in read:
            (occurrence,) = reading["occurrences"]
            assert occurrence["summary"] == "Ramassage\nBcc: x@evil.example"
    assert b"\r\nBcc:" not in client.get(action.url + "agenda.ics").content


@pytest.mark.django_db
def test_one_reminder_that_fails_does_not_stop_the_others(laval, monkeypatch, caplog):
    now, tomorrow = tomorrow_at_ten()
    broken = ActionPageFactory(
        title="Ramassage\nBcc: x@evil.example", start=tomorrow, end=tomorrow + dt.timedelta(hours=2)
    )
    fine = ActionPageFactory(
        title="Nettoyage", start=tomorrow, end=tomorrow + dt.timedelta(hours=2)
    )
    alice, bob = make_volunteer(laval, 1), make_volunteer(laval, 2)
    services.register(alice, broken)
    services.register(bob, fine)
    # Fault injection: writing the broken action's attachment fails, as a bad item would.
    written = calendar.action_calendar

    def failing(action, *args):
        if action.pk == broken.pk:
            raise ValueError("cannot write this one")
        return written(action, *args)

    monkeypatch.setattr(calendar, "action_calendar", failing)
    mail.outbox.clear()

    assert calendar.send_reminders(now) == 1
    assert [message.to for message in mail.outbox] == [[bob.email]]
    assert "The reminder of registration" in caplog.text
    # Not marked as reminded: the next hour tries it again, and sends it once it can.
    monkeypatch.setattr(calendar, "action_calendar", written)
    assert calendar.send_reminders(now + dt.timedelta(hours=1)) == 1
    assert mail.outbox[-1].to == [alice.email]
    assert "\n" not in mail.outbox[-1].subject
    assert calendar.send_reminders(now + dt.timedelta(hours=1)) == 0
