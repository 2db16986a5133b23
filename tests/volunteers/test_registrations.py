"""Registrations to actions: magic links, capacity, the waiting list and its promotions."""

import re
import threading
import time

import pytest
from django.core import mail
from django.db import close_old_connections, connection

from volunteers import services, tokens
from volunteers.models import Registration, Volunteer

from .conftest import make_volunteer

Status = Registration.Status


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


@pytest.mark.django_db
def test_magic_link_registers_in_one_step(client, laval, make_action):
    action = make_action(capacity=1)
    alice, bob = make_volunteer(laval, 1), make_volunteer(laval, 2)
    # The action page's address + inscription/ sends the link to a confirmed volunteer only.
    page = client.get(f"{action.url}inscription/")
    assert page.status_code == 200
    response = client.post(f"{action.url}inscription/", {"email": alice.email})
    assert "un lien d'inscription est en route" in response.content.decode()
    client.post(f"{action.url}inscription/", {"email": "inconnu@exemple.invalid"})
    assert [m.to for m in mail.outbox] == [[alice.email]]
    link = re.search(r"http://testserver(/je-participe/inscription/\S+/)", mail.outbox[0].body)[1]

    assert client.get(link).status_code == 200
    assert not Registration.objects.exists()  # a GET (a link preview) registers nobody
    response = client.post(link)
    assert "Vous êtes inscrit" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == Status.REGISTERED
    confirmation = mail.outbox[-1]
    assert "Votre place est réservée" in confirmation.subject
    assert "/je-participe/annulation/" in confirmation.body
    # The mail client's "unsubscribe" stops e-mails: it never cancels the registration.
    assert confirmation.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/je-participe/ne-plus-recevoir/"
    )
    client.post(link)  # twice: still one registration
    assert Registration.objects.count() == 1

    second = services.register(bob, action)
    assert second.status == Status.WAITING
    assert "Liste d'attente" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_registration_links_are_checked(client, laval, make_action):
    action = make_action()
    volunteer = make_volunteer(laval)
    payload = {"v": volunteer.pk, "a": action.pk, "h": tokens.address_mark(volunteer.email)}
    old = tokens.make(tokens.REGISTER, payload, at=time.time() - 15 * 86400)
    assert "Ce lien a expiré" in client.post(f"/je-participe/inscription/{old}/").content.decode()
    forged = tokens.make(tokens.CONFIRM, payload)
    assert client.post(f"/je-participe/inscription/{forged}/").status_code == 400
    assert not Registration.objects.exists()
    unconfirmed = make_volunteer(laval, 5, confirmed=False)
    with pytest.raises(services.RegistrationError):
        services.register(unconfirmed, action)
    assert client.get("/mayenne/laval/actions/inconnue/inscription/").status_code == 404


@pytest.mark.django_db
def test_cancellation_promotes_the_first_waiting_and_tells_them(client, laval, make_action):
    action = make_action(capacity=2)
    people = [make_volunteer(laval, n) for n in range(5)]
    registrations = [services.register(person, action) for person in people]
    assert [r.status for r in registrations] == [Status.REGISTERED] * 2 + [Status.WAITING] * 3
    mail.outbox.clear()

    cancel = path_of(services.cancel_url(registrations[0]))
    assert client.get(cancel).status_code == 200
    assert Registration.objects.get(pk=registrations[0].pk).status == Status.REGISTERED
    response = client.post(cancel)
    assert "Votre inscription est annulée" in response.content.decode()
    statuses = dict(Registration.objects.values_list("volunteer_id", "status"))
    assert statuses[people[0].pk] == Status.CANCELLED
    assert statuses[people[2].pk] == Status.REGISTERED  # the first in line
    assert statuses[people[3].pk] == statuses[people[4].pk] == Status.WAITING
    assert [m.to for m in mail.outbox] == [[people[2].email]]
    assert "Une place s'est libérée" in mail.outbox[0].subject
    assert "/je-participe/annulation/" in mail.outbox[0].body

    # Leaving the waiting list frees no place: nobody is promoted.
    services.cancel_registration(registrations[4])
    assert len(mail.outbox) == 1
    # Unsubscribing gives the place away too.
    services.unsubscribe(Volunteer.objects.get(pk=people[1].pk))
    assert Registration.objects.get(pk=registrations[3].pk).status == Status.REGISTERED
    assert mail.outbox[-1].to == [people[3].email]
    # Asking again after a cancellation puts one at the end of the line.
    again = services.register(people[0], action)
    assert again.status == Status.WAITING


