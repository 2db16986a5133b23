"""The main menu keeps the resident where they are: on a commune's pages, "Agenda" is the
commune's agenda and "I take part" its own sign-up form; on a department's, its agenda; on the
national pages, the national ones (found walking the site in chromium: on Laval's pages both led
to the national pages)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def menu_links(html: str) -> dict[str, str]:
    menu = html.split('class="main-menu"', 1)[1].split("</nav>", 1)[0]
    return {
        text.strip(): href for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', menu)
    }


def test_a_commune_page_s_menu_leads_to_the_commune_s_agenda_and_sign_up(client, themed_laval_page):
    links = menu_links(client.get("/mayenne/laval/").content.decode())
    assert links["Agenda"] == "/mayenne/laval/actions/"
    assert links["Je participe"] == "/mayenne/laval/je-participe/"


def test_the_commune_s_sign_up_form_keeps_the_commune_s_menu(client, themed_laval_page):
    links = menu_links(client.get("/mayenne/laval/je-participe/").content.decode())
    assert links["Je participe"] == "/mayenne/laval/je-participe/"


def test_a_department_page_s_menu_leads_to_its_agenda_and_the_national_sign_up(
    client, themed_mayenne_page
):
    links = menu_links(client.get("/mayenne/").content.decode())
    assert links["Agenda"] == "/mayenne/actions/"
    assert links["Je participe"] == "/je-participe/"


def test_the_national_pages_menu_is_national(client, home_page):
    links = menu_links(client.get("/").content.decode())
    assert links["Agenda"] == "/actions/"
    assert links["Je participe"] == "/je-participe/"
