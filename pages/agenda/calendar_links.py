"""Links that put an action or an agenda into someone's calendar application.

- one action: "add to Google Calendar" and "add to Outlook" links carrying its title, times,
  place and description (times in UTC with a Z, or dates for an all-day action, the end date
  being the day after the last one, as both services expect). For a series, both start at its
  next occurrence that takes place; Google's link carries the repetition (`recur`: the RRULE
  and an EXDATE for each cancelled date), Outlook's compose page has no repetition at all, so
  its link adds that one date, and the page offers to subscribe to the series beside it;
- a feed (`…/agenda.ics`): the download address, the `webcal://` address that calendar
  applications subscribe to, and the Google and Outlook pages that subscribe to it.

Plain functions of plain values: they run no query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .recurrence import PARIS

GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
OUTLOOK_COMPOSE = "https://outlook.live.com/calendar/0/action/compose"
OUTLOOK_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb"
FEED_NAME = "agenda.ics"
# The parameters of a filtered feed, `agenda.ics?type=<kind>&categorie=<slug>` and, on a
# department's, `&commune=<INSEE code>` (French: people copy these addresses), read by feeds.py.
KIND_PARAMETER = "type"
CATEGORY_PARAMETER = "categorie"
COMMUNE_PARAMETER = "commune"
# Calendar services cut long texts anyway: keep the links of a reasonable length.
MAX_DETAILS = 1000


@dataclass(frozen=True)
class EventLinks:
    google: str  # a series: the whole series, from `start`, without its cancelled dates
    outlook: str  # always the one occurrence at `start`
    start: dt.datetime | None = None
    series: bool = False


@dataclass(frozen=True)
class FeedLinks:
    download: str  # https://…/agenda.ics
    webcal: str  # webcal://…/agenda.ics
    google: str
    outlook: str


def feed_url(page_url: str) -> str:
    """The feed of a page from the page's (absolute) URL: `<page URL>agenda.ics`."""
    return page_url if page_url.endswith(FEED_NAME) else page_url.rstrip("/") + "/" + FEED_NAME


def webcal_url(url: str) -> str:
    """`https://host/path` -> `webcal://host/path` (the scheme calendar apps subscribe with)."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url[len(scheme) :]
    return url


def feed_query(*, kind: str = "", category: str = "", commune: str = "") -> str:
    """The query string of a feed keeping one kind of action, one category of gestures (its
    slug) and/or, on a department's, one of its communes (its INSEE code); "" for the whole
    feed."""
    pairs = {KIND_PARAMETER: kind, CATEGORY_PARAMETER: category, COMMUNE_PARAMETER: commune}
    return urlencode({name: value for name, value in pairs.items() if value})


def feed_links(page_url: str, name: str, query: str = "") -> FeedLinks:
    """The links to download and subscribe to the feed of the page at `page_url` (absolute),
    with `query` (`feed_query`) for a filtered feed."""
    download = feed_url(page_url) + (f"?{query}" if query else "")
    webcal = webcal_url(download)
    subscribe = urlencode({"url": download, "name": name}, quote_via=quote)
    return FeedLinks(
        download=download,
        webcal=webcal,
        google=f"{GOOGLE_TEMPLATE}?{urlencode({'cid': webcal}, quote_via=quote)}",
        outlook=f"{OUTLOOK_SUBSCRIBE}?{subscribe}",
    )


def utc_stamp(moment: dt.datetime) -> str:
    """An aware datetime as Google writes UTC times: 20261205T090000Z."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def all_day_dates(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    """The first day and the day after the last one (exclusive end), in Paris."""
    first = start.astimezone(PARIS).date()
    last = max(end.astimezone(PARIS).date(), first)
    return first, last + dt.timedelta(days=1)


def _details(description: str, url: str) -> str:
    text = description.strip()
    if len(text) > MAX_DETAILS:
        text = text[: MAX_DETAILS - 1].rstrip() + "…"
    return f"{text}\n\n{url}" if text else url


def event_links(
    *,
    title: str,
    start: dt.datetime,
    end: dt.datetime,
    all_day: bool = False,
    description: str = "",
    location: str = "",
    url: str = "",
    rrule: str = "",
    exdates: Iterable[dt.datetime] = (),
) -> EventLinks:
    """The "add to Google Calendar" and "add to Outlook" links of one event (aware times).
    With `rrule`, the event is the first occurrence of a series that Google repeats, skipping
    `exdates` (the starts of its cancelled occurrences); Outlook gets the one occurrence."""
    details = _details(description, url)
    if all_day:
        first, after = all_day_dates(start, end)
        google_dates = f"{first:%Y%m%d}/{after:%Y%m%d}"
        outlook_times = {"startdt": first.isoformat(), "enddt": after.isoformat(), "allday": "true"}
    else:
        google_dates = f"{utc_stamp(start)}/{utc_stamp(end)}"
        outlook_times = {
            "startdt": start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "enddt": end.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "allday": "false",
        }
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": google_dates,
        "ctz": "Europe/Paris",
        "details": details,
        "location": location,
    }
    if rrule:
        google["recur"] = recurrence_lines(rrule, exdates, all_day=all_day)
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        **outlook_times,
        "body": details,
        "location": location,
    }
    return EventLinks(
        google=f"{GOOGLE_TEMPLATE}?{urlencode(google, quote_via=quote)}",
        outlook=f"{OUTLOOK_COMPOSE}?{urlencode(outlook, quote_via=quote)}",
        start=start,
        series=bool(rrule),
    )


def recurrence_lines(rrule: str, exdates: Iterable[dt.datetime], *, all_day: bool) -> str:
    """Google's `recur`: RFC 5545 lines, the RRULE then one EXDATE a cancelled occurrence, in
    the form of the event's start (UTC times, or dates for an all-day event), as Google
    matches an EXDATE to an occurrence only in the same form."""
    lines = [f"RRULE:{rrule}"]
    for moment in sorted(exdates):
        if all_day:
            lines.append(f"EXDATE;VALUE=DATE:{moment.astimezone(PARIS):%Y%m%d}")
        else:
            lines.append(f"EXDATE:{utc_stamp(moment)}")
    return "\n".join(lines)
