"""A device that recognises its volunteer (volunteers/devices.py): the signed cookie given on
confirming or opening the space, and what it allows: registering for an action in one click,
the success page with the address, the calendar links, the cancel link and the space. And the
registration e-mail's List-Unsubscribe, which stops e-mails and cancels nothing."""

import datetime as dt
import re
import time

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from pages.agenda.recurrence import PARIS
from pages.models import ActionPage
from tests.factories.volunteers import opened_space
from volunteers import calendar, devices, services, space, tokens
from volunteers.models import Registration, Volunteer

from .conftest import make_volunteer

Status = Registration.Status
pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def confirm_path(volunteer) -> str:
    token = tokens.make(
        tokens.CONFIRM, {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email)}
    )
    return f"/je-participe/confirmer/{token}/"


def recognising_client(volunteer) -> Client:
    """A browser that confirmed `volunteer`'s sign-up: it holds the cookie."""
    client = Client()
    response = client.get(confirm_path(volunteer))
    assert response.status_code == 200
    assert devices.COOKIE in response.cookies
    return client


def is_recognised(client, action) -> bool:
    """The action page offers the one-click form (not the link to the e-mail flow)."""
    html = client.get(action.url).content.decode()
    return 'class="action__register"' in html


# --- The cookie -------------------------------------------------------------------------


def test_confirming_gives_a_signed_httponly_lax_cookie_for_90_days(laval, make_action):
    volunteer = make_volunteer(laval, confirmed=False, handed_over=False)
    client = Client()
    response = client.get(confirm_path(volunteer))
    cookie = response.cookies[devices.COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # plain HTTP here
    assert int(cookie["max-age"]) == 90 * 24 * 3600
    # It tells nothing readable of the person: no name, no address.
    assert volunteer.email not in cookie.value and "Prénom" not in cookie.value
    assert is_recognised(client, make_action())

    secure = Client().get(confirm_path(volunteer), secure=True)
    assert secure.cookies[devices.COOKIE]["secure"] is True


def test_opening_the_space_by_its_link_remembers_the_device(client, laval, make_action):
    volunteer = make_volunteer(laval)
    action = make_action()
    assert not is_recognised(client, action)
    response = client.get(opened_space(volunteer))
    assert response.status_code == 200
    assert devices.COOKIE in response.cookies
    assert is_recognised(client, action)


def test_a_tampered_expired_or_foreign_cookie_is_ignored(client, laval, make_action):
    volunteer = make_volunteer(laval)
    action = make_action()
    good = devices.cookie_value(volunteer)
    client.cookies[devices.COOKIE] = good
    assert is_recognised(client, action)

    # Another volunteer's id under the same signature.
    other = make_volunteer(laval, 2)
    _payload, signature = good.split(":", 1)
    forged = devices.cookie_value(other).split(":", 1)[0] + ":" + signature
    client.cookies[devices.COOKIE] = forged
    assert not is_recognised(client, action)
    client.cookies[devices.COOKIE] = good[:-3] + "abc"
    assert not is_recognised(client, action)

    # Signed 91 days ago: expired. 89 days ago: still good.
    payload = {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email), "g": 0}
    old = tokens._Signer(salt=devices.SALT, at=time.time() - 91 * 86400).sign_object(payload)
    client.cookies[devices.COOKIE] = old
    assert not is_recognised(client, action)
    recent = tokens._Signer(salt=devices.SALT, at=time.time() - 89 * 86400).sign_object(payload)
    client.cookies[devices.COOKIE] = recent
    assert is_recognised(client, action)

    # A value signed for another purpose (a space link's token) is no cookie.
    client.cookies[devices.COOKIE] = tokens.make(tokens.SPACE, payload)
    assert not is_recognised(client, action)


def test_forgetting_the_devices_revokes_every_cookie(laval, make_action):
    volunteer = make_volunteer(laval)
    action = make_action()
    client = recognising_client(volunteer)
    other_device = Client()
    other_device.cookies[devices.COOKIE] = client.cookies[devices.COOKIE].value
    assert is_recognised(other_device, action)

    token_path = opened_space(volunteer)
    response = client.post(token_path + "appareils/")
    assert response.status_code == 200
    assert response.cookies[devices.COOKIE].value == ""  # deleted here
    assert "Vos appareils sont oubliés" in response.content.decode()
    assert Volunteer.objects.get(pk=volunteer.pk).device_generation == 1
    assert not is_recognised(other_device, action)  # the copy elsewhere too
    assert not is_recognised(client, action)


