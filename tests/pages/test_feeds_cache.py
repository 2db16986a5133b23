"""The feeds' cache and validators: what invalidates a feed (a change at, below or above its
page, a gesture's category), what doesn't (a neighbour), 304s decided without building, and
a bounded number of queries whether the feed is built, repeated or not modified."""

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from icalendar import Calendar

from pages.agenda import feeds
from pages.models import ActionPage
from snippets.models import Gesture, GestureCategory

LAVAL = "/mayenne/laval/agenda.ics"


@pytest.fixture
def builds(monkeypatch):
    """The feeds built, in order (the real build runs)."""
    made = []
    real = feeds.build

    def counted(request, page, *filters):
        made.append(page.pk)
        return real(request, page, *filters)

    monkeypatch.setattr(feeds, "build", counted)
    return made


def events(response) -> dict[str, object]:
    assert response.status_code == 200
    return {
        str(item["SUMMARY"]): item for item in Calendar.from_ical(response.content).walk("VEVENT")
    }


def test_a_repeat_request_is_served_from_the_cache(
    client, agenda_tree, add_action, agenda_now, builds, django_assert_max_num_queries
):
    add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    first = client.get(LAVAL)
    assert builds == [agenda_tree["themed_laval_page"].pk]
    # Finding the page and its restrictions; nothing about the actions.
    with django_assert_max_num_queries(3):
        repeat = client.get(LAVAL)
    with django_assert_max_num_queries(3):
        head = client.head(LAVAL)
    with django_assert_max_num_queries(3):
        not_modified = client.get(LAVAL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert repeat.content == first.content
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == "text/calendar; charset=utf-8"
    assert not_modified.status_code == 304 and not_modified.content == b""
    for response in (repeat, head, not_modified):
        assert response["ETag"] == first["ETag"]
        assert response["Last-Modified"] == first["Last-Modified"]
    assert len(builds) == 1


def test_the_filename_and_cache_headers(client, agenda_tree):
    response = client.get(LAVAL)
    assert response["Content-Disposition"] == 'inline; filename="laval.ics"'
    assert response["Cache-Control"] == "public, max-age=3600"
    assert client.get("/agenda.ics")["Content-Disposition"].endswith('.ics"')


def test_a_304_is_answered_even_when_the_built_feed_left_the_cache(
    client, agenda_tree, add_action, agenda_now, builds
):
    add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    first = client.get(LAVAL)
    for key in [key for key in cache._cache if ":ics:feed:" in key]:  # only the bodies
        cache.delete(key.split(":", 2)[2])
    assert client.get(LAVAL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(LAVAL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert len(builds) == 1


def test_if_none_match_wins_over_if_modified_since(client, agenda_tree, add_action, agenda_now):
    add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    first = client.get(LAVAL)
    response = client.get(
        LAVAL, HTTP_IF_NONE_MATCH='"autre"', HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert response.status_code == 200
    assert client.get(LAVAL, HTTP_IF_NONE_MATCH="*").status_code == 304


def test_an_edit_changes_the_etag_and_last_modified(
    client, agenda_tree, add_action, agenda_now, builds
):
    action = add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    first = client.get(LAVAL)
    action.title = "Atelier renommé"
    action.save_revision().publish()
    edited = client.get(LAVAL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert set(events(edited)) == {"Atelier renommé"}
    assert edited["ETag"] != first["ETag"]
    assert edited["Last-Modified"] >= first["Last-Modified"]
    # A client that only knows the date of what it has is sent the new feed too.
    old_date = http_date(int(dt.datetime(2020, 1, 1, tzinfo=dt.UTC).timestamp()))
    assert client.get(LAVAL, HTTP_IF_MODIFIED_SINCE=old_date).status_code == 200
    assert len(builds) == 2


def test_a_draft_edit_changes_nothing(client, agenda_tree, add_action, agenda_now, builds):
    action = add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    first = client.get(LAVAL)
    action.title = "Pas encore"
    action.save_revision()
    again = client.get(LAVAL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert set(events(client.get(LAVAL))) == {"Atelier"}


def test_a_lost_generation_never_brings_an_old_etag_back(
    client, agenda_tree, add_action, agenda_now
):
    add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    first = client.get(LAVAL)
    cache.clear()  # a cache restarted: the stamps are gone
    again = client.get(LAVAL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_renaming_a_commune_changes_the_feeds_below_it(client, agenda_tree, add_action, agenda_now):
    add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True, slug="atelier")
    own = "/mayenne/laval/actions/atelier/agenda.ics"
    neighbour = "/mayenne/chateau-gontier-sur-mayenne/agenda.ics"
    before = {url: client.get(url) for url in (own, LAVAL, neighbour)}
    assert str(events(before[own])["Atelier"]["LOCATION"]).endswith("Laval")

    laval = agenda_tree["themed_laval_page"]
    laval.title = "Laval-la-Neuve"
    laval.slug = "laval-la-neuve"
    laval.save_revision().publish()

    moved = "/mayenne/laval-la-neuve/actions/atelier/agenda.ics"
    assert client.get(own).status_code == 404
    event = events(client.get(moved, HTTP_IF_NONE_MATCH=before[own]["ETag"]))["Atelier"]
    assert str(event["URL"]) == "http://testserver/mayenne/laval-la-neuve/actions/atelier/"
    assert str(event["DESCRIPTION"]).endswith(str(event["URL"]))
    assert str(event["LOCATION"]).endswith("Laval-la-Neuve")
    calendar = Calendar.from_ical(client.get("/mayenne/laval-la-neuve/agenda.ics").content)
    assert calendar["X-WR-CALNAME"] == "L'Heure Civique — Laval-la-Neuve"
    # The neighbour's feed didn't change.
    assert client.get(neighbour, HTTP_IF_NONE_MATCH=before[neighbour]["ETag"]).status_code == 304


def test_renaming_a_category_of_gestures_changes_the_feeds(
    client, agenda_tree, add_action, agenda_now
):
    from wagtail.models import Locale

    category = GestureCategory.objects.create(
        name="Nature", slug="nature", locale=Locale.get_default()
    )
    gesture = Gesture.objects.create(
        title="Entretenir un jardin partagé",
        slug="jardin",
        summary="Biner, arroser.",
        how_to="<p>Venez.</p>",
        category=category,
        kind="collective",
        locale=category.locale,
        live=True,
    )
    action = add_action(agenda_tree["laval"], "Atelier", agenda_now)
    action.gestures.set([gesture])
    action.save_revision().publish()
    first = client.get(LAVAL)
    assert "Nature" in events(first)["Atelier"]["CATEGORIES"].cats

    category.name = "Nature et jardins"
    category.save()
    renamed = events(client.get(LAVAL, HTTP_IF_NONE_MATCH=first["ETag"]))["Atelier"]
    assert "Nature et jardins" in renamed["CATEGORIES"].cats


def test_a_change_is_stamped_again_when_its_transaction_commits(
    agenda_tree, add_action, agenda_now, commit_versions
):
    laval = agenda_tree["themed_laval_page"]
    add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    during = feeds.version_of(laval)
    commit_versions()
    assert feeds.version_of(laval) > during


def test_a_transaction_renews_the_feeds_it_changed_once_at_commit(
    agenda_tree, add_action, agenda_now, commit_versions
):
    """Deleting a commune's page unpublishes each page below it, one change each: one renewal
    when the transaction commits, of every feed they changed (core/versions.py)."""
    for number in range(3):
        add_action(agenda_tree["laval"], f"Action {number}", agenda_now, slug=f"action-{number}")
    action = ActionPage.objects.get(slug="action-2")
    mayenne = agenda_tree["themed_mayenne_page"]
    agenda_tree["themed_laval_page"].delete()
    during = feeds.version_of(mayenne)
    renewals = [each for each in commit_versions() if each.versions is feeds.FEED_VERSIONS]
    assert len(renewals) == 1
    assert feeds._below_key(action.path) in renewals[0].keys
    assert feeds.version_of(mayenne) > during


def test_a_finished_series_given_a_number_of_times_leaves_the_feeds(
    client, agenda_tree, add_action, agenda_now
):
    long_ago = agenda_now - dt.timedelta(days=120)
    add_action(
        agenda_tree["laval"],
        "Finie",
        long_ago,
        publish=True,
        recurrence_frequency="weekly",
        recurrence_count=3,
    )
    add_action(
        agenda_tree["laval"],
        "En cours",
        long_ago,
        publish=True,
        slug="en-cours",
        recurrence_frequency="weekly",
        recurrence_count=30,
    )
    assert set(events(client.get(LAVAL))) == {"En cours"}
    # Its own page still offers it.
    finished = ActionPage.objects.get(title="Finie")
    assert set(events(client.get(f"/mayenne/laval/actions/{finished.slug}/agenda.ics"))) == {
        "Finie"
    }


@pytest.mark.parametrize("url", [LAVAL, "/mayenne/agenda.ics", "/agenda.ics"])
def test_a_build_runs_at_most_as_many_queries_for_500_actions_as_for_5(
    client, agenda_tree, add_action, agenda_now, url, django_assert_max_num_queries
):
    from pages.models import ActionCancellation

    def add(n: int) -> None:
        for number in range(n):
            add_action(
                agenda_tree["laval" if number % 3 else "mayenne"],
                f"Action {n}-{number}",
                agenda_now + dt.timedelta(hours=number),
                cancellations=[ActionCancellation(date=agenda_now.date())],
                recurrence_frequency="weekly" if number % 2 else "",
            )

    client.get("/mayenne/laval/")  # the site's root paths, as on a running site
    add(5)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(495)
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(events(response)) >= 330


def test_without_redis_the_processes_share_the_feeds_generations(tmp_path):
    """Without REDIS_URL (the embedded default), a change seen by one process (the job worker
    publishing a page) reaches the others (the web server's): the cache lives in files under
    var/, not in each process's memory."""
    root = Path(__file__).resolve().parents[2]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev", VAR_DIR=str(tmp_path), PYTHONPATH=str(root)
    )

    def run(code: str) -> str:
        script = f"import django; django.setup()\n{textwrap.dedent(code)}"
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    written = run(
        """
        from django.core.cache import cache
        from pages.agenda import feeds
        feeds.bump_generations("000100010001")
        print(cache.get(feeds._below_key("0001")))
        """
    )
    read = run(
        """
        from django.core.cache import cache
        from pages.agenda import feeds
        print(cache.get(feeds._below_key("0001")))
        """
    )
    assert written.isdigit()
    assert read == written
