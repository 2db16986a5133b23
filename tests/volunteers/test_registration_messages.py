"""What a volunteer is told after registering: the e-mail names the place and links the action;
on the waiting list, the success page offers to leave the list and adds nothing to a calendar
(found walking the site in chromium: the e-mail had only the date, the waiting list's page
offered 'Add to your calendar' and 'Cancel my registration')."""

import pytest
from django.core import mail

from volunteers import services
from volunteers.models import Registration

from .conftest import make_volunteer
from .test_one_click import recognising_client

pytestmark = pytest.mark.django_db


def test_the_registration_e_mail_says_where_and_links_the_action(laval, make_action):
    action = make_action()  # at "Quai d'Avesnières, Laval"
    volunteer = make_volunteer(laval, 1)
    mail.outbox = []
    services.register(volunteer, action)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Avesnières, Laval" in text
        assert action.get_full_url() in text
    assert "Où :" in message.body


def test_the_waiting_list_e_mail_and_the_promotion_link_the_action(laval, make_action):
    action = make_action(capacity=1)
    first, second = make_volunteer(laval, 1), make_volunteer(laval, 2)
    services.register(first, action)
    mail.outbox = []
    waiting = services.register(second, action)
    assert waiting.status == Registration.Status.WAITING
    (waiting_message,) = mail.outbox
    assert action.get_full_url() in waiting_message.body
    mail.outbox = []
    services.cancel_registration(first.registrations.get())
    promoted = [m for m in mail.outbox if m.to == [second.email]]
    assert len(promoted) == 1
    assert "Quai d'Avesnières, Laval" in promoted[0].body
    assert action.get_full_url() in promoted[0].body


def test_the_waiting_lists_success_page_offers_to_leave_it_and_no_calendar(laval, make_action):
    action = make_action(capacity=1)
    services.register(make_volunteer(laval, 1), action)
    volunteer = make_volunteer(laval, 2)
    client = recognising_client(volunteer)
    response = client.post(f"{action.url}inscription/", follow=True)
    html = response.content.decode()
    assert volunteer.registrations.get().status == Registration.Status.WAITING
    assert "Quitter la liste d’attente" in html or "Quitter la liste d'attente" in html
    assert "Annuler mon inscription" not in html
    assert "Ajouter cette action à votre agenda" not in html


def test_a_registered_volunteers_success_page_keeps_its_calendar_and_cancel(laval, make_action):
    action = make_action()
    client = recognising_client(make_volunteer(laval, 1))
    html = client.post(f"{action.url}inscription/", follow=True).content.decode()
    assert "Annuler mon inscription" in html
    assert "Ajouter cette action à votre agenda" in html


def test_titles_put_a_non_breaking_space_before_the_colon_in_french(laval, make_action):
    action = make_action(title="Nettoyage des berges")
    client = recognising_client(make_volunteer(laval, 1))
    assert (
        "S'inscrire\u00a0: Nettoyage des berges"
        in client.get(f"{action.url}inscription/").content.decode()
    )
    html = client.post(f"{action.url}inscription/", follow=True).content.decode()
    assert "<title>Vous êtes inscrit·e\u00a0: Nettoyage des berges" in html
