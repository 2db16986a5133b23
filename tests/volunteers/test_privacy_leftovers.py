"""What stays after a volunteer erased their data (every old link answers "erased" and does
nothing), the public figures of communes that have not joined, and the request for a space's
link that does the same work for every address (issue 14)."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from volunteers import calendar, hours, services, space, tokens
from volunteers.models import Registration, Volunteer

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db


def path(url: str) -> str:
    return url.removeprefix("http://testserver")


@pytest.fixture
def erased_links(laval, make_action):
    """Every link a volunteer was ever e-mailed, then their data erased."""
    volunteer = make_volunteer(laval, 1, first_name="Camille")
    upcoming = make_action(slug="bientot")
    other = make_action(slug="autre", title="Autre action")
    past = make_action(slug="passee", title="Action passée")
    ended = timezone.now() - dt.timedelta(days=2)
    type(past).objects.filter(pk=past.pk).update(start=ended - dt.timedelta(hours=2), end=ended)
    place = services.register(volunteer, upcoming)
    given = Registration.objects.create(
        volunteer=volunteer, action=past, status="registered", requested_at=ended
    )
    confirm = tokens.make(
        tokens.CONFIRM, {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email)}
    )
    links = {
        "calendar": path(calendar.renew_url(volunteer)),
        "cancel": path(services.cancel_url(place)),
        "unsubscribe": path(services.unsubscribe_url(volunteer)),
        "stop_emails": path(services.stop_emails_url(volunteer)),
        "register": path(services.registration_link(volunteer, other)),
        "hours": path(hours.hours_url(given)),
        "space": path(space.space_url(volunteer)),
        "confirm": f"/je-participe/confirmer/{confirm}/",
    }
    space.erase(volunteer)
    mail.outbox.clear()
    return volunteer, links


@pytest.mark.parametrize(
    "link", ["calendar", "cancel", "unsubscribe", "stop_emails", "register", "hours", "space"]
)
def test_erasure_revokes_every_outstanding_link(client, erased_links, link):
    volunteer, links = erased_links
    registrations = list(Registration.objects.values_list("pk", "status", "hours"))
    for method in (client.get, client.post):
        url = links[link] + ("effacer/" if link == "space" and method == client.post else "")
        response = method(url, {"hours": "2"} if link == "hours" else {})
        assert response.status_code == 400, (link, method)
        assert "Vos données ont été effacées" in response.content.decode(), link
    volunteer.refresh_from_db()
    assert volunteer.calendar_token is None  # no new personal feed
    assert volunteer.erased_at is not None and volunteer.first_name == ""
    assert list(Registration.objects.values_list("pk", "status", "hours")) == registrations
    assert mail.outbox == []


def test_a_waiting_commune_has_no_public_figures_of_its_own(client, laval_page, ernee):
    make_volunteer(ernee, 1, handed_over=False)
    make_volunteer(laval_page.commune, 2)
    answer = client.get("/api/v2/figures/?commune=53096").json()
    assert answer["scope"] == {"code": "53", "name": "Mayenne"}
    assert answer["asked"] == {"code": "53096", "name": "Ernée", "joined": False}
    assert answer["volunteers"] == 2  # the department's, never Ernée's alone
    joined = client.get("/api/v2/figures/?commune=53130").json()
    assert joined["scope"]["code"] == "53130" and joined["volunteers"] == 1


def test_the_space_link_form_does_the_same_work_for_every_address(client, laval):
    known = make_volunteer(laval, 1)
    unconfirmed = make_volunteer(laval, 2, confirmed=False)
    client.get("/je-participe/mon-espace/")  # the caches a first request fills (site, menus)
    work = {}
    for name, email in {
        "known": known.email,
        "unconfirmed": unconfirmed.email,
        "unknown": "personne@exemple.invalid",
    }.items():
        with (
            mock.patch("volunteers.space.async_task") as queued,
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.post("/je-participe/mon-espace/", {"email": email})
        assert response.status_code == 200
        work[name] = (
            len(queries.captured_queries),
            [call.args[0] for call in queued.call_args_list],
            response.content,
        )
    assert work["known"] == work["unconfirmed"] == work["unknown"]
    assert work["known"][1] == [space.SPACE_LINK_JOB]
    assert mail.outbox == []  # the requests only queued the job


def test_the_job_sends_the_link_to_a_volunteer_and_nothing_to_an_unknown_address(laval):
    known = make_volunteer(laval, 1)
    space.send_space_link("personne@exemple.invalid")
    assert mail.outbox == []
    space.send_space_link(known.email.upper())
    assert [m.to for m in mail.outbox] == [[known.email]]
    assert not Volunteer.objects.filter(email="personne@exemple.invalid").exists()


def test_a_space_link_opens_once(client, laval):
    volunteer = make_volunteer(laval, 1, first_name="Camille")
    mailed = path(space.space_url(volunteer))
    older = path(space.space_url(volunteer))  # another e-mail of the same day
    for _n in range(2):  # a GET (a mail scanner, a preview) shows a button, spends nothing
        page = client.get(mailed)
        assert page.status_code == 200 and "Bonjour Camille" not in page.content.decode()
    assert client.post(mailed + "effacer/").status_code == 200  # the button again, no erasure
    opened = client.post(mailed, {"open": "1"})
    assert opened.status_code == 302 and opened.url != mailed
    visit = opened.url
    assert "Bonjour Camille" in client.get(visit).content.decode()
    assert client.get(visit + "profil/").status_code == 200  # the visit goes on
    for spent in (mailed, older):  # the link opened, and every one sent before it
        again = client.post(spent, {"open": "1"})
        assert again.status_code == 400
        assert "Ce lien a déjà été utilisé" in again.content.decode()
        assert "/je-participe/mon-espace/" in again.content.decode()  # ask for a new one
    # A link sent later opens, and ends the previous visit.
    newer = path(space.space_url(Volunteer.objects.get(pk=volunteer.pk)))
    second_visit = client.post(newer, {"open": "1"}).url
    assert client.get(visit).status_code == 400
    assert "Bonjour Camille" in client.get(second_visit).content.decode()
    assert Volunteer.objects.get(pk=volunteer.pk).erased_at is None


def test_two_requests_cannot_both_spend_one_link(laval):
    volunteer = make_volunteer(laval, 1)
    stale = Volunteer.objects.get(pk=volunteer.pk)
    space.open_space(volunteer)
    with pytest.raises(tokens.UsedLink):
        space.open_space(stale)
