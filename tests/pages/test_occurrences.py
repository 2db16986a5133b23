"""The occurrences table (pages/agenda/occurrences.py) stays true to the actions: publication,
draft, unpublication, move, deletion, cancellation, view restriction, the nightly extension of
its window; and what the agendas read from it is what expanding the actions gives."""

import datetime as dt

import pytest
from wagtail.models import PageViewRestriction

from pages.agenda import occurrences, queries
from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation, Occurrence

pytestmark = pytest.mark.django_db


def starts_of(action) -> list[dt.datetime]:
    return list(
        Occurrence.objects.filter(action_id=action.pk)
        .order_by("start")
        .values_list("start", flat=True)
    )


def rows_of(action) -> list[tuple]:
    return list(
        Occurrence.objects.filter(action_id=action.pk)
        .order_by("start")
        .values_list("start", "end", "cancelled", "path", "all_day")
    )


def test_a_published_action_has_its_rows_and_a_draft_changes_nothing(
    agenda_tree, add_action, agenda_now
):
    action = add_action(agenda_tree["laval"], "Repair café", agenda_now, publish=True)
    assert rows_of(action) == [
        (agenda_now, agenda_now + dt.timedelta(hours=2), False, action.path, False)
    ]
    later = agenda_now + dt.timedelta(days=3)
    action.start, action.end = later, later + dt.timedelta(hours=1)
    revision = action.save_revision()  # a draft: the published date stays
    assert starts_of(action) == [agenda_now]
    revision.publish()
    assert starts_of(action) == [later]


def test_a_recurring_action_has_a_row_per_date_in_the_window(agenda_tree, add_action, agenda_now):
    action = add_action(
        agenda_tree["laval"], "Permanence", agenda_now, recurrence_frequency="weekly"
    )
    starts = starts_of(action)
    first, last = occurrences.window()
    assert starts[0] == agenda_now and len(starts) == len(set(starts))
    assert starts[-1] < last and starts[-1] + dt.timedelta(weeks=1) >= last
    # In Paris time: noon on every Monday, across the clock changes.
    assert {start.astimezone(PARIS).time() for start in starts} == {dt.time(12)}


def test_unpublished_and_deleted_actions_lose_their_rows(agenda_tree, add_action, agenda_now):
    kept = add_action(agenda_tree["laval"], "Gardée", agenda_now, publish=True)
    unpublished = add_action(agenda_tree["laval"], "Dépubliée", agenda_now, publish=True)
    deleted = add_action(agenda_tree["laval"], "Supprimée", agenda_now, publish=True)
    unpublished.unpublish()
    deleted.delete()
    assert starts_of(unpublished) == [] and not Occurrence.objects.filter(action_id=deleted.pk)
    assert starts_of(kept) == [agenda_now]
    # Published again, it comes back.
    unpublished.refresh_from_db()
    unpublished.save_revision().publish()
    assert starts_of(unpublished) == [agenda_now]


def test_deleting_a_territory_deletes_the_rows_of_its_actions(agenda_tree, add_action, agenda_now):
    add_action(agenda_tree["chateau"], "Sous la commune", agenda_now, publish=True)
    assert Occurrence.objects.count() == 1
    agenda_tree["chateau_page"].delete()
    assert Occurrence.objects.count() == 0


def test_a_moved_action_is_listed_where_it_went(client, agenda_tree, add_action, agenda_now):
    action = add_action(agenda_tree["laval"], "Balade déménagée", agenda_now, publish=True)
    action.move(agenda_tree["chateau"], pos="last-child")
    action.refresh_from_db()
    assert rows_of(action)[0][3] == action.path
    assert action.path.startswith(agenda_tree["chateau"].path)
    laval = client.get("/mayenne/laval/actions/").content.decode()
    chateau = client.get(agenda_tree["chateau"].url).content.decode()
    assert "Balade déménagée" not in laval and "Balade déménagée" in chateau


