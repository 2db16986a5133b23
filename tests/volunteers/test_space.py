"""The volunteer's space through a magic link: profile, registrations, hours, commune, a copy of
one's data, unsubscribing and erasure (anonymous aggregates kept)."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from helprequests.models import Contact, HelpRequest
from tests.factories.volunteers import opened_space
from volunteers import services, space, tokens
from volunteers.models import Registration, Volunteer

from .conftest import make_volunteer

REQUEST = "/je-participe/mon-espace/"


def space_path(volunteer) -> str:
    """A visit of the space (its e-mailed link opened)."""
    return opened_space(volunteer)


def link_in(message) -> str:
    return re.search(r"http://testserver(/je-participe/mon-espace/[^/\s]+/)", message.body)[1]


def test_a_volunteer_gets_the_link_of_their_space_by_e_mail(client, laval):
    camille = make_volunteer(laval, 1, first_name="Camille")
    response = client.post(REQUEST, {"email": "  VOLONTAIRE1.53130@exemple.invalid "})
    assert response.status_code == 200
    assert "un message est en route" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [camille.email]
    assert "Le lien de votre espace bénévole" in message.subject
    assert "List-Unsubscribe" in message.extra_headers
    page = client.get(link_in(message))  # a button: a GET (a mail scanner) spends nothing
    assert page.status_code == 200 and "Bonjour Camille" not in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    page = client.post(link_in(message), {"open": "1"}, follow=True)
    assert "Bonjour Camille" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"


def test_asking_for_a_link_reveals_nothing(client, laval):
    make_volunteer(laval, 1)
    unconfirmed = make_volunteer(laval, 2, confirmed=False)
    known = client.post(REQUEST, {"email": "volontaire1.53130@exemple.invalid"})
    unknown = client.post(REQUEST, {"email": "personne@exemple.invalid"})
    pending = client.post(REQUEST, {"email": unconfirmed.email})
    assert known.content == unknown.content == pending.content
    assert [m.to for m in mail.outbox] == [
        ["volontaire1.53130@exemple.invalid"],
        [unconfirmed.email],  # the confirmation link again, not the space
    ]
    assert "Confirmez" in mail.outbox[1].subject or "confirm" in mail.outbox[1].body


def test_bad_address_is_explained(client, laval):
    response = client.post(REQUEST, {"email": "pas-une-adresse"})
    assert "Saisissez une adresse e-mail valide" in response.content.decode()
    assert mail.outbox == []


def test_link_requests_are_rate_limited(client, laval):
    for _n in range(10):
        client.post(REQUEST, {"email": "personne@exemple.invalid"})
    assert client.post(REQUEST, {"email": "personne@exemple.invalid"}).status_code == 429


def test_the_link_expires_and_cannot_be_altered(client, laval):
    volunteer = make_volunteer(laval, 1)
    old = tokens.make(
        tokens.SPACE,
        {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email)},
        at=timezone.now().timestamp() - 49 * 3600,
    )
    response = client.get(f"{REQUEST}{old}/")
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()
    response = client.get(space.space_url(volunteer)[len("http://testserver") : -3] + "xx/")
    assert response.status_code == 400
    # A link of another kind opens nothing here.
    other = tokens.make(tokens.UNSUBSCRIBE, {"v": volunteer.pk})
    assert client.get(f"{REQUEST}{other}/").status_code == 400


def test_the_volunteer_edits_their_profile(client, laval, gestures):
    volunteer = make_volunteer(laval, 1)
    url = space_path(volunteer) + "profil/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "first_name": " Camille ",
            "last_name": "Martin",
            "phone": "+33 6 39 98 22 33",
            "gestures": [gestures[0].pk, gestures[2].pk],
            "kinds": ["neighbourly"],
            "availability": ["weekday-evening", "weekend-morning"],
            "skills": "Jardinage",
        },
    )
    assert response.status_code == 302
    assert client.get(response.url).content.decode().count("Vos coordonnées sont enregistrées")
    volunteer.refresh_from_db()
    assert (volunteer.first_name, volunteer.last_name, volunteer.phone) == (
        "Camille",
        "Martin",
        "0639982233",
    )
    assert volunteer.availability_codes == ["weekday-evening", "weekend-morning"]
    assert {g.pk for g in volunteer.gestures.all()} == {gestures[0].pk, gestures[2].pk}


def test_the_space_keeps_its_link_from_other_sites_but_not_from_its_own_forms(client, laval):
    """`no-referrer` made browsers post the space's forms with `Origin: null` (a 403 on every
    form); `same-origin` keeps the secret link from other sites and lets the forms through."""
    volunteer = make_volunteer(laval, 1)
    for suffix in ("", "profil/", "commune/", "effacer/"):
        response = client.get(space_path(volunteer) + suffix)
        assert response.status_code == 200, suffix
        assert response["Referrer-Policy"] == "same-origin", suffix


def test_a_form_refused_for_its_security_token_gets_a_page_in_french(laval):
    from django.test import Client

    volunteer = make_volunteer(laval, 1, first_name="Camille")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(space_path(volunteer) + "profil/", {"first_name": "Eve"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Ce formulaire a expiré" in text
    assert "Rien n'a été enregistré" in text
    assert "CSRF" not in text
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Camille"


def test_bad_profile_input_is_explained_and_changes_nothing(client, laval, gestures):
    volunteer = make_volunteer(laval, 1, first_name="Camille")
    url = space_path(volunteer) + "profil/"
    response = client.post(
        url,
        {
            "first_name": "",
            "last_name": "Martin",
            "phone": "12",
            "gestures": [gestures[3].pk],  # not live
            "availability": ["la nuit"],
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Champ requis." in text
    assert "Saisissez un numéro de téléphone français" in text
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Camille"
    assert volunteer.gestures.count() == 0


def test_the_volunteer_sees_and_cancels_their_registrations(client, laval, make_action):
    action = make_action(capacity=1)
    first, second = make_volunteer(laval, 1), make_volunteer(laval, 2)
    registration = services.register(first, action)
    services.register(second, action)  # waiting
    page = client.get(space_path(first)).content.decode()
    assert "Nettoyage des berges" in page
    assert "Inscrit" in page
    mail.outbox.clear()

    response = client.post(space_path(first) + f"annuler/{registration.pk}/")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert Registration.objects.get(volunteer=second).status == Registration.Status.REGISTERED
    assert mail.outbox[0].to == [second.email]  # promoted, and told
    # Someone else's registration cannot be cancelled from one's space.
    theirs = Registration.objects.get(volunteer=second)
    assert client.post(space_path(first) + f"annuler/{theirs.pk}/").status_code == 404
    assert client.get(space_path(first) + f"annuler/{theirs.pk}/").status_code == 405


def test_the_space_shows_the_hours_given(client, laval, make_action):
    action = make_action()
    volunteer = make_volunteer(laval, 1)
    registration = services.register(volunteer, action)
    ended = timezone.now() - dt.timedelta(days=2)
    type(action).objects.filter(pk=action.pk).update(start=ended - dt.timedelta(hours=2), end=ended)
    Registration.objects.filter(pk=registration.pk).update(hours=Decimal("1.5"))
    text = client.get(space_path(volunteer)).content.decode()
    assert "Les heures que vous avez données" in text
    assert "1,5 h" in text or "1.5 h" in text
    # A past action without hours yet links to the form that records them.
    Registration.objects.filter(pk=registration.pk).update(hours=None)
    text = client.get(space_path(volunteer)).content.decode()
    link = re.search(r'href="http://testserver(/je-participe/heures/[^"]+)"', text)[1]
    assert client.post(link, {"hours": "2"}).status_code == 200
    registration.refresh_from_db()
    assert registration.hours == Decimal(2)


def test_change_of_commune_by_postal_code(client, laval_page, laval, ernee, quimper):
    volunteer = make_volunteer(laval, 1)
    url = space_path(volunteer) + "commune/"
    assert client.get(url).status_code == 200
    # 53500 serves Ernée and Montenay: the person must choose.
    response = client.post(url, {"postal_code": "53500"})
    assert response.status_code == 400
    assert "Ernée" in response.content.decode() and "Montenay" in response.content.decode()
    response = client.post(url, {"postal_code": "99999"})
    assert response.status_code == 400
    volunteer.refresh_from_db()
    assert volunteer.commune == laval

    response = client.post(url, {"postal_code": "53500", "commune": ernee.pk})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.commune == ernee
    # Ernée has not joined: they wait in its pool.
    assert Volunteer.objects.waiting().filter(pk=volunteer.pk).exists()


def test_change_to_an_engaged_commune_hands_over(client, laval_page, laval_referent, ernee):
    volunteer = make_volunteer(ernee, 1, handed_over=False)
    response = client.post(space_path(volunteer) + "commune/", {"postal_code": "53000"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.commune.code == "53130"
    assert volunteer.handed_over_at is not None
    assert [m.to for m in mail.outbox] == [[laval_referent.email]]


def test_download_my_data(client, laval, make_action, gestures):
    volunteer = make_volunteer(laval, 1, first_name="Camille", skills="Bricolage")
    volunteer.gestures.set([gestures[0]])
    services.register(volunteer, make_action())
    response = client.get(space_path(volunteer) + "mes-donnees.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["first_name"] == "Camille"
    assert data["email"] == volunteer.email
    assert data["commune"] == {"code": "53130", "name": "Laval"}
    assert data["gestures"] == ["Faire les courses d'un voisin"]
    assert data["registrations"][0]["action"] == "Nettoyage des berges"
    assert data["registrations"][0]["status"] == "registered"


def test_erase_my_data_keeps_anonymous_aggregates(client, laval, make_action):
    past = make_action(slug="passee")
    ended = timezone.now() - dt.timedelta(days=3)
    type(past).objects.filter(pk=past.pk).update(start=ended - dt.timedelta(hours=2), end=ended)
    upcoming = make_action(capacity=1, slug="bientot")
    volunteer = make_volunteer(laval, 1, first_name="Camille", last_name="Martin")
    other = make_volunteer(laval, 2)
    given = Registration.objects.create(
        volunteer=volunteer,
        action=past,
        status="registered",
        requested_at=timezone.now(),
        hours=Decimal(2),
    )
    services.register(volunteer, upcoming)
    services.register(other, upcoming)  # waiting for Camille's place
    request = HelpRequest.objects.create(
        commune=laval, need="Courses", channel="phone", status="closed", hours=Decimal(1)
    )
    Contact.objects.create(request=request, volunteer=volunteer)
    confirmed_before = Volunteer.objects.confirmed().filter(commune=laval).count()
    url = space_path(volunteer)

    assert "Effacer mes données" in client.get(url + "effacer/").content.decode()
    response = client.post(url + "effacer/")
    assert "Vos données sont effacées" in response.content.decode()

    volunteer.refresh_from_db()
    assert volunteer.erased_at is not None
    for field in ("first_name", "last_name", "phone", "skills", "availability", "kinds"):
        assert getattr(volunteer, field) == ""
    assert "exemple.invalid" not in volunteer.email
    assert volunteer.gestures.count() == 0
    assert volunteer.calendar_token is None
    # The aggregates stay: the volunteer count, the hours given, the contact (anonymous).
    assert Volunteer.objects.confirmed().filter(commune=laval).count() == confirmed_before
    given.refresh_from_db()
    assert given.hours == Decimal(2)
    assert Contact.objects.filter(request=request, volunteer=volunteer).exists()
    # The upcoming place went to the next on the waiting list.
    assert Registration.objects.get(volunteer=other).status == Registration.Status.REGISTERED
    # Nobody sees them any more, and the link opens nothing.
    assert not Volunteer.objects.active().filter(pk=volunteer.pk).exists()
    refused = client.get(url)
    assert refused.status_code == 400
    assert "Vos données ont été effacées" in refused.content.decode()  # not "altered"
    # They may sign up again with the same address.
    assert not Volunteer.objects.filter(email="volontaire1.53130@exemple.invalid").exists()


def test_unsubscribe_link_in_e_mails_erases_too(client, laval):
    volunteer = make_volunteer(laval, 1)
    assert "Se désinscrire" in client.get(space_path(volunteer)).content.decode()
    client.post(services.unsubscribe_url(volunteer).removeprefix("http://testserver"))
    volunteer.refresh_from_db()
    assert volunteer.erased_at is not None and volunteer.first_name == ""


@pytest.mark.parametrize("count", [5, 50])
def test_space_runs_bounded_queries(
    client, laval, make_action, gestures, count, django_assert_max_num_queries
):
    volunteer = make_volunteer(laval, 1)
    volunteer.gestures.set(gestures[:3])
    for n in range(count):
        services.register(volunteer, make_action(slug=f"action-{n}", title=f"Action {n}"))
    path = space_path(volunteer)
    with django_assert_max_num_queries(20):
        assert client.get(path).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(path + "mes-donnees.json").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(path + "profil/").status_code == 200
