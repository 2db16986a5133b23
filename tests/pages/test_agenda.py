"""The agenda pages: /actions/, /<department>/actions/, /<department>/<commune>/actions/."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from pages.agenda import queries
from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def three_places(agenda_tree, add_action, agenda_now):
    """One action in Laval, one in Château-Gontier, one for the whole of Mayenne."""
    return {
        "laval": add_action(agenda_tree["laval"], "Atelier vélo lavallois", agenda_now),
        "chateau": add_action(
            agenda_tree["chateau"],
            "Jardin castrogontérien",
            agenda_now + dt.timedelta(days=1),
            kind="association",
        ),
        "mayenne": add_action(
            agenda_tree["mayenne"],
            "Journée départementale",
            agenda_now + dt.timedelta(days=2),
            kind="neighbourly",
        ),
    }


def test_each_agenda_lists_what_is_at_and_below_its_territory(client, three_places):
    laval = html(client.get("/mayenne/laval/actions/"))
    assert "Atelier vélo lavallois" in laval
    assert "Jardin castrogontérien" not in laval
    assert "Journée départementale" not in laval

    chateau = html(client.get("/mayenne/chateau-gontier-sur-mayenne/actions/"))
    assert "Jardin castrogontérien" in chateau
    assert "Atelier vélo lavallois" not in chateau

    for url in ("/mayenne/actions/", "/actions/"):
        page = html(client.get(url))
        for title in ("Atelier vélo lavallois", "Jardin castrogontérien", "Journée départementale"):
            assert title in page, (url, title)


def test_occurrences_are_grouped_by_day_in_paris_time(client, agenda_tree, add_action, agenda_now):
    # 00:30 in Paris is still the previous day in UTC: the agenda shows the Paris day.
    late = dt.datetime.combine(agenda_now.date(), dt.time(0, 30), tzinfo=PARIS)
    add_action(agenda_tree["laval"], "Veillée de minuit", late)
    add_action(agenda_tree["laval"], "Goûter du même jour", agenda_now)
    add_action(agenda_tree["laval"], "Le lendemain", agenda_now + dt.timedelta(days=1))
    page = html(client.get("/mayenne/laval/actions/"))
    day = agenda_now.date().isoformat()
    section = page.split(f'id="day-{day}"')[1].split('class="agenda-day"')[0]
    assert "Veillée de minuit" in section and "Goûter du même jour" in section
    assert "Le lendemain" not in section
    assert "00:30" in section
    assert page.index("Veillée de minuit") < page.index("Goûter du même jour")


def test_recurring_actions_are_expanded_and_a_cancelled_date_is_marked(
    client, agenda_tree, add_action, agenda_now
):
    first = agenda_now + dt.timedelta(days=1)
    cancelled_day = (first + dt.timedelta(weeks=1)).date()
    add_action(
        agenda_tree["laval"],
        "Permanence hebdomadaire",
        first,
        recurrence_frequency="weekly",
        recurrence_count=4,
        cancellations=[ActionCancellation(date=cancelled_day, reason="Salle fermée pour travaux")],
    )
    page = html(client.get("/mayenne/laval/actions/"))
    assert page.count(">Permanence hebdomadaire</a>") == 4
    section = page.split(f'id="day-{cancelled_day.isoformat()}"')[1].split("</section>")[0]
    assert "Annulée" in section
    assert "Salle fermée pour travaux" in section


def test_a_cancelled_action_is_shown_cancelled_with_its_reason(
    client, agenda_tree, add_action, agenda_now
):
    add_action(
        agenda_tree["laval"],
        "Nettoyage des berges",
        agenda_now,
        status="cancelled",
        cancellation_reason="Crue de la Mayenne",
    )
    page = html(client.get("/mayenne/laval/actions/"))
    assert "agenda-item--cancelled" in page
    assert "Annulée" in page and "Crue de la Mayenne" in page


def test_drafts_private_and_past_actions_are_left_out(client, agenda_tree, add_action, agenda_now):
    draft = add_action(agenda_tree["laval"], "Brouillon secret", agenda_now)
    draft.unpublish()
    add_action(agenda_tree["laval"], "Déjà passée", agenda_now - dt.timedelta(days=30))
    PageViewRestriction.objects.create(
        page=agenda_tree["chateau"], restriction_type="password", password="x"
    )
    add_action(agenda_tree["chateau"], "Réservée aux initiés", agenda_now)
    for url in ("/mayenne/laval/actions/", "/mayenne/actions/", "/actions/"):
        page = html(client.get(url))
        assert "Brouillon secret" not in page
        assert "Déjà passée" not in page
        assert "Réservée aux initiés" not in page


def test_filters_by_kind_dates_and_commune(client, three_places, agenda_now):
    page = html(client.get("/mayenne/actions/?kind=association"))
    assert "Jardin castrogontérien" in page
    assert "Atelier vélo lavallois" not in page and "Journée départementale" not in page

    page = html(client.get("/mayenne/actions/?commune=53130"))
    assert "Atelier vélo lavallois" in page
    assert "Jardin castrogontérien" not in page and "Journée départementale" not in page
    assert '<option value="53130" selected>' in page

    day = (agenda_now + dt.timedelta(days=1)).date().isoformat()
    page = html(client.get(f"/mayenne/actions/?from={day}&to={day}"))
    assert "Jardin castrogontérien" in page
    assert "Atelier vélo lavallois" not in page and "Journée départementale" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-13-45", "« 2026-13-45 » n’est pas une date"),
        ("to=demain", "« demain » n’est pas une date"),
        ("to=2000-01-01", "La date de fin précède la date de début."),
        ("kind=picnic", "Type d’action inconnu : « picnic »."),
        ("commune=99999", "Commune inconnue : « 99999 »."),
        ("commune=<script>", "Commune inconnue : « &lt;script&gt; »."),
        ("from=1900-01-01", "la date est hors des limites"),
        ("to=2099-01-01", "Choisissez des dates distantes de 400 jours au plus."),
    ],
)
def test_bad_filters_get_a_clear_message(client, three_places, query, message):
    response = client.get(f"/mayenne/actions/?{query}")
    assert response.status_code == 400
    page = html(response)
    assert message in page
    assert 'role="alert"' in page
    # The other actions are still listed: the bad filter is left out.
    assert "Atelier vélo lavallois" in page


def test_the_commune_filter_is_offered_on_a_department_agenda_only(client, three_places):
    assert 'name="commune"' in html(client.get("/mayenne/actions/"))
    assert 'name="commune"' not in html(client.get("/mayenne/laval/actions/"))
    # Elsewhere the parameter means nothing: it is ignored.
    assert client.get("/mayenne/laval/actions/?commune=53062").status_code == 200


def test_the_list_is_paginated(client, agenda_tree, add_action, agenda_now):
    for number in range(queries.PER_PAGE + 3):
        add_action(
            agenda_tree["laval"],
            f"Action numéro {number:02d}",
            agenda_now + dt.timedelta(hours=number),
        )
    first = html(client.get("/mayenne/laval/actions/"))
    assert "Action numéro 00" in first and f"Action numéro {queries.PER_PAGE - 1}" in first
    assert f"Action numéro {queries.PER_PAGE}" not in first
    # The next page is after the last occurrence shown (a cursor on its start and row), the
    # filters kept.
    later = BeautifulSoup(first, "html.parser").find("a", rel="next")["href"]
    assert "after=" in later and "page=" not in later
    second = html(client.get(f"/mayenne/laval/actions/{later}&kind=collective"))
    assert f"Action numéro {queries.PER_PAGE}" in second and "Action numéro 00" not in second
    assert f"Action numéro {queries.PER_PAGE + 2}" in second
    soup = BeautifulSoup(second, "html.parser")
    assert soup.find("a", rel="next") is None
    earlier = soup.find("a", rel="prev")["href"]
    assert "kind=collective&before=" in earlier
    back = html(client.get(f"/mayenne/laval/actions/{earlier}"))
    assert "Action numéro 00" in back and f"Action numéro {queries.PER_PAGE - 1}" in back
    assert f"Action numéro {queries.PER_PAGE}" not in back
    # An old link by page number still gives that page; one that doesn't exist, or a cursor
    # that isn't one, a real page rather than an error.
    old = html(client.get("/mayenne/laval/actions/?kind=collective&page=2"))
    assert f"Action numéro {queries.PER_PAGE}" in old and "Action numéro 00" not in old
    for query in ("page=999", "page=abc", "after=abc", "before=20261207T110000.000000Z_x"):
        assert client.get(f"/mayenne/laval/actions/?{query}").status_code == 200


def test_the_month_view(client, agenda_tree, add_action):
    add_action(
        agenda_tree["laval"],
        "Marché de Noël solidaire",
        dt.datetime(2026, 12, 19, 10, tzinfo=PARIS),
    )
    add_action(
        agenda_tree["laval"], "Galette des bénévoles", dt.datetime(2027, 1, 9, 15, tzinfo=PARIS)
    )
    response = client.get("/mayenne/laval/actions/mois/2026/12/")
    assert response.status_code == 200
    page = html(response)
    assert "Décembre 2026" in page
    assert "Marché de Noël solidaire" in page and "10:00" in page
    assert "Galette des bénévoles" not in page
    assert 'href="/mayenne/laval/actions/mois/2027/1/"' in page
    assert 'href="/mayenne/laval/actions/mois/2026/11/"' in page
    # Monday first, six weeks at most.
    assert page.index("Lundi") < page.index("Dimanche")
    assert "Galette des bénévoles" in html(client.get("/mayenne/laval/actions/mois/2027/1/"))


def test_each_view_of_an_agenda_has_its_own_title(client, agenda_tree):
    """RGAA 8.6: the document's title names the territory and, in the month view, the month."""

    def title(url: str) -> str:
        return BeautifulSoup(html(client.get(url)), "html.parser").title.string

    name = agenda_tree["laval"].title
    assert title("/actions/") == f"{agenda_tree['home'].title} — L'Heure Civique"
    assert title("/mayenne/actions/") == f"{name} — Mayenne — L'Heure Civique"
    assert title("/mayenne/laval/actions/") == f"{name} — Laval — L'Heure Civique"
    assert title("/mayenne/laval/actions/mois/2026/12/") == (
        f"{name} — Laval — décembre 2026 — L'Heure Civique"
    )
    assert title("/actions/mois/2027/1/") == f"{name} — janvier 2027 — L'Heure Civique"


