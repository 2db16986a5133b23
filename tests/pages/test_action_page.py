"""An action's page, its calendar links, and the "next actions" block of territory pages.

ActionPage.get_context and the territory pages' get_context are not this helper's files: the
page is rendered here with the context that pages.agenda gives them (`action_context`,
`upcoming_context`), as they will once wired (see the report)."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from pages.agenda import queries
from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation


def render_action(action, rf) -> str:
    request = rf.get(action.url)
    context = {**action.get_context(request), **queries.action_context(action, request)}
    with translation.override("fr"):
        return render_to_string("pages/action_page.html", context, request=request)


def render_territory(page, template, rf) -> str:
    request = rf.get(page.url)
    context = {**page.get_context(request), **queries.upcoming_context(page)}
    with translation.override("fr"):
        return render_to_string(template, context, request=request)


@pytest.fixture
def workshop(agenda_tree, add_action, agenda_now):
    return add_action(
        agenda_tree["laval"],
        "Atelier « vélo », réparations; entraide",
        agenda_now + dt.timedelta(days=3),
        slug="atelier-velo",
        description="Venez réparer votre vélo.\nOutils fournis 🚲",
        address="Place du 11-Novembre, Laval",
        latitude="48.068800",
        longitude="-0.770000",
        capacity=12,
        registration_required=True,
        contact_name="Mairie de Laval",
        contact_email="benevolat@laval.example.org",
        contact_phone="02 99 99 10 20",
    )


def test_the_action_page_shows_its_fields(client, workshop):
    response = client.get("/mayenne/laval/actions/atelier-velo/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Atelier « vélo », réparations; entraide" in page
    assert "Venez réparer votre vélo.<br>Outils fournis 🚲" in page
    assert "Place du 11-Novembre, Laval" in page
    assert "12 places" in page
    assert "L’inscription est nécessaire." in page
    assert "benevolat@laval.example.org" in page and 'href="tel:0299991020"' in page
    assert "openstreetmap.org/?mlat=48.068800&amp;mlon=-0.770000" in page
    assert "css/agenda.css" in page
    # Registration is needed: the page leads to the volunteers' registration form.
    register = "/mayenne/laval/actions/atelier-velo/inscription/"
    assert f'href="{register}">Je m\'inscris à cette action</a>' in page
    form = client.get(register)
    assert form.status_code == 200
    assert "S'inscrire à « Atelier « vélo », réparations; entraide »" in form.content.decode()


def test_a_cancelled_action_says_so_with_its_reason(client, agenda_tree, add_action, agenda_now):
    add_action(
        agenda_tree["laval"],
        "Nettoyage des berges",
        agenda_now,
        slug="berges",
        status="cancelled",
        cancellation_reason="Crue de la Mayenne",
    )
    page = client.get("/mayenne/laval/actions/berges/").content.decode()
    assert "Cette action est annulée." in page
    assert "Crue de la Mayenne" in page


def test_the_action_page_offers_its_calendar_links(rf, workshop):
    page = render_action(workshop, rf)
    assert 'href="webcal://testserver/mayenne/laval/actions/atelier-velo/agenda.ics"' in page
    assert 'href="http://testserver/mayenne/laval/actions/atelier-velo/agenda.ics"' in page
    assert "Ajouter à Google Agenda" in page and "Ajouter à Outlook" in page
    assert "Comment s’abonner" in page and "Thunderbird" in page
    google = page.split('href="https://calendar.google.com/calendar/render?')[1].split('"')[0]
    fields = parse_qs(urlsplit("?" + google.replace("&amp;", "&")).query)
    start = workshop.start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    end = workshop.end.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert fields["dates"] == [f"{start}/{end}"]
    assert fields["text"] == ["Atelier « vélo », réparations; entraide"]
    assert fields["details"][0].endswith("http://testserver/mayenne/laval/actions/atelier-velo/")
    assert "Retour à l’agenda" in page


def test_a_recurring_action_lists_its_next_dates_with_cancelled_ones(
    rf, agenda_tree, add_action, agenda_now
):
    first = agenda_now + dt.timedelta(days=1)
    skipped = (first + dt.timedelta(weeks=2)).date()
    action = add_action(
        agenda_tree["laval"],
        "Permanence",
        first,
        recurrence_frequency="weekly",
        cancellations=[ActionCancellation(date=skipped, reason="Jour férié")],
    )
    page = render_action(action, rf)
    assert "Cette action se répète. Prochaines dates :" in page
    assert page.count("<li", page.index("action__dates")) >= queries.ACTION_DATES_COUNT
    assert "annulée</strong> (Jour férié)" in page
    assert "recur=RRULE%3AFREQ%3DWEEKLY" in page


def test_an_all_day_action_is_added_with_dates(rf, agenda_tree, add_action):
    start = dt.datetime(2027, 6, 21, 0, 0, tzinfo=PARIS)
    action = add_action(agenda_tree["mayenne"], "Fête", start, hours=23, all_day=True)
    links = queries.action_context(action, rf.get(action.url))["event_links"]
    assert "dates=20270621%2F20270622" in links.google
    assert "allday=true" in links.outlook


def test_territory_pages_show_their_next_actions_and_link_their_agenda(
    rf, agenda_tree, add_action, agenda_now
):
    add_action(agenda_tree["laval"], "Atelier lavallois", agenda_now)
    add_action(agenda_tree["chateau"], "Jardin castrogontérien", agenda_now)
    add_action(
        agenda_tree["laval"],
        "Annulé",
        agenda_now,
        status="cancelled",
        cancellation_reason="Pluie",
    )
    laval = render_territory(agenda_tree["themed_laval_page"], "pages/commune_page.html", rf)
    assert "Prochaines actions" in laval
    assert "Atelier lavallois" in laval and "Jardin castrogontérien" not in laval
    assert "Annulé" not in laval.split("Prochaines actions")[1].split("</section>")[0]
    assert 'href="/mayenne/laval/actions/"' in laval
    mayenne = render_territory(agenda_tree["themed_mayenne_page"], "pages/department_page.html", rf)
    assert "Atelier lavallois" in mayenne and "Jardin castrogontérien" in mayenne
    home = render_territory(agenda_tree["home"].get_parent().specific, "pages/home_page.html", rf)
    assert 'href="/actions/"' in home and "Voir tout l’agenda" in home


@pytest.mark.parametrize("count", [5, 50])
def test_action_page_queries_do_not_grow(
    client, agenda_tree, add_action, agenda_now, django_assert_max_num_queries, count
):
    for number in range(count):
        add_action(agenda_tree["laval"], f"Action {number}", agenda_now, slug=f"action-{number}")
    client.get("/mayenne/laval/actions/action-0/")
    # The same bound for 5 and 50 actions: routing, the chrome, the dates, the gestures.
    # The chrome is kept in the cache per parent (pages/services.py): 16, from 24 before it.
    with django_assert_max_num_queries(17):
        assert client.get("/mayenne/laval/actions/action-1/").status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_upcoming_block_queries_do_not_grow(
    agenda_tree, add_action, agenda_now, django_assert_max_num_queries, count
):
    for number in range(count):
        add_action(
            agenda_tree["laval"], f"Action {number}", agenda_now + dt.timedelta(hours=number)
        )
    with django_assert_max_num_queries(6):
        context = queries.upcoming_context(agenda_tree["themed_mayenne_page"])
        titles = [item.action.title for item in context["upcoming_actions"]]
    assert titles == ["Action 0", "Action 1", "Action 2", "Action 3"]


def test_an_online_action_links_its_meeting_in_french_typography(
    client, agenda_tree, add_action, agenda_now
):
    add_action(
        agenda_tree["laval"],
        "Formation en ligne",
        agenda_now + dt.timedelta(days=3),
        slug="formation",
        online=True,
        online_url="https://visio.example.org/formation",
    )
    page = client.get("/mayenne/laval/actions/formation/").content.decode()
    # A non-breaking space before the colon: the colon never starts a line on a phone.
    assert 'En ligne\u00a0: <a href="https://visio.example.org/formation"' in page


def test_the_home_page_names_the_programme_once(client, home_page, mayenne_page):
    assert home_page.title == "L'Heure Civique"
    html = client.get("/").content.decode()
    assert "<title>L&#x27;Heure Civique</title>" in html
    # Other pages: their title, then the programme's.
    assert "<title>Mayenne — L'Heure Civique</title>" in client.get("/mayenne/").content.decode()