def test_not_you_forgets_this_device_and_goes_back_to_the_action(laval, make_action):
    volunteer = make_volunteer(laval)
    action = make_action()
    client = recognising_client(volunteer)
    copy = client.cookies[devices.COOKIE].value
    response = client.post("/je-participe/oublier-cet-appareil/", {"next": action.url})
    assert response.status_code == 302 and response.url == action.url
    assert not is_recognised(client, action)
    client.cookies[devices.COOKIE] = copy
    assert not is_recognised(client, action)
    # Never a redirect to another site.
    response = client.post(
        "/je-participe/oublier-cet-appareil/", {"next": "https://ailleurs.example/"}
    )
    assert response.url == "/"


def test_erasing_or_a_new_address_revokes_the_cookie(laval, make_action):
    action = make_action()
    erased = make_volunteer(laval, 1)
    client = recognising_client(erased)
    space.erase(erased)
    assert not is_recognised(client, action)
    assert Volunteer.objects.get(pk=erased.pk).device_generation == 1

    moved = make_volunteer(laval, 2)
    client = recognising_client(moved)
    Volunteer.objects.filter(pk=moved.pk).update(email="nouvelle@exemple.invalid")
    assert not is_recognised(client, action)


def test_erasing_from_the_space_deletes_the_cookie(laval):
    volunteer = make_volunteer(laval)
    client = recognising_client(volunteer)
    response = client.post(opened_space(volunteer) + "effacer/")
    assert response.status_code == 200
    assert response.cookies[devices.COOKIE].value == ""


# --- One click --------------------------------------------------------------------------


def test_one_click_registers_and_shows_where_when_calendar_cancel_and_space(
    laval, make_action, django_assert_max_num_queries
):
    action = make_action(capacity=3)
    volunteer = make_volunteer(laval)
    client = recognising_client(volunteer)
    page = client.get(action.url).content.decode()
    assert "3 places restantes sur 3" in page
    assert "Je m'inscris à cette action" in page
    mail.outbox.clear()

    # The site, the request's locale and the page, the device, the state, the locked count and
    # insert, the e-mail's theme, its outbox row (in a savepoint: its key is unique) and its job
    # (run at once in the tests: the row locked and marked sent): 31 today, whatever the
    # registrations.
    with django_assert_max_num_queries(31):
        response = client.post(f"{action.url}inscription/")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.volunteer, registration.status) == (volunteer, Status.REGISTERED)
    assert [m.to for m in mail.outbox] == [[volunteer.email]]

    response = client.get(response.url)
    html = response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert "Vous êtes inscrit" in html
    assert "Quai d&#x27;Avesnières, Laval" in html  # the address
    assert timezone.localtime(action.start).strftime("%Y") in html  # the date
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "https://outlook.live.com/calendar/0/action/compose" in html
    cancel = re.search(r'href="(/je-participe/annulation/[^"]+)"', html)[1]
    space_link = re.search(r'href="(/je-participe/mon-espace/[^"]+)"', html)[1]
    assert client.get(space_link).status_code == 200
    assert client.get(cancel).status_code == 200

    # The action page now says so, with one place fewer.
    page = client.get(action.url).content.decode()
    assert "Vous êtes inscrit·e à cette action." in page
    assert "2 places restantes sur 3" in page
    # A second POST (a double click, a reload) registers nothing more, sends nothing more.
    client.post(f"{action.url}inscription/")
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_action_page_queries_stay_bounded_with_a_recognised_visitor(
    laval, make_action, django_assert_max_num_queries
):
    action = make_action()
    client = recognising_client(make_volunteer(laval))
    client.get(action.url)
    with django_assert_max_num_queries(26):
        assert client.get(action.url).status_code == 200


def test_a_full_action_says_full_and_one_click_joins_the_waiting_list(client, laval, make_action):
    action = make_action(capacity=1)
    services.register(make_volunteer(laval, 1), action)
    # Anyone: no more "1 place", but full, and the waiting list.
    page = client.get(action.url).content.decode()
    assert "1 place" not in page
    assert "Complet." in page
    assert "Je m'inscris sur la liste d'attente" in page
    assert "L'action est complète" in client.get(f"{action.url}inscription/").content.decode()

    second = make_volunteer(laval, 2)
    client = recognising_client(second)
    response = client.post(f"{action.url}inscription/", follow=True)
    assert Registration.objects.get(volunteer=second).status == Status.WAITING
    html = response.content.decode()
    assert "vous êtes sur la liste d'attente" in html
    assert "/je-participe/annulation/" in html