def test_cancelling_an_action_or_one_of_its_dates_marks_the_rows(
    agenda_tree, add_action, agenda_now
):
    series = add_action(
        agenda_tree["laval"],
        "Atelier",
        agenda_now,
        publish=True,
        recurrence_frequency="weekly",
        recurrence_count=3,
    )
    assert [row[2] for row in rows_of(series)] == [False, False, False]
    second = (agenda_now + dt.timedelta(weeks=1)).date()
    series.cancellations.add(ActionCancellation(date=second, reason="Salle prise"))
    series.save_revision().publish()
    assert [row[2] for row in rows_of(series)] == [False, True, False]
    series.refresh_from_db()
    series.status, series.cancellation_reason = "cancelled", "Plus d'animateur"
    series.save_revision().publish()
    assert [row[2] for row in rows_of(series)] == [True, True, True]
    # The date given back: the rows follow.
    series.refresh_from_db()
    series.status, series.cancellation_reason = "scheduled", ""
    series.cancellations.clear()
    series.save_revision().publish()
    assert [row[2] for row in rows_of(series)] == [False, False, False]


def test_a_view_restriction_takes_the_actions_below_out_and_back(
    client, agenda_tree, add_action, agenda_now
):
    below = add_action(agenda_tree["chateau"], "Réunion privée", agenda_now, publish=True)
    elsewhere = add_action(agenda_tree["laval"], "Réunion publique", agenda_now, publish=True)
    restriction = PageViewRestriction.objects.create(
        page=agenda_tree["chateau_page"], restriction_type="password", password="x"
    )
    assert starts_of(below) == [] and starts_of(elsewhere) == [agenda_now]
    assert "Réunion privée" not in client.get("/mayenne/actions/").content.decode()
    restriction.delete()
    assert starts_of(below) == [agenda_now]
    assert "Réunion privée" in client.get("/mayenne/actions/").content.decode()


def test_the_nightly_job_moves_the_window_on(agenda_tree, add_action, agenda_now):
    series = add_action(
        agenda_tree["laval"], "Chaque lundi", agenda_now, recurrence_frequency="weekly"
    )
    past = add_action(agenda_tree["laval"], "Passée", agenda_now - dt.timedelta(days=28))
    first, last = occurrences.window()
    far = last + dt.timedelta(days=5)
    beyond = add_action(agenda_tree["laval"], "Plus tard", far)
    assert starts_of(beyond) == [] and starts_of(past)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=20)
    new_first, new_last = occurrences.window(later)
    result = occurrences.extend_window(later)
    assert starts_of(beyond) == [far]  # the days that entered the window
    assert starts_of(past) == []  # those that left it
    assert not Occurrence.objects.filter(end__lt=new_first).exists()
    starts = starts_of(series)
    assert starts[-1] >= last and starts[-1] < new_last <= starts[-1] + dt.timedelta(weeks=1)
    assert result["written"] >= len(starts)
    # Again: nothing changes.
    occurrences.extend_window(later)
    assert starts_of(series) == starts and starts_of(beyond) == [far]


def test_rebuild_after_migrate_fills_an_empty_table(agenda_tree, add_action, agenda_now):
    add_action(agenda_tree["laval"], "Une", agenda_now, recurrence_frequency="weekly")
    before = list(Occurrence.objects.values_list("action_id", "start", "end", "cancelled"))
    Occurrence.objects.all().delete()
    occurrences.fill_after_migrate()
    after = list(Occurrence.objects.values_list("action_id", "start", "end", "cancelled"))
    assert sorted(after) == sorted(before) and len(after) > 50


def test_the_nightly_job_is_scheduled():
    from core import schedules

    found = [p for p in schedules.SCHEDULES if p.name == schedules.OCCURRENCES]
    assert found and found[0].func == "pages.agenda.occurrences.extend_window"
    assert found[0].schedule_type == schedules.DAILY


def key(item) -> tuple:
    return (item.action.pk, item.start, item.end, item.cancelled, item.reason, item.place)


