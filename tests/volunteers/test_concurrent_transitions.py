"""Double clicks and simultaneous requests on the volunteers' transitions: each has one effect
(one confirmation, one hand-over, one registration, one cancellation, one volunteer per
address), and every request is answered normally, with the same page as the first."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from core.models import PendingNotification
from tests.concurrency import at_once, failures
from volunteers import services, tokens
from volunteers.models import Registration, Volunteer

from .conftest import make_volunteer, sign_up_data

Status = Registration.Status
# serialized_rollback: the flush after a transactional test would otherwise also empty what
# the data migrations created (locales, site, workflows) for the tests that follow.
concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def page_of(response) -> str:
    """The page without what differs at each request: the form's CSRF token, and the signed
    links' tokens (signed with the time)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r"(/je-participe/[\w-]+/)[^/\"]+/", r"\1<token>/", html)


def path_of(url: str) -> str:
    return urlsplit(url).path


@concurrent
def test_a_confirmation_link_opened_ten_times_at_once(laval, laval_referent):
    volunteer = make_volunteer(laval, confirmed=False)
    token = tokens.make(
        tokens.CONFIRM, {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email)}
    )
    mail.outbox.clear()

    responses = at_once(10, lambda n: Client().get(f"/je-participe/confirmer/{token}/"))

    assert failures(responses) == []
    assert [response.status_code for response in responses] == [200] * 10
    pages = {page_of(response) for response in responses}
    assert len(pages) == 1  # the same page for every click
    volunteer.refresh_from_db()
    assert volunteer.confirmed_at is not None and volunteer.handed_over_at is not None
    # Laval's referent is told of one new volunteer, once.
    told = [message for message in mail.outbox if message.to == [laval_referent.email]]
    assert len(told) == 1
    assert PendingNotification.objects.count() == 0
    assert mail.outbox == told


@concurrent
def test_a_hand_over_repeated_tells_the_referents_once(laval, laval_referent):
    volunteer = make_volunteer(laval, handed_over=False)
    mail.outbox.clear()
    handed = at_once(3, lambda n: services.hand_over([volunteer], laval, tell_volunteers=True))
    assert failures(handed) == []
    assert sorted(handed) == [0, 0, 1]
    assert len([m for m in mail.outbox if m.to == [laval_referent.email]]) == 1
    assert len([m for m in mail.outbox if m.to == [volunteer.email]]) == 1  # "your commune joined"


def sign_up_of(laval, email="camille.durand@exemple.invalid"):
    return services.SignUp(
        first_name="Camille",
        last_name="Durand",
        email=email,
        phone="0639981234",
        commune=laval,
        gestures=[],
        kinds=["neighbourly"],
        availability=[],
        skills="",
        heard_from="",
        contact_consent=False,
    )


@concurrent
def test_six_sign_ups_with_one_new_address_at_once_make_one_volunteer(laval):
    results = at_once(6, lambda n: services.sign_up(sign_up_of(laval)))

    assert failures(results) == []  # no IntegrityError escapes
    assert Volunteer.objects.count() == 1
    volunteer = Volunteer.objects.get()
    assert {result.pk for result in results} == {volunteer.pk}
    # The one that created it sent its link; those that found it sent it again (as a second
    # sign-up does), those that lost the race to create it sent nothing.
    assert 1 <= len(mail.outbox) <= 6
    assert {tuple(message.to) for message in mail.outbox} == {(volunteer.email,)}


@concurrent
def test_six_sign_up_forms_with_one_new_address_are_each_answered(laval):
    data = sign_up_data(commune=str(laval.pk))

    responses = at_once(6, lambda n: Client().post("/je-participe/", data))

    assert failures(responses) == []
    assert [response.status_code for response in responses] == [302] * 6
    assert {response["Location"] for response in responses} == {
        "/je-participe/verifiez-vos-e-mails/"
    }
    assert Volunteer.objects.count() == 1
    # At most the address's limit of e-mails per hour (volunteers/views/sign_up.py).
    assert 1 <= len(mail.outbox) <= 3


@concurrent
def test_a_registration_form_sent_twice_at_once_registers_once(laval, make_action):
    action = make_action(capacity=5)
    volunteer = make_volunteer(laval)
    link = path_of(services.registration_link(volunteer, action))
    mail.outbox.clear()

    responses = at_once(2, lambda n: Client().post(link))

    assert failures(responses) == []
    assert [response.status_code for response in responses] == [200, 200]
    assert len({page_of(response) for response in responses}) == 1
    assert Registration.objects.filter(status=Status.REGISTERED).count() == 1
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


@concurrent
def test_a_one_click_registration_sent_twice_at_once_registers_once(laval, make_action):
    from volunteers import devices

    action = make_action(capacity=5)
    volunteer = make_volunteer(laval)
    cookie = devices.cookie_value(volunteer)
    mail.outbox.clear()

    def click(n):
        client = Client()
        client.cookies[devices.COOKIE] = cookie
        return client.post(f"{action.url}inscription/")

    responses = at_once(2, click)

    assert failures(responses) == []
    assert [response.status_code for response in responses] == [302, 302]
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


@concurrent
def test_a_cancellation_sent_twice_at_once_frees_one_place(laval, make_action):
    action = make_action(capacity=1)
    first, waiting = make_volunteer(laval, 1), make_volunteer(laval, 2)
    registration = services.register(first, action)
    services.register(waiting, action)
    link = path_of(services.cancel_url(registration))
    mail.outbox.clear()

    responses = at_once(2, lambda n: Client().post(link))

    assert failures(responses) == []
    assert [response.status_code for response in responses] == [200, 200]
    assert len({page_of(response) for response in responses}) == 1
    assert Registration.objects.get(volunteer=first).status == Status.CANCELLED
    assert Registration.objects.get(volunteer=waiting).status == Status.REGISTERED
    # The one promoted is told once.
    assert [message.to for message in mail.outbox] == [[waiting.email]]
