"""Public URLs of the kits app, placed before Wagtail's page URLs (whose pattern takes no dot):
the press page of a department or commune and its downloads, found by the page's path."""

from django.urls import re_path

from . import views

# "mayenne/" or "mayenne/laval/": a department or a commune page under the site's root; ""
# on a territory's own address, whose root is that page (laval.localhost/presse/).
PAGE_PATH = r"(?P<path>(?:[-\w]+/){0,2})"

urlpatterns = [
    re_path(rf"^{PAGE_PATH}presse/$", views.press_page, name="kits_press"),
    re_path(
        rf"^{PAGE_PATH}presse/(?P<filename>[-\w]+\.(?:pdf|png))$",
        views.download,
        name="kits_download",
    ),
]