def test_the_first_of_the_month_is_1er(client, agenda_tree, add_action):
    action = add_action(
        agenda_tree["laval"], "Fête du travail solidaire", dt.datetime(2027, 5, 1, 10, tzinfo=PARIS)
    )
    assert "Samedi 1er mai 2027" in html(client.get("/mayenne/laval/actions/mois/2027/5/"))
    assert "Samedi 1er mai 2027" in html(client.get(action.url))


@pytest.mark.parametrize("url", ["mois/2026/13/", "mois/1850/1/", "mois/2026/0/"])
def test_a_month_that_does_not_exist_answers_404_with_a_message(client, agenda_tree, url):
    response = client.get(f"/mayenne/laval/actions/{url}")
    assert response.status_code == 404
    assert "Ce mois n’existe pas" in html(response)


def test_agendas_offer_their_feed_and_how_to_subscribe(client, three_places):
    page = html(client.get("/mayenne/actions/"))
    assert 'href="http://testserver/mayenne/agenda.ics"' in page
    assert 'href="webcal://testserver/mayenne/agenda.ics"' in page
    assert "cid=webcal%3A%2F%2Ftestserver%2Fmayenne%2Fagenda.ics" in page
    assert "https://outlook.live.com/calendar/0/addfromweb?url=" in page
    for application in ("Google Agenda", "Apple Calendar", "Outlook", "Thunderbird"):
        assert application in page
    national = html(client.get("/actions/"))
    assert 'href="webcal://testserver/agenda.ics"' in national


