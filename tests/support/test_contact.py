"""The contact form: each request routed to the commune's referents, the department's or the
national team, who are told without the requester's details; a robot, a flood and bad input
change nothing."""

import logging

import pytest
from django.core import mail

from core.models import OutgoingEmail
from support.models import Ticket

URL = "/aide/contact/"


def post(client, fields, **changes):
    return client.post(URL, {**fields, **changes})


def test_the_form_is_a_page(client, home_page):
    page = client.get(URL).content.decode()
    assert "Poser une question" in page and 'name="website"' in page
    assert "de 8 h à 22 h" in page


def test_a_question_from_laval_goes_to_laval_s_referents(
    client, contact_fields, laval_referent, mayenne_referent, moderator
):
    response = post(client, contact_fields, postal_code="53000")
    assert response.status_code == 302 and response.url == "/aide/contact/merci/"
    ticket = Ticket.objects.get()
    assert ticket.commune.name == "Laval" and ticket.routed_commune.name == "Laval"
    assert ticket.routed_department.name == "Mayenne"
    assert [message.to for message in mail.outbox] == [[laval_referent.email]]


def test_a_commune_not_engaged_goes_to_its_department(
    client, contact_fields, ernee, mayenne_referent, laval_referent, moderator
):
    post(client, contact_fields, postal_code="53500", commune=str(ernee.pk))
    ticket = Ticket.objects.get()
    assert ticket.commune == ernee and ticket.routed_commune is None
    assert ticket.routed_department.code == "53"
    assert [message.to for message in mail.outbox] == [[mayenne_referent.email]]


def test_an_engaged_commune_without_referents_goes_to_its_department(
    client, contact_fields, quimper_page, finistere_referent, moderator
):
    post(client, contact_fields, postal_code="29000")
    ticket = Ticket.objects.get()
    assert ticket.routed_commune is None and ticket.routed_department.code == "29"
    assert [message.to for message in mail.outbox] == [[finistere_referent.email]]


def test_no_commune_or_nobody_there_goes_to_the_national_team(
    client, contact_fields, laval_referent, moderator, ernee
):
    post(client, contact_fields)
    # Ernée's department has no referent in this test: national too.
    post(client, contact_fields, postal_code="53500", commune=str(ernee.pk), subject="Ernée")
    assert Ticket.objects.filter(routed_commune=None, routed_department=None).count() == 2
    assert {tuple(message.to) for message in mail.outbox} == {(moderator.email,)}


def test_the_people_told_read_no_personal_data_of_the_requester(
    client, contact_fields, laval_referent, caplog
):
    caplog.set_level(logging.DEBUG)
    post(client, contact_fields, postal_code="53000")
    told = mail.outbox[0]
    text = told.subject + told.body + told.alternatives[0][0]
    for private in ("Jeanne", "jeanne@exemple.invalid", "près de chez moi"):
        assert private not in text
        assert private not in caplog.text
    assert f"/admin/assistance/{Ticket.objects.get().pk}/" in told.body
    # The job carried the outbox row's id; the row itself is for the referent only.
    assert OutgoingEmail.objects.get().recipients == [laval_referent.email]


def test_a_postal_code_of_several_communes_asks_which(client, contact_fields, ernee, moderator):
    response = post(client, contact_fields, postal_code="53500")
    assert response.status_code == 200
    assert "est celui de plusieurs communes" in response.content.decode()
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide."),
        ({"postal_code": "99999"}, "code postal"),
        ({"message": "court"}, "au moins 10 caractères"),
        ({"audience": "pirates"}, "Sélectionnez un choix valide"),
        ({"subject": "Deux\nlignes"}, "ligne"),
        ({"name": ""}, "Champ requis."),
    ],
)
def test_bad_input_is_a_clear_message_and_changes_nothing(
    client, contact_fields, home_page, laval, changes, message
):
    response = post(client, contact_fields, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ticket.objects.exists() and not mail.outbox


def test_a_robot_is_thanked_and_nothing_is_kept(client, contact_fields, moderator):
    response = post(client, contact_fields, website="http://spam.example")
    assert response.status_code == 302 and response.url == "/aide/contact/merci/"
    assert not Ticket.objects.exists() and not mail.outbox


def test_a_flood_is_stopped_with_a_message(client, contact_fields, moderator):
    for n in range(5):
        assert post(client, contact_fields, email=f"p{n}@exemple.invalid").status_code == 302
    response = post(client, contact_fields, email="p9@exemple.invalid")
    assert response.status_code == 429
    assert "beaucoup de demandes" in response.content.decode()
    assert Ticket.objects.count() == 5


def test_a_mailbox_flooded_from_many_places_is_answered_as_done_and_left_alone(
    client, contact_fields, moderator
):
    for n in range(5):
        post(client, contact_fields, REMOTE_ADDR=f"192.0.2.{n}")
    response = client.post(URL, contact_fields, REMOTE_ADDR="192.0.2.99")
    assert response.status_code == 302
    assert Ticket.objects.count() == 5


def test_the_form_needs_its_csrf_token(contact_fields, home_page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, contact_fields)
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_the_form_and_its_thanks_run_a_bounded_number_of_queries(
    client, contact_fields, laval_referent, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        client.get(URL)
    with django_assert_max_num_queries(40):
        post(client, contact_fields, postal_code="53000")
    with django_assert_max_num_queries(10):
        client.get("/aide/contact/merci/")
