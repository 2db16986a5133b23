"""The RSS 2.0 and Atom feeds of a territory's news, for social networks and newsletters:
`<news index>/rss.xml` and `<news index>/atom.xml` (e.g. `/mayenne/actualites/rss.xml`), the
latest FEED_ITEMS news of that index, absolute links, a title and a summary each (no body, no
person). Wagtail's page URL accepts no dot, so pages/urls.py routes them before it, as the
`agenda.ics` feeds; the page is found the same way (`agenda.feeds.feed_page`)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from core.addresses import absolute
from core.text import one_line

from . import services
from .agenda.feeds import feed_page
from .agenda.recurrence import PARIS

FEED_ITEMS = 20
# As the agenda's feeds: readers poll them, an hour is fresh enough.
CACHE_CONTROL = "public, max-age=3600"
FORMATS = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, feed_type=Rss201rev2Feed):
        self.feed_type = feed_type

    def get_object(self, request: HttpRequest, path: str = "", format: str = "rss"):
        from .models import NewsIndexPage

        self.request = request
        return feed_page(request, path, types=(NewsIndexPage,)).specific

    def title(self, index) -> str:
        parent = index.get_parent()
        return one_line(f"{index.title} — {parent.title}" if parent.depth > 1 else index.title)

    def link(self, index) -> str:
        return index.get_full_url(self.request) or absolute(index.url)

    def feed_url(self, index) -> str:
        return self.link(index) + ("atom.xml" if self.feed_type is Atom1Feed else "rss.xml")

    def description(self, index) -> str:
        return index.intro or _("The news of L'Heure Civique.")

    def author_name(self) -> str:
        return _("L'Heure Civique")

    def feed_copyright(self) -> str:
        return _("L'Heure Civique")

    def items(self, index):
        return services.news_of(index).select_related(None).prefetch_related(None)[:FEED_ITEMS]

    def item_title(self, item) -> str:
        return one_line(item.title)

    def item_description(self, item) -> str:
        return item.intro

    def item_link(self, item) -> str:
        return item.get_full_url(self.request) or absolute(item.url)

    def item_guid(self, item) -> str:
        return self.item_link(item)

    def item_pubdate(self, item) -> dt.datetime:
        return dt.datetime.combine(item.date, dt.time(0), tzinfo=PARIS)

    def item_updateddate(self, item) -> dt.datetime:
        return item.last_published_at or self.item_pubdate(item)


def news_feed(request: HttpRequest, path: str = "", format: str = "rss") -> HttpResponse:
    response = NewsFeed(FORMATS[format])(request, path=path, format=format)
    response["Cache-Control"] = CACHE_CONTROL
    return response
