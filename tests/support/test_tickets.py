"""Tickets in the admin: each role sees the tickets routed to its territory and no other, an
answer is stored and e-mailed to the requester in one transaction, states move as promised,
the first-response time is on the home page's panel, and the requester's details are erased
after SUPPORT_RETENTION_DAYS."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.models import OutgoingEmail
from core.schedules import ERASE_TICKETS, SCHEDULES
from support import services
from support.models import Answer, Ticket
from tests.rows import count_rows

from .conftest import make_ticket

ADMIN = "/admin/assistance/"


def html(response) -> str:
    return response.content.decode()


# --- Who sees what ---------------------------------------------------------------------------


def test_a_commune_referent_sees_only_their_commune_s_tickets(
    client, laval_referent, laval_ticket, mayenne_ticket, quimper_ticket, national_ticket
):
    client.force_login(laval_referent)
    listing = html(client.get(ADMIN))
    assert f"#{laval_ticket.pk}<" in listing
    for other in (mayenne_ticket, quimper_ticket, national_ticket):
        assert f"#{other.pk}<" not in listing
        assert client.get(f"{ADMIN}{other.pk}/").status_code == 404
    detail = html(client.get(f"{ADMIN}{laval_ticket.pk}/"))
    assert "Jeanne Demandeuse" in detail and "jeanne@exemple.invalid" in detail


def test_a_department_referent_sees_the_department_s_and_its_communes_tickets(
    client, mayenne_referent, laval_ticket, mayenne_ticket, quimper_ticket, national_ticket
):
    client.force_login(mayenne_referent)
    listing = html(client.get(ADMIN))
    assert f"#{laval_ticket.pk}<" in listing and f"#{mayenne_ticket.pk}<" in listing
    assert f"#{quimper_ticket.pk}<" not in listing and f"#{national_ticket.pk}<" not in listing
    assert client.get(f"{ADMIN}{quimper_ticket.pk}/").status_code == 404


def test_the_national_team_sees_every_ticket(
    client, moderator, laval_ticket, mayenne_ticket, quimper_ticket, national_ticket
):
    client.force_login(moderator)
    listing = html(client.get(ADMIN))
    for ticket in (laval_ticket, mayenne_ticket, quimper_ticket, national_ticket):
        assert f"#{ticket.pk}<" in listing


def test_an_editor_handles_no_ticket(client, laval_editor, laval_ticket):
    client.force_login(laval_editor)
    assert client.get(ADMIN).status_code == 302  # Wagtail's refusal
    assert client.get(f"{ADMIN}{laval_ticket.pk}/").status_code == 302
    assert "Assistance" not in html(client.get("/admin/"))
    assert not services.visible_tickets(laval_editor).exists()


def test_a_referent_of_another_commune_cannot_answer(client, quimper_referent, laval_ticket):
    client.force_login(quimper_referent)
    response = client.post(f"{ADMIN}{laval_ticket.pk}/reponse/", {"body": "Bonjour !"})
    assert response.status_code == 404
    assert not Answer.objects.exists() and not mail.outbox


# --- Answering --------------------------------------------------------------------------------


def test_an_answer_is_stored_and_e_mailed_to_the_requester(client, laval_referent, laval_ticket):
    client.force_login(laval_referent)
    response = client.post(
        f"{ADMIN}{laval_ticket.pk}/reponse/", {"body": "Regardez l’agenda de Laval."}
    )
    assert response.status_code == 302
    laval_ticket.refresh_from_db()
    assert laval_ticket.status == Ticket.Status.ANSWERED
    assert laval_ticket.first_response_at is not None
    assert Answer.objects.get().author == laval_referent
    [sent] = mail.outbox
    assert sent.to == ["jeanne@exemple.invalid"]
    assert "Regardez l’agenda de Laval." in sent.body and "Une question" in sent.subject
    assert "/aide/" in sent.body
    # A second answer keeps the first-response time.
    first = laval_ticket.first_response_at
    client.post(f"{ADMIN}{laval_ticket.pk}/reponse/", {"body": "Et aussi celui de Mayenne."})
    laval_ticket.refresh_from_db()
    assert laval_ticket.first_response_at == first and len(mail.outbox) == 2


def test_an_answer_that_fails_leaves_no_e_mail(laval_referent, laval_ticket, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the template is broken")

    monkeypatch.setattr(services, "send_email", broken)
    with pytest.raises(RuntimeError):
        services.answer(laval_ticket, "Bonjour", laval_referent)
    assert not Answer.objects.exists() and not OutgoingEmail.objects.exists()
    laval_ticket.refresh_from_db()
    assert laval_ticket.status == Ticket.Status.NEW


def test_an_empty_answer_is_refused_with_a_message(client, laval_referent, laval_ticket):
    client.force_login(laval_referent)
    response = client.post(f"{ADMIN}{laval_ticket.pk}/reponse/", {"body": " "})
    assert response.status_code == 400
    assert "Champ requis." in html(response)
    assert not Answer.objects.exists() and not mail.outbox


def test_the_states_move_and_a_closed_ticket_is_not_answered(client, laval_referent, laval_ticket):
    client.force_login(laval_referent)
    url = f"{ADMIN}{laval_ticket.pk}/"
    client.post(url + "etat/", {"status": "in_progress"})
    laval_ticket.refresh_from_db()
    assert laval_ticket.status == Ticket.Status.IN_PROGRESS
    client.post(url + "etat/", {"status": "closed"})
    laval_ticket.refresh_from_db()
    assert laval_ticket.status == Ticket.Status.CLOSED
    assert "Envoyer la réponse" not in html(client.get(url))
    response = client.post(url + "reponse/", {"body": "Trop tard ?"}, follow=True)
    assert "La demande est close" in html(response)
    assert not mail.outbox
    response = client.post(url + "etat/", {"status": "answered"}, follow=True)
    assert "Choisissez l’un des états proposés." in html(response)


# --- Figures, retention, privacy ------------------------------------------------------------


def test_the_home_page_panel_shows_the_first_response_time(client, laval_referent, laval_ticket):
    Ticket.objects.filter(pk=laval_ticket.pk).update(
        first_response_at=laval_ticket.created_at + dt.timedelta(hours=2, minutes=5),
        status=Ticket.Status.ANSWERED,
    )
    make_ticket(commune=laval_ticket.commune, routed_commune=laval_ticket.commune)
    client.force_login(laval_referent)
    page = html(client.get("/admin/"))
    assert "1 demande attend une première réponse" in page
    assert "2 h 05 min" in page


def test_tickets_unchanged_for_the_retention_period_are_erased(
    settings, laval_ticket, national_ticket, laval_referent
):
    settings.SUPPORT_RETENTION_DAYS = 30
    services.answer(laval_ticket, "Voici la réponse.", laval_referent)
    old = timezone.now() - dt.timedelta(days=31)
    Ticket.objects.filter(pk=laval_ticket.pk).update(updated_at=old)
    assert services.erase_old_tickets() == 1
    laval_ticket.refresh_from_db()
    assert laval_ticket.erased_at is not None
    assert (laval_ticket.name, laval_ticket.email, laval_ticket.message) == ("", "", "")
    assert Answer.objects.get().body == ""
    assert laval_ticket.first_response_at is not None  # the figures stay
    national_ticket.refresh_from_db()
    assert national_ticket.email == "national@exemple.invalid"
    assert services.erase_old_tickets() == 0  # run again: nothing more
    assert any(
        periodic.name == ERASE_TICKETS and periodic.func == "support.jobs.erase_old_tickets"
        for periodic in SCHEDULES
    )


def test_an_erased_ticket_cannot_be_answered(client, laval_referent, laval_ticket):
    Ticket.objects.filter(pk=laval_ticket.pk).update(erased_at=timezone.now(), email="")
    client.force_login(laval_referent)
    response = client.post(f"{ADMIN}{laval_ticket.pk}/reponse/", {"body": "Bonjour"}, follow=True)
    assert "sont effacées" in html(response)
    assert not mail.outbox


def test_the_requester_s_details_stay_out_of_the_public_site(
    client, laval_ticket, laval_page, questions
):
    for url in ("/", "/aide/", "/aide/contact/", "/mayenne/laval/", "/api/v2/pages/"):
        page = html(client.get(url))
        assert "Jeanne" not in page and "jeanne@exemple.invalid" not in page


def test_the_admin_list_runs_a_bounded_number_of_queries_and_rows(
    client, moderator, laval, mayenne, django_assert_max_num_queries
):
    client.force_login(moderator)
    for _n in range(5):
        make_ticket(commune=laval, routed_commune=laval, routed_department=mayenne)
    client.get(ADMIN)
    with django_assert_max_num_queries(30), count_rows() as read:
        client.get(ADMIN)
    few = read.rows
    for _n in range(60):
        make_ticket(commune=laval, routed_commune=laval, routed_department=mayenne)
    with django_assert_max_num_queries(30), count_rows() as read:
        client.get(ADMIN)
    # A page of 50 tickets at most, and the way to the next one, keeping the filter.
    assert read.rows <= few + 50
    html = client.get(ADMIN, {"status": "new"}).content.decode()
    assert "Page 1 sur 2" in html and "?status=new&amp;p=2" in html


# --- Issue 22's review: the answer's link, the help centre's cache ---------------------------


def test_the_answer_links_to_the_help_centre_on_the_territory_s_own_address(
    laval_page, laval_referent, laval_ticket
):
    from wagtail.models import Site

    Site.objects.create(hostname="laval.localhost", port=80, root_page=laval_page)
    mail.outbox.clear()
    services.answer(laval_ticket, "Voici la réponse.", laval_referent)
    (message,) = mail.outbox
    assert "http://laval.localhost/aide/" in message.body
    assert "http://testserver/aide/" not in message.body


def test_the_answer_of_a_national_ticket_links_to_the_national_help_centre(laval_referent):
    ticket = make_ticket()
    mail.outbox.clear()
    services.answer(ticket, "Voici la réponse.", laval_referent)
    assert "http://testserver/aide/" in mail.outbox[0].body
