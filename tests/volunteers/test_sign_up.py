"""Signing up with a double opt-in: nothing counts until the link is clicked."""

import re
import time
import zlib
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from core.schedules import PURGE_UNCONFIRMED as PURGE_SCHEDULE_NAME
from volunteers import services, space, tokens
from volunteers.models import Volunteer

from .conftest import make_volunteer, sign_up_data

pytestmark = pytest.mark.django_db


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/je-participe/confirmer/[^/\s]+/)", message.body).group(1)


def test_valid_sign_up_sends_a_signed_link_and_confirms_nothing(client, laval, gestures):
    response = client.post(
        "/je-participe/", sign_up_data(gestures=[gestures[0].pk, gestures[2].pk])
    )
    assert response.status_code == 302
    assert response["Location"] == "/je-participe/verifiez-vos-e-mails/"
    volunteer = Volunteer.objects.get()
    assert volunteer.commune == laval  # the only commune of 53000, chosen for the person
    assert volunteer.phone == "0639981234"
    assert volunteer.confirmed_at is None
    assert set(volunteer.gestures.all()) == {gestures[0], gestures[2]}
    assert volunteer.availability_codes == ["weekend-morning"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille.durand@exemple.invalid"]
    assert "Confirmez" in message.subject
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/je-participe/desinscription/"
    )
    html = message.alternatives[0][0]
    assert confirm_link(message) in html
    assert "/je-participe/desinscription/" in message.body

    page = client.get("/je-participe/verifiez-vos-e-mails/")
    assert "Vérifiez votre boîte" in page.content.decode()

    response = client.get(confirm_link(message))
    assert response.status_code == 200
    assert "Votre inscription est confirmée" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.confirmed_at is not None


def test_link_expires_after_seven_days(client, laval):
    volunteer = make_volunteer(laval, confirmed=False)
    payload = {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email)}
    old = tokens.make(tokens.CONFIRM, payload, at=time.time() - 7 * 86400 - 60)
    response = client.get(f"/je-participe/confirmer/{old}/")
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.confirmed_at is None
    recent = tokens.make(tokens.CONFIRM, payload, at=time.time() - 6 * 86400)
    assert client.get(f"/je-participe/confirmer/{recent}/").status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.confirmed_at is not None


@pytest.mark.parametrize("purpose", ["tampered", "other-purpose", "garbage"])
def test_tampered_link_gets_a_clear_message(client, laval, purpose):
    volunteer = make_volunteer(laval, confirmed=False)
    token = tokens.make(
        tokens.CONFIRM, {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email)}
    )
    if purpose == "tampered":
        token = token[:-3] + ("aaa" if token[-3:] != "aaa" else "bbb")
    elif purpose == "other-purpose":
        token = tokens.make(
            tokens.UNSUBSCRIBE, {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email)}
        )
    else:
        token = "n-importe-quoi"
    response = client.get(f"/je-participe/confirmer/{token}/")
    assert response.status_code == 400
    assert "Ce lien n&#x27;est pas valide" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.confirmed_at is None


def test_same_email_twice_makes_one_volunteer_and_the_same_answer(client, laval):
    first = client.post("/je-participe/", sign_up_data())
    second = client.post(
        "/je-participe/", sign_up_data(email=" Camille.DURAND@exemple.invalid ", first_name="X")
    )
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Volunteer.objects.count() == 1
    assert Volunteer.objects.get().first_name == "Camille"
    # The owner of the address gets the link again, nobody else learns anything.
    assert [m.to for m in mail.outbox] == [["camille.durand@exemple.invalid"]] * 2
    Volunteer.objects.update(confirmed_at=timezone.now())
    third = client.post("/je-participe/", sign_up_data())
    assert third["Location"] == first["Location"]
    assert Volunteer.objects.count() == 1
    assert "déjà inscrit" in mail.outbox[-1].subject


