"""The volunteers' e-mails wear the colours of the commune they are about."""

from django.core import mail

from .conftest import sign_up_data


def html_of(message) -> str:
    return message.alternatives[0][0]


def test_the_confirmation_wears_the_commune_colour_and_name(client, laval_page):
    laval_page.primary_colour = "#8a1538"
    laval_page.save_revision().publish()

    client.post("/je-participe/", sign_up_data())

    html = html_of(mail.outbox[0])
    assert "background:#8a1538" in html
    assert "L'Heure Civique — Laval" in html
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].startswith("<http://testserver/")


def test_a_commune_without_colours_takes_its_department_colour(client, laval_page):
    department = laval_page.get_parent().specific
    department.primary_colour = "#0b5e3c"
    department.save_revision().publish()

    client.post("/je-participe/", sign_up_data())

    assert "background:#0b5e3c" in html_of(mail.outbox[0])


def test_a_commune_that_has_not_joined_gets_the_national_colours(client, ernee):
    client.post("/je-participe/", sign_up_data(postal_code="53500", commune=str(ernee.pk)))

    html = html_of(mail.outbox[0])
    assert "background:#1f4e79" in html
    assert "— Ernée" not in html


def test_a_registration_e_mail_leads_to_the_volunteers_space(client, laval, make_action):
    from volunteers import services

    from .conftest import make_volunteer

    services.register(make_volunteer(laval, 1), make_action())

    message = mail.outbox[-1]
    assert (
        "Mon espace (profil, inscriptions, heures) : http://testserver/je-participe/mon-espace/"
        in (message.body)
    )
    assert ">Mon espace</a>" in html_of(message)
    link = message.body.split("Mon espace (profil, inscriptions, heures) : http://testserver")[1]
    assert client.get(link.split()[0]).status_code == 200
