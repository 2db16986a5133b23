"""Every feed of the demo, with actions added at the edges (both clock changes of the coming
year, overnight across them, the hour that comes twice, a monthly "first Saturday", cancelled
dates, a moved date, a wholly cancelled series, an all-day series), read over a whole year by
two parsers, Mozilla's ical.js and recurring_ical_events: the same instants, titles and
statuses (issue 17, "Proof"). Each territory's feed then lists, over that year, what its HTML
agenda lists; each action's feed, what the site says of the action.

The year is the coming one, whatever the day the test runs: the demo's actions are placed
from today, and so are the ones added here (the clock changes are found from today)."""

import datetime as dt

from django.utils import translation

from pages.agenda import ics, queries
from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation, ActionPage, CommunePage, DepartmentPage, HomePage
from tests.pages.icaljs import agreed_many

# Over a year: one node process reads every feed; the demo loads once for the module.
MARGIN = dt.timedelta(days=2)


def last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def coming(month: int, after: dt.date) -> dt.date:
    """The next last Sunday of `month` (a clock change) well after `after`."""
    for year in (after.year, after.year + 1):
        day = last_sunday(year, month)
        if day > after + dt.timedelta(days=21):
            return day
    raise AssertionError("no clock change within a year")


def paris(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def publish(index, title: str, start: dt.datetime, *, hours: float = 2, **fields) -> ActionPage:
    fields.setdefault("description", f"{title}, pour l'épreuve des calendriers.")
    fields.setdefault("kind", "collective")
    fields.setdefault("address", "Place de la Mairie")
    fields.setdefault("end", start + dt.timedelta(hours=hours))
    action = ActionPage(title=title, start=start, live=False, **fields)
    index.add_child(instance=action)
    action.save_revision().publish()
    return action


def add_edge_cases(today: dt.date) -> dict[str, dt.date]:
    laval = CommunePage.objects.get(commune__code="53130")
    index = queries.action_index_of(laval)
    mayenne = queries.action_index_of(DepartmentPage.objects.get(department__code="53"))
    spring, autumn = coming(3, today), coming(10, today)
    week = dt.timedelta(weeks=1)
    # Every Sunday at 10:00 across both changes, the Sunday after the spring one cancelled.
    publish(
        index,
        "Marche du dimanche",
        paris(min(spring, autumn) - 3 * week, 10),
        slug="epreuve-marche",
        recurrence_frequency="weekly",
        recurrence_until=max(spring, autumn) + 3 * week,
        cancellations=[ActionCancellation(date=spring + week, reason="Course de printemps")],
    )
    # Saturday 23:00 to Sunday 04:00, on the nights of both changes.
    for name, change in (("Veille de printemps", spring), ("Veille d'automne", autumn)):
        publish(
            index,
            name,
            paris(change - dt.timedelta(days=8), 23),
            hours=5,
            slug=f"epreuve-{change:%m}",
            end=paris(change - dt.timedelta(days=7), 4),
            recurrence_frequency="weekly",
            recurrence_count=3,
        )
    # 02:30 on the night the clocks go back happens twice: the first one.
    publish(index, "Fête de la nuit", paris(autumn, 2, 30), hours=1, slug="epreuve-nuit")
    # The first Saturday of every month at 09:30 for a year (department-wide), one cancelled.
    first_saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    while first_saturday.day > 7:
        first_saturday += week
    cancelled_month = first_saturday + 4 * week
    while cancelled_month.day > 7:
        cancelled_month += week
    publish(
        mayenne,
        "Repair café",
        paris(first_saturday, 9, 30),
        hours=3,
        slug="epreuve-repair",
        recurrence_frequency="monthly",
        recurrence_monthly_position=1,
        recurrence_count=13,
        cancellations=[ActionCancellation(date=cancelled_month, reason="Salle prise")],
    )
    # A moved date: the Wednesday is cancelled ("moved to Thursday"), the Thursday added.
    wednesday = spring - dt.timedelta(days=4)
    publish(
        index,
        "Soupe partagée",
        paris(wednesday - 2 * week, 18),
        slug="epreuve-soupe",
        recurrence_frequency="weekly",
        recurrence_count=6,
        cancellations=[ActionCancellation(date=wednesday, reason="Déplacée au jeudi")],
    )
    publish(index, "Soupe partagée", paris(wednesday + dt.timedelta(days=1), 18), slug="soupe-j")
    # A wholly cancelled series, and an all-day series with a cancelled day across the spring.
    publish(
        index,
        "Collecte",
        paris(autumn - week, 14),
        slug="epreuve-collecte",
        recurrence_frequency="weekly",
        recurrence_count=3,
        status="cancelled",
        cancellation_reason="Plus de local",
    )
    publish(
        index,
        "Braderie",
        paris(spring - dt.timedelta(days=1)),
        hours=23,
        slug="epreuve-braderie",
        all_day=True,
        recurrence_frequency="weekly",
        recurrence_count=3,
        cancellations=[ActionCancellation(date=spring + dt.timedelta(days=6), reason="Marché")],
    )
    return {"spring": spring, "autumn": autumn}


def key_of_item(item: queries.AgendaItem) -> tuple:
    """An occurrence as the site lists it, in the parsers' terms."""
    with translation.override("fr"):
        title = ics.cancelled_title(item.action.title) if item.cancelled else item.action.title
    if item.all_day:
        first = item.local_start.date()
        start, end = first.isoformat(), (max(item.local_end.date(), first) + dt.timedelta(1))
        end = end.isoformat()
    else:
        start = f"{item.start.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S}Z"
        end = f"{item.end.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S}Z"
    status = "CANCELLED" if item.cancelled else "CONFIRMED"
    return (start, end, title, status, ics.uid_of(item.action))


def key_of_occurrence(found: dict) -> tuple:
    return (found["start"], found["end"], found["summary"], found["status"], found["uid"])


def instant_of(key: tuple) -> dt.datetime:
    text = key[0]
    if "T" not in text:
        return paris(dt.date.fromisoformat(text))
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_every_feed_reads_the_same_in_both_parsers_and_as_on_the_site(demo, client):
    today = queries.today()
    changes = add_edge_cases(today)
    first, last = today + dt.timedelta(days=1), today + dt.timedelta(days=364)
    start, end = paris(first), paris(last + dt.timedelta(days=1))
    assert start < paris(changes["spring"]) < end and start < paris(changes["autumn"]) < end

    territories = [
        page.specific
        for page in (
            list(HomePage.objects.live())
            + list(DepartmentPage.objects.live())
            + list(CommunePage.objects.live())
        )
        if queries.action_index_of(page) is not None
    ]
    actions = list(ActionPage.objects.live().public().specific())
    assert len(territories) >= 5 and len(actions) >= 50

    feeds = {}
    for page in territories + actions:
        response = client.get(f"{page.url}agenda.ics")
        assert response.status_code == 200, page.url
        feeds[page.url] = response.content
    # ical.js and recurring_ical_events read the same in every feed (or the test says where).
    readings = agreed_many(feeds, start - MARGIN, end + MARGIN)

    def in_year(keys) -> list[tuple]:
        return sorted(key for key in keys if start <= instant_of(key) < end)

    compared = 0
    for page in territories:
        index = queries.action_index_of(page)
        # Every page of the list, following its "later actions" links (a cursor).
        listed, query = [], f"from={first.isoformat()}&to={last.isoformat()}"
        while query:
            response = client.get(f"{index.url}?{query}")
            assert response.status_code == 200, index.url
            listed += response.context["occurrences_page"].items
            query = response.context["occurrences_page"].next_query
        site = in_year(key_of_item(item) for item in listed)
        feed = in_year(key_of_occurrence(item) for item in readings[page.url]["occurrences"])
        assert feed == site, page.url
        compared += len(site)
    for action in actions:
        site = in_year(key_of_item(item) for item in queries.items_of(action, start, end))
        feed = in_year(key_of_occurrence(item) for item in readings[action.url]["occurrences"])
        assert feed == site, action.url

    national = {
        key[2:4]
        for key in in_year(map(key_of_occurrence, readings[territories[0].url]["occurrences"]))
    }
    # The edges were in the year, as the site shows them.
    assert ("Annulé : Marche du dimanche", "CANCELLED") in national
    assert ("Annulé : Soupe partagée", "CANCELLED") in national
    assert ("Annulé : Collecte", "CANCELLED") in national
    assert ("Annulé : Repair café", "CANCELLED") in national
    assert ("Annulé : Braderie", "CANCELLED") in national
    assert compared > 100
