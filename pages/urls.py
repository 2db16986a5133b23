"""Public URLs of the pages app, placed before Wagtail's page URLs (whose pattern accepts no
dot): the iCalendar feeds, `agenda.ics` under a page's address."""

from django.urls import re_path

from .agenda import feeds

app_name = "pages"

urlpatterns = [
    re_path(r"^(?P<path>(?:[\w-]+/)*)agenda\.ics$", feeds.feed, name="feed"),
]