def test_without_the_cookie_the_e_mail_flow_stays(client, laval, make_action):
    action = make_action()
    make_volunteer(laval)
    page = client.get(action.url).content.decode()
    assert f'href="{action.url}inscription/"' in page
    assert 'class="action__register"' not in page
    # A one-click POST from a device that no longer recognises anyone: the e-mail form.
    response = client.post(f"{action.url}inscription/")
    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()
    assert not Registration.objects.exists()


def test_no_one_click_for_a_cancelled_or_past_action(laval, make_action):
    volunteer = make_volunteer(laval)
    client = recognising_client(volunteer)
    cancelled = make_action(slug="annulee", status="cancelled", cancellation_reason="Pluie")
    response = client.post(f"{cancelled.url}inscription/")
    assert response.status_code == 400
    assert "Les inscriptions à cette action sont closes" in response.content.decode()
    past = make_action(slug="passee")
    start = timezone.now() - dt.timedelta(days=2)
    ActionPage.objects.filter(pk=past.pk).update(start=start, end=start + dt.timedelta(hours=2))
    assert client.post(f"{past.url}inscription/").status_code == 400
    assert not Registration.objects.exists()


# --- List-Unsubscribe -------------------------------------------------------------------


def test_list_unsubscribe_stops_e_mails_and_cancels_nothing(laval, laval_actions, make_action):
    action = make_action()
    volunteer = make_volunteer(laval)
    mail.outbox.clear()
    registration = services.register(volunteer, action)
    message = mail.outbox[-1]
    header = message.extra_headers["List-Unsubscribe"]
    assert "/je-participe/annulation/" not in header
    assert "/je-participe/ne-plus-recevoir/" in header
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/je-participe/annulation/" in message.body  # the cancel link stays in the body

    # RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click", without any CSRF token.
    provider = Client(enforce_csrf_checks=True)
    url = path_of(header.strip("<>"))
    assert provider.get(url).status_code == 200  # a GET (a link scanner) changes nothing
    assert Volunteer.objects.get(pk=volunteer.pk).emails_stopped_at is None
    response = provider.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.emails_stopped_at is not None
    assert volunteer.erased_at is None
    assert Registration.objects.get(pk=registration.pk).status == Status.REGISTERED

    # And no reminder the day before any more.
    noon = dt.datetime.combine(timezone.localdate(), dt.time(12), tzinfo=PARIS)
    tomorrow = noon + dt.timedelta(hours=22)
    ActionPage.objects.filter(pk=action.pk).update(
        start=tomorrow, end=tomorrow + dt.timedelta(hours=2)
    )
    assert calendar.send_reminders(noon) == 0
    services.resume_emails(volunteer)
    assert calendar.send_reminders(noon) == 1


def test_the_space_stops_and_resumes_the_e_mails(client, laval):
    volunteer = make_volunteer(laval)
    token_path = opened_space(volunteer)
    response = client.post(token_path + "e-mails/", {"emails": "stop"}, follow=True)
    assert "Nous ne vous envoyons plus de rappels" in response.content.decode()
    assert Volunteer.objects.get(pk=volunteer.pk).emails_stopped_at is not None
    client.post(token_path + "e-mails/", {"emails": "resume"})
    assert Volunteer.objects.get(pk=volunteer.pk).emails_stopped_at is None


def test_a_stop_e_mails_link_is_checked(client, laval):
    volunteer = make_volunteer(laval)
    forged = tokens.make(tokens.CONFIRM, {"v": volunteer.pk})
    assert client.post(f"/je-participe/ne-plus-recevoir/{forged}/").status_code == 400
    assert Volunteer.objects.get(pk=volunteer.pk).emails_stopped_at is None


def test_an_action_page_drawn_for_a_recognised_device_is_never_shared(laval, make_action):
    """The same address, with and without the device's cookie: the anonymous copy is public,
    the volunteer's own is private (core/http_cache.py), even when the cookie is revoked."""
    action = make_action()
    anonymous = Client().get(action.url)
    assert anonymous["Cache-Control"].startswith("public")
    client = recognising_client(make_volunteer(laval))
    response = client.get(action.url)
    assert 'class="action__register"' in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    client.cookies[devices.COOKIE] = "altered"
    assert client.get(action.url)["Cache-Control"] == "private, no-store"