def test_filters_are_parsed_with_messages_in_the_active_language(db):
    from django.http import QueryDict

    soon = queries.today() + dt.timedelta(days=10)
    filters = queries.parse_filters(QueryDict(f"kind=x&from=2026-02-30&to={soon.isoformat()}"))
    assert filters.errors == [
        "Unknown kind of action: “x”.",
        "From: “2026-02-30” is not a date; write it as YYYY-MM-DD.",
    ]
    assert filters.kind == "" and filters.date_from is None
    assert filters.date_to == soon


# Wagtail's routing and the layout's chrome take most of them; the same bound for 5 and 50.
AGENDA_MAX_QUERIES = 25


def _fill(index, add_action, start, count):
    for number in range(count):
        add_action(
            index,
            f"Action {number}",
            start + dt.timedelta(hours=5 * number),
            recurrence_frequency="monthly" if number % 3 == 0 else "",
            cancellations=[ActionCancellation(date=start.date(), reason="Fermé")]
            if number % 5 == 0
            else [],
        )


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize(
    "url",
    [
        "/mayenne/actions/",
        "/mayenne/actions/?commune=53130&kind=collective",
        "/mayenne/laval/actions/",
        "/actions/",
        "/mayenne/laval/actions/mois/{year}/{month}/",
    ],
)
def test_agenda_queries_do_not_grow_with_the_actions(
    client, agenda_tree, add_action, agenda_now, django_assert_max_num_queries, count, url
):
    _fill(agenda_tree["laval"], add_action, agenda_now, count)
    _fill(agenda_tree["mayenne"], add_action, agenda_now, count // 5)
    url = url.format(year=agenda_now.year, month=agenda_now.month)
    client.get(url)  # warms the site's root paths cache, as on a running site
    with django_assert_max_num_queries(AGENDA_MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert "Action 1" in html(response)
