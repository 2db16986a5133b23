"""Public URLs of the pages app, placed before Wagtail's page URLs (whose pattern accepts no
dot): the iCalendar feeds, `agenda.ics` under a page's address; the news feeds, `rss.xml` and
`atom.xml` under a news index's; each site's sitemap.xml and robots.txt."""

from django.urls import path, re_path

from . import news_feeds, sitemaps
from .agenda import feeds

app_name = "pages"

urlpatterns = [
    re_path(r"^(?P<path>(?:[\w-]+/)*)agenda\.ics$", feeds.feed, name="feed"),
    re_path(
        r"^(?P<path>(?:[\w-]+/)*)(?P<format>rss|atom)\.xml$",
        news_feeds.news_feed,
        name="news_feed",
    ),
    # Each site's own (core/sites.py: a territory on its own address has its map).
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots, name="robots"),
]