def test_honeypot_saves_nothing_and_sends_nothing(client, laval):
    response = client.post("/je-participe/", sign_up_data(website="http://spam.example"))
    assert response.status_code == 302
    assert Volunteer.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit(client, laval):
    for n in range(10):
        client.post("/je-participe/", sign_up_data(email=f"personne{n}@exemple.invalid"))
    response = client.post("/je-participe/", sign_up_data(email="encore@exemple.invalid"))
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert Volunteer.objects.count() == 10


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide."),
        ({"phone": "12345"}, "Saisissez un numéro de téléphone français"),
        ({"postal_code": "99999"}, "99999"),
        ({"charter": ""}, "Acceptez la charte du bénévole pour vous inscrire."),
        ({"first_name": ""}, "Champ requis."),
        ({"availability": ["never"]}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(client, laval, overrides, message):
    response = client.post("/je-participe/", sign_up_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Volunteer.objects.count() == 0
    assert mail.outbox == []


def test_shared_postal_code_asks_for_the_commune(client, ernee):
    response = client.post("/je-participe/", sign_up_data(postal_code="53500"))
    content = response.content.decode()
    assert "Choisissez votre commune" in content
    assert "Ernée" in content and "Montenay" in content
    assert Volunteer.objects.count() == 0
    response = client.post("/je-participe/", sign_up_data(postal_code="53500", commune=ernee.pk))
    assert response.status_code == 302
    assert Volunteer.objects.get().commune == ernee


def test_commune_page_sign_up_is_prefilled(client, laval_page):
    response = client.get("/mayenne/laval/je-participe/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="53000"' in content
    assert "Laval" in content
    assert client.get("/mayenne/nulle-part/je-participe/").status_code == 404
    assert client.get("/mayenne/je-participe/").status_code == 404  # not a commune page


def test_gesture_is_preselected_and_drafts_are_not_offered(client, laval, gestures):
    content = client.get("/je-participe/?geste=porter-colis").content.decode()
    assert f'value="{gestures[1].pk}" id="gesture-{gestures[1].pk}" checked' in content
    assert f'value="{gestures[0].pk}" id="gesture-{gestures[0].pk}">' in content
    assert "Brouillon caché" not in content
    assert "Courses" in content and "Jardin" in content
    response = client.post("/je-participe/", sign_up_data(gestures=[gestures[3].pk]))
    assert response.status_code == 200
    assert Volunteer.objects.count() == 0


def test_english_sign_up_page(client, laval):
    response = client.get("/en/je-participe/")
    assert response.status_code == 200
    assert "I give one hour a month" in response.content.decode()


def test_purge_deletes_only_old_unconfirmed_sign_ups(laval):
    old = make_volunteer(laval, 1, confirmed=False)
    recent = make_volunteer(laval, 2, confirmed=False)
    old_confirmed = make_volunteer(laval, 3, confirmed=True)
    Volunteer.objects.filter(pk__in=[old.pk, old_confirmed.pk]).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    Volunteer.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=29))
    assert services.purge_unconfirmed() == 1
    assert set(Volunteer.objects.values_list("pk", flat=True)) == {recent.pk, old_confirmed.pk}


def test_purge_is_scheduled_daily(db):
    schedule = Schedule.objects.get(name=PURGE_SCHEDULE_NAME)
    assert schedule.func == "volunteers.jobs.purge_unconfirmed"
    assert schedule.schedule_type == Schedule.DAILY
    call_command("migrate", verbosity=0)
    assert Schedule.objects.filter(name=PURGE_SCHEDULE_NAME).count() == 1


def test_unsubscribe_link_erases_the_volunteer(client, laval):
    volunteer = make_volunteer(laval)
    url = services.unsubscribe_url(volunteer).removeprefix("http://testserver")
    assert client.get(url).status_code == 200
    assert Volunteer.objects.active().filter(pk=volunteer.pk).exists()
    response = client.post(url)
    assert "Vous êtes désinscrit" in response.content.decode()
    # Their personal data is gone; an anonymous row stays for the figures.
    assert not Volunteer.objects.active().filter(pk=volunteer.pk).exists()
    assert not Volunteer.objects.filter(email=volunteer.email).exists()


@pytest.mark.parametrize("count", [5, 50])
def test_sign_up_pages_run_bounded_queries(
    client, laval_page, gestures, count, django_assert_max_num_queries
):
    for n in range(count):
        make_volunteer(laval_page.commune, n)
    with django_assert_max_num_queries(25):
        assert client.get("/je-participe/").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get("/mayenne/laval/je-participe/").status_code == 200
    with django_assert_max_num_queries(30):
        client.post("/je-participe/", sign_up_data(gestures=[gestures[0].pk]))


def readable_payload(token: str) -> str:
    """What anyone can read of a signed token (its value is signed, not encrypted)."""
    value = token.split(":")[0]
    data = signing.b64_decode(value.lstrip(".").encode())
    return (zlib.decompress(data) if value.startswith(".") else data).decode()


def test_no_link_carries_the_address(client, laval, make_action):
    """The links of the e-mails (confirm, register, space) identify the volunteer without the
    address in the URL, where logs and browser histories would keep it."""
    client.post("/je-participe/", sign_up_data())
    volunteer = Volunteer.objects.get()
    links = [confirm_link(mail.outbox[-1])]
    client.get(links[0])
    volunteer.refresh_from_db()
    links.append(services.registration_link(volunteer, make_action()))
    links.append(space.space_url(volunteer))
    for link in links:
        token = link.rstrip("/").rsplit("/", 1)[1]
        payload = readable_payload(token)
        assert volunteer.email not in payload and "exemple" not in payload
        assert str(volunteer.pk) in payload


def test_a_link_for_a_former_address_opens_nothing(client, laval):
    volunteer = make_volunteer(laval, confirmed=False)
    token = tokens.make(
        tokens.CONFIRM, {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email)}
    )
    Volunteer.objects.filter(pk=volunteer.pk).update(email="autre@exemple.invalid")
    assert client.get(f"/je-participe/confirmer/{token}/").status_code == 400
    volunteer.refresh_from_db()
    assert volunteer.confirmed_at is None


def test_links_sent_with_the_address_still_work_until_they_expire(client, laval):
    volunteer = make_volunteer(laval, confirmed=False)
    token = tokens.make(tokens.CONFIRM, {"v": volunteer.pk, "e": volunteer.email})
    assert client.get(f"/je-participe/confirmer/{token}/").status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.confirmed_at is not None
