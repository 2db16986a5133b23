"""A month past MONTH_LIMIT occurrences (a month of a whole department at France's size) says
that the calendar stops there and links the list from the first day left out, with the same
filters, instead of cutting silently (issue 18)."""

import datetime as dt

import pytest

from pages.agenda import queries

pytestmark = pytest.mark.django_db


def month_of(day: dt.date) -> str:
    return f"/mayenne/laval/actions/mois/{day.year}/{day.month}/"


def test_a_month_past_the_limit_says_so_and_links_the_list(
    client, agenda_tree, add_action, agenda_now, monkeypatch
):
    monkeypatch.setattr(queries, "MONTH_LIMIT", 3)
    first = (agenda_now + dt.timedelta(days=40)).replace(day=2)
    for number in range(5):
        add_action(agenda_tree["laval"], f"Action {number}", first + dt.timedelta(days=number))
    page = client.get(month_of(first.date()) + "?kind=collective").content.decode()
    assert "Action 2" in page and "Action 3" not in page
    assert "Ce mois compte plus de 3 actions" in page
    fourth = (first + dt.timedelta(days=3)).date()
    assert f"/mayenne/laval/actions/?kind=collective&amp;from={fourth.isoformat()}" in page
    listed = client.get(f"/mayenne/laval/actions/?kind=collective&from={fourth.isoformat()}")
    assert "Action 3" in listed.content.decode() and "Action 4" in listed.content.decode()


def test_a_month_within_the_limit_says_nothing(client, agenda_tree, add_action, agenda_now):
    first = (agenda_now + dt.timedelta(days=40)).replace(day=2)
    add_action(agenda_tree["laval"], "Action 0", first)
    page = client.get(month_of(first.date())).content.decode()
    assert "Action 0" in page and "agenda-month__more" not in page
