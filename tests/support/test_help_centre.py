"""The help centre's public page: the questions by audience, each anchored, a search through
Wagtail's search backend, the office hours and a cache that never outlives "open now"."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from wagtail.models import Locale

from support.hours import office_hours
from support.models import Audience, Question
from tests.rows import count_rows

PARIS = ZoneInfo("Europe/Paris")
URL = "/aide/"


def html(response) -> str:
    return response.content.decode()


def test_the_questions_are_shown_by_audience_each_with_its_anchor(client, questions):
    page = html(client.get(URL))
    codes = ("volunteers", "elected", "associations")
    volunteers, elected, associations = (page.index(f'<h2 id="{code}-heading">') for code in codes)
    assert volunteers < page.index("Comment m’inscrire") < elected
    assert elected < page.index("Comment la commune") < associations < page.index("partenaire ?")
    assert "Élus et agents de mairie" in page
    assert 'id="inscription"' in page and 'href="#inscription"' in page
    assert 'id="partenaire"' in page
    assert 'href="/aide/contact/"' in page


def test_the_search_finds_the_answers_and_says_how_many(client, questions):
    page = html(client.get(URL, {"q": "annuler"}))
    assert "Comment annuler" in page and "Comment m’inscrire" not in page
    assert "1 réponse trouvée" in page


def test_the_search_reads_the_answers_too(client, questions):
    page = html(client.get(URL, {"q": "partenaire action"}))
    assert "Devenir partenaire" in page and "Comment annuler" not in page


@pytest.mark.parametrize("query", ['a"', "((", "*", "x" * 500, "OR AND NOT"])
def test_a_strange_search_is_a_calm_page(client, questions, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200


def test_only_the_visitor_s_language_is_shown(client, questions):
    english, _created = Locale.objects.get_or_create(language_code="en")
    Question.objects.create(
        locale=english,
        audience=Audience.VOLUNTEERS,
        slug="sign-up",
        question="How do I sign up?",
        answer="<p>Through the form.</p>",
    )
    assert "How do I sign up" not in html(client.get(URL))


def test_the_page_runs_a_bounded_number_of_queries_and_rows(
    client, questions, django_assert_max_num_queries
):
    client.get(URL)  # warm the site's chrome
    with django_assert_max_num_queries(12), count_rows() as read:
        client.get(URL)
    small = read.rows
    locale = Locale.get_default()
    for n in range(40):
        Question.objects.create(
            locale=locale, audience=Audience.ELECTED, slug=f"q{n}", question=f"Q {n}", answer="x"
        )
    client.get(URL)
    with django_assert_max_num_queries(12), count_rows() as read:
        client.get(URL)
    # One row per question shown (they are the page), nothing else grows.
    assert read.rows <= small + 40


@pytest.mark.parametrize(
    ("moment", "open_now", "changes_at"),
    [
        (dt.datetime(2027, 1, 10, 7, 59, tzinfo=PARIS), False, dt.datetime(2027, 1, 10, 8, 0)),
        (dt.datetime(2027, 1, 10, 8, 0, tzinfo=PARIS), True, dt.datetime(2027, 1, 10, 22, 0)),
        (dt.datetime(2027, 1, 10, 21, 59, tzinfo=PARIS), True, dt.datetime(2027, 1, 10, 22, 0)),
        (dt.datetime(2027, 1, 10, 22, 0, tzinfo=PARIS), False, dt.datetime(2027, 1, 11, 8, 0)),
        # A Sunday in summer time, the night the clocks go back.
        (dt.datetime(2027, 10, 30, 23, 0, tzinfo=PARIS), False, dt.datetime(2027, 10, 31, 8, 0)),
    ],
)
def test_office_hours_seven_days_from_8_to_22_in_paris(moment, open_now, changes_at):
    hours = office_hours(moment)
    assert hours.open_now is open_now
    assert hours.changes_at == changes_at.replace(tzinfo=PARIS)


def max_ages(response) -> tuple[int, int]:
    value = response["Cache-Control"]
    return (
        int(re.search(r"(?<!s-)max-age=(\d+)", value).group(1)),
        int(re.search(r"s-maxage=(\d+)", value).group(1)),
    )


def test_open_now_is_never_cached_past_closing_time(client, questions, settings):
    settings.PAGE_CACHE_SECONDS = 300
    with time_machine.travel(dt.datetime(2027, 1, 10, 21, 58, 30, tzinfo=PARIS), tick=False):
        response = client.get(URL)
    assert "Ouvert en ce moment" in html(response)
    assert response["Cache-Control"].startswith("public")
    assert max(max_ages(response)) <= 90
    with time_machine.travel(dt.datetime(2027, 1, 10, 14, 0, tzinfo=PARIS), tick=False):
        response = client.get(URL)
    assert max_ages(response) == (30, 300)
    with time_machine.travel(dt.datetime(2027, 1, 10, 23, 0, tzinfo=PARIS), tick=False):
        response = client.get(URL)
    assert "Fermé en ce moment" in html(response)


def test_the_footer_links_to_the_help_centre(client, home_page):
    assert 'href="/aide/"' in html(client.get("/"))


def test_the_national_team_writes_the_questions_and_referents_do_not(
    client, moderator, laval_referent, questions
):
    listing = "/admin/snippets/support/question/"
    client.force_login(moderator)
    assert "Comment annuler" in html(client.get(listing))
    assert client.get(f"{listing}edit/{questions[0].pk}/").status_code == 200
    assert client.get(listing + "add/").status_code == 200
    client.force_login(laval_referent)
    assert client.get(listing).status_code in (302, 403)
    assert client.get(f"{listing}edit/{questions[0].pk}/").status_code in (302, 403)


# --- Issue 22's review: the proxy's copy of /aide/ is purged -----------------------------------


def test_editing_or_deleting_a_question_purges_the_help_centre_from_the_page_cache(
    questions, purge_server, django_capture_on_commit_callbacks
):
    question = questions[0]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        question.answer = "<p>Par le formulaire, en deux minutes.</p>"
        question.save()
    assert purge_server == []  # not before the commit
    for callback in callbacks:
        callback()
    assert "testserver /aide/" in purge_server
    purge_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        question.delete()
    assert "testserver /aide/" in purge_server