# serialized_rollback: the flush after a transactional test would otherwise also empty what
# the data migrations created (locales, site, workflows) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_registrations_for_ten_places(laval, make_action):
    # On SQLite the test database is a file (cms/settings/test.py): in memory, the threads
    # would get "table is locked" at once instead of waiting for each other.
    assert not (connection.vendor == "sqlite" and connection.is_in_memory_db())
    action = make_action(capacity=10)
    people = [make_volunteer(laval, n) for n in range(50)]
    barrier = threading.Barrier(len(people))
    errors = []

    def register(volunteer):
        try:
            barrier.wait()
            services.register(volunteer, action)
        except Exception as error:  # any failure is reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Registration.objects.filter(status=Status.REGISTERED).count() == 10
    assert Registration.objects.filter(status=Status.WAITING).count() == 40
    assert Registration.objects.count() == 50
    assert len(mail.outbox) == 50


def test_a_single_action_whose_date_is_cancelled_takes_no_registration(client, laval, make_action):
    """Its one date cancelled (not the whole action): the page offers no registration and the
    magic link's form refuses it; before, a newcomer was booked and never told (found walking
    the site in chromium)."""
    from pages.agenda.recurrence import PARIS
    from pages.models import ActionCancellation

    action = make_action()
    action.cancellations = [
        ActionCancellation(date=action.start.astimezone(PARIS).date(), reason="Crue")
    ]
    action.save_revision().publish()
    action.refresh_from_db()
    assert action.cancelled_once
    assert not services.registration_open(action)
    page = client.get(action.url).content.decode()
    assert "Je m'inscris à cette action" not in page
    volunteer = make_volunteer(laval)
    link = path_of(services.registration_link(volunteer, action))
    response = client.post(link)
    assert response.status_code == 400
    assert "les inscriptions à cette action sont closes" in response.content.decode().lower()
    assert not Registration.objects.filter(volunteer=volunteer).exists()


@pytest.mark.django_db
def test_the_registration_link_form_does_the_same_work_for_every_address(
    client, laval, make_action, monkeypatch
):
    """Issue 14 (timing): a known, an unconfirmed and an unknown address each queue the one
    job, in the same number of queries, and get the same answer; the job (run after) sends the
    link to the volunteer only. Jobs go to the real queue here (the ORM broker), not run."""
    from django.test.utils import CaptureQueriesContext
    from django_q.conf import Conf
    from django_q.models import OrmQ
    from django_q.signals import pre_enqueue
    from django_q.signing import SignedPackage

    from volunteers import jobs

    action = make_action()
    known = make_volunteer(laval, 1)
    unconfirmed = make_volunteer(laval, 2, confirmed=False)
    url = f"{action.url}inscription/"
    client.get(url)  # the caches a first request fills (site, menus)
    monkeypatch.setattr(Conf, "SYNC", False)
    queued = []

    def record(sender, task, **kwargs):
        queued.append(task)

    pre_enqueue.connect(record, dispatch_uid="test-registration-link")
    work = {}
    try:
        for name, email in {
            "known": known.email,
            "unconfirmed": unconfirmed.email,
            "unknown": "personne@exemple.invalid",
        }.items():
            queued.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.post(url, {"email": email})
            assert response.status_code == 200
            work[name] = (
                len(queries.captured_queries),
                [(task["func"], task["args"][1]) for task in queued],
                response.content,
            )
    finally:
        pre_enqueue.disconnect(dispatch_uid="test-registration-link")
    assert work["known"] == work["unconfirmed"] == work["unknown"]
    assert work["known"][1] == [(services.REGISTRATION_LINK_JOB, action.pk)]
    assert mail.outbox == []  # the requests only queued the job
    # The three jobs in the queue, run as a worker would: one e-mail, to the volunteer.
    tasks = [SignedPackage.loads(row.payload) for row in OrmQ.objects.order_by("id")]
    assert [task["func"] for task in tasks] == [services.REGISTRATION_LINK_JOB] * 3
    monkeypatch.setattr(Conf, "SYNC", True)  # the e-mail's own job runs at once, as elsewhere
    for task in tasks:
        jobs.send_registration_link(*task["args"])
    assert [m.to for m in mail.outbox] == [[known.email]]
