"""What an action's API answer carries besides its columns, so that a front end renders it from
the answer alone: its recurrence, its next dates expanded here (as its page shows them,
`queries.items_of`), its place, its gestures and its addresses. Used by the actions endpoint
(`api.py`) and by the action's type in the pages endpoint (`ActionPage.api_fields`).

The return annotations are the fields' types in the OpenAPI document (core/openapi.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from typing_extensions import TypedDict

from core.addresses import page_url
from core.serializers import WholeObjectField

from .. import fallback
from . import calendar_links

if TYPE_CHECKING:
    from ..models import ActionPage


class GestureSummary(TypedDict):
    slug: str
    title: str
    category: str
    locale: str


class GesturesField(WholeObjectField):
    """The gestures of the idea box that the action puts into practice (only the live ones). An
    action in English or Breton gives each in its live translation into its language, else in
    French, as its page shows them (pages/fallback.py); `locale` says which. Their slugs and
    categories' slugs are the French ones, the same in every language (the `category` filter's).
    The action's locale comes with it in the actions endpoint, else the locales are read once
    per answer (`fallback.locale_codes`); for another language than French, the translated
    titles once per answer too (`fallback.gesture_titles`): neither grows with the number of
    actions, in the actions endpoint or in the pages listing."""

    def to_representation(self, action: ActionPage) -> list[GestureSummary]:
        gestures = action.gestures.all()
        if "gestures" not in getattr(action, "_prefetched_objects_cache", {}):
            gestures = gestures.select_related("category")  # one action's own answer
        request = self.context.get("request")
        if type(action).locale.is_cached(action):  # the actions endpoint reads it with them
            language = action.locale.language_code
        else:
            language = fallback.locale_codes(request)[action.locale_id]
        french = fallback.default_language()
        titles = {}
        if language != french:
            titles = fallback.gesture_titles(action.locale_id, request)
        summaries = []
        for gesture in gestures:
            if not gesture.live:
                continue
            title = titles.get(gesture.translation_key)
            summaries.append(
                {
                    "slug": gesture.slug,
                    "title": title or gesture.title,
                    "category": gesture.category.slug,
                    "locale": language if title else french,
                }
            )
        return summaries


class ExdatesField(WholeObjectField):
    """The dates of the cancelled occurrences, as ISO dates."""

    def to_representation(self, action: ActionPage) -> list[str]:
        return sorted(day.isoformat() for day in action.exdates)


class UrlField(WholeObjectField):
    """The action's public page (`html_url`) or its iCalendar feed (`ics_url`)."""

    def __init__(self, feed: bool = False, **kwargs):
        self.feed = feed
        super().__init__(**kwargs)

    def to_representation(self, action: ActionPage) -> str | None:
        url = page_url(action)  # on the territory's own address when it has one
        if url and self.feed:
            return calendar_links.feed_url(url)
        return url


class Recurrence(TypedDict):
    rule: str
    frequency: str
    interval: int
    weekdays: list[str]
    until: str | None
    count: int | None
    cancelled_dates: list[str]


class RecurrenceField(WholeObjectField):
    """How the action repeats: its RFC 5545 rule and the editor's fields that make it; None
    for a single action."""

    def to_representation(self, action: ActionPage) -> Recurrence | None:
        if not action.rrule:
            return None
        return {
            "rule": action.rrule,
            "frequency": action.recurrence_frequency,
            "interval": action.recurrence_interval,
            "weekdays": action.recurrence_weekdays.split(),
            "until": action.recurrence_until.isoformat() if action.recurrence_until else None,
            "count": action.recurrence_count,
            "cancelled_dates": sorted(day.isoformat() for day in action.exdates),
        }


class Occurrence(TypedDict):
    start: str
    end: str
    cancelled: bool
    reason: str


class NextOccurrencesField(WholeObjectField):
    """The action's next dates (at most as many as its page shows, within a year), cancelled
    ones marked with their reason; times in UTC (ISO 8601)."""

    def to_representation(self, action: ActionPage) -> list[Occurrence]:
        from . import queries  # queries' type hints name the models

        now = dt.datetime.now(dt.UTC)
        items = queries.items_of(action, now, now + queries.DEFAULT_SPAN)
        return [
            {
                "start": item.start.isoformat(),
                "end": item.end.isoformat(),
                "cancelled": item.cancelled,
                "reason": item.reason,
            }
            for item in items[: queries.ACTION_DATES_COUNT]
        ]


class CommuneSummary(TypedDict):
    code: str
    name: str


class Place(TypedDict):
    label: str
    address: str
    commune: CommuneSummary | None
    latitude: float | None
    longitude: float | None
    online: bool
    online_url: str


class PlaceField(WholeObjectField):
    """Where the action takes place: the label its page shows, and its parts."""

    def to_representation(self, action: ActionPage) -> Place:
        from . import queries

        commune = action.place_commune
        return {
            "label": queries.location_of(action),
            "address": action.address,
            "commune": {"code": commune.code, "name": commune.name} if commune else None,
            "latitude": float(action.latitude) if action.latitude is not None else None,
            "longitude": float(action.longitude) if action.longitude is not None else None,
            "online": action.online,
            "online_url": action.online_url,
        }