@pytest.fixture
def mixed_actions(agenda_tree, add_action, agenda_now, mayenne):
    """Single, recurring, all-day, several days long, cancelled (whole or a date), placed in a
    commune, restricted: what the agendas list."""
    from territories.models import Commune

    tomorrow = agenda_now + dt.timedelta(days=1)
    add_action(agenda_tree["laval"], "Simple", agenda_now)
    add_action(
        agenda_tree["laval"],
        "Hebdomadaire",
        tomorrow,
        recurrence_frequency="weekly",
        recurrence_weekdays="TU,FR",
        cancellations=[
            ActionCancellation(date=(tomorrow + dt.timedelta(days=7)).date(), reason="Grève")
        ],
    )
    add_action(
        agenda_tree["mayenne"],
        "Mensuelle, dans une commune",
        agenda_now + dt.timedelta(days=5),
        recurrence_frequency="monthly",
        recurrence_monthly_position=1,
        place_commune=Commune.objects.get(code="53062"),
    )
    add_action(
        agenda_tree["home"],
        "Nationale, toute la journée",
        dt.datetime.combine(agenda_now.date(), dt.time.min, tzinfo=PARIS),
        hours=48,
        all_day=True,
    )
    add_action(
        agenda_tree["chateau"],
        "Annulée",
        agenda_now + dt.timedelta(days=2),
        status="cancelled",
        cancellation_reason="Pluie",
    )
    add_action(agenda_tree["laval"], "Commencée hier", agenda_now - dt.timedelta(days=1), hours=72)
    PageViewRestriction.objects.create(
        page=add_action(agenda_tree["chateau"], "Privée", agenda_now), restriction_type="login"
    )


@pytest.mark.parametrize("scope", ["home", "mayenne", "laval", "chateau"])
def test_the_table_gives_what_expanding_the_actions_gave(agenda_tree, mixed_actions, scope):
    page = agenda_tree[scope].get_parent().specific
    start = queries.paris_day_start(queries.today())
    for end in (start + queries.DEFAULT_SPAN, start + queries.UPCOMING_SPAN):
        expanded = queries.agenda_items(queries.actions_under(page), start, end)
        rows = queries.occurrence_rows(page, start, end).order_by("start", "id")
        read = queries.items_of_rows(rows.values_list(*queries.ROW_FIELDS))
        assert sorted(map(key, read)) == sorted(map(key, expanded))
        assert [item.start for item in read] == [item.start for item in expanded]
        assert expanded  # the comparison compares something
    assert "Privée" not in {item.action.title for item in read}


def test_the_upcoming_block_gives_what_it_gave(agenda_tree, mixed_actions):
    home = agenda_tree["home"].get_parent().specific
    now = dt.datetime.now(dt.UTC)
    expanded = [
        item
        for item in queries.agenda_items(
            queries.actions_under(home), now, now + queries.UPCOMING_SPAN
        )
        if not item.cancelled
    ][: queries.UPCOMING_COUNT]
    shown = queries.upcoming_context(home)["upcoming_actions"]
    assert list(map(key, shown)) == list(map(key, expanded)) and len(shown) == 4


def test_a_month_the_table_does_not_cover_is_expanded_from_the_actions(client, agenda_tree):
    from pages.models import ActionPage

    index = agenda_tree["laval"]
    action = ActionPage(
        title="Il y a longtemps",
        description="x",
        kind="collective",
        address="Place de la Mairie",
        start=dt.datetime(2019, 3, 9, 10, tzinfo=PARIS),
        end=dt.datetime(2019, 3, 9, 12, tzinfo=PARIS),
    )
    index.add_child(instance=action)
    assert starts_of(action) == []
    page = client.get("/mayenne/laval/actions/mois/2019/3/").content.decode()
    assert "Il y a longtemps" in page
    listed = client.get("/mayenne/laval/actions/?from=2019-03-01&to=2019-03-31").content.decode()
    assert "Il y a longtemps" in listed
