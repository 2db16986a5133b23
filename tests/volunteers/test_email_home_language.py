"""The footer of a volunteer's e-mails gives the home in their language (issue 21): /en/ for an
English volunteer, their territory's Breton page for a Breton one (the national pages are never
in Breton), the plain address (French) when no such page is live; staff e-mails stay French."""

import pytest
from django.core import mail

from pages.translations import translate
from tests.volunteers.conftest import make_volunteer
from volunteers.notifications import tell_referents
from volunteers.space import send_space_link

pytestmark = pytest.mark.django_db


def footer(message) -> str:
    """The line of the text part that names the site."""
    return next(line for line in message.body.splitlines() if line.startswith("L'Heure Civique —"))


def test_an_english_volunteers_footer_opens_the_english_home(home_page, laval, laval_page):
    translate(home_page, "en", {})
    send_space_link(make_volunteer(laval, 1, language="en").email)
    assert footer(mail.outbox[-1]) == "L'Heure Civique — http://testserver/en/"


def test_without_an_english_home_the_footer_keeps_the_plain_address(laval, laval_page):
    send_space_link(make_volunteer(laval, 1, language="en").email)
    assert footer(mail.outbox[-1]) == "L'Heure Civique — http://testserver"


def test_a_french_volunteers_footer_is_the_plain_address(home_page, laval, laval_page):
    translate(home_page, "en", {})
    send_space_link(make_volunteer(laval, 1, language="fr").email)
    assert footer(mail.outbox[-1]) == "L'Heure Civique — http://testserver"


def test_a_breton_volunteers_footer_opens_their_territorys_breton_page(
    home_page, quimper, quimper_page
):
    finistere = quimper_page.get_parent().specific
    finistere.regional_language = "br"
    finistere.save_revision().publish()
    # Even a Breton copy of the national home, made by mistake, is not where they are sent.
    translate(home_page, "br", {})
    translate(finistere, "br", {})
    breton = translate(quimper_page, "br", {})
    send_space_link(make_volunteer(quimper, 1, language="br").email)
    assert footer(mail.outbox[-1]) == f"L'Heure Civique — http://testserver{breton.url}"
    assert breton.url == "/br/finistere/quimper/"


def test_staff_e_mails_keep_the_french_address(home_page, laval, laval_page, laval_referent):
    translate(home_page, "en", {})
    mail.outbox.clear()
    tell_referents(laval, 1)
    assert mail.outbox
    assert all(footer(message) == "L'Heure Civique — http://testserver" for message in mail.outbox)
