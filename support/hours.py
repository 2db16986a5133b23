"""The assistance's office hours (seven days a week, 8 a.m. to 10 p.m., Europe/Paris) and how
long a page that says "open now" or "closed now" may be kept by a cache: no longer than it
stays true (core/http_cache.py keeps anonymous pages up to PAGE_CACHE_SECONDS otherwise)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from core.http_cache import BROWSER_SECONDS, QUERY_PROXY_SECONDS

PARIS = ZoneInfo("Europe/Paris")
OPENS = dt.time(8, 0)
CLOSES = dt.time(22, 0)


@dataclass(frozen=True)
class OfficeHours:
    open_now: bool
    changes_at: dt.datetime  # the next opening or closing, aware
    opens: dt.time = OPENS
    closes: dt.time = CLOSES


def _at(day: dt.date, moment: dt.time) -> dt.datetime:
    # Built from the wall-clock time of that day, so summer time is taken into account.
    return dt.datetime.combine(day, moment, tzinfo=PARIS)


def office_hours(now: dt.datetime | None = None) -> OfficeHours:
    """Whether the assistance answers at `now`, and when that changes next."""
    now = (now or timezone.now()).astimezone(PARIS)
    today = now.date()
    opening, closing = _at(today, OPENS), _at(today, CLOSES)
    if now < opening:
        return OfficeHours(False, opening)
    if now < closing:
        return OfficeHours(True, closing)
    return OfficeHours(False, _at(today + dt.timedelta(days=1), OPENS))


def keep_until(request: HttpRequest, response: HttpResponse, moment: dt.datetime) -> None:
    """An anonymous answer kept by the proxy and the browser no later than `moment` (and no
    longer than core/http_cache.py would). A personal answer is made private by the
    middleware whatever this says."""
    left = max(int((moment - timezone.now()).total_seconds()), 0)
    proxy = settings.PAGE_CACHE_SECONDS
    if request.META.get("QUERY_STRING"):
        proxy = min(proxy, QUERY_PROXY_SECONDS)
    proxy = min(proxy, left)
    if proxy == 0:
        response["Cache-Control"] = "no-cache"
        return
    response["Cache-Control"] = f"public, max-age={min(BROWSER_SECONDS, proxy)}, s-maxage={proxy}"
