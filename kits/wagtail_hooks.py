"""Admin: the kit views' URLs and a "Communication kit" button on department and commune pages."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from pages import slots

from . import admin_urls, services


@hooks.register("register_admin_urls")
def register_kit_urls():
    return [path("kits/", include(admin_urls))]


def _kit_button(page, user, priority):
    page = page.specific_deferred if not services.has_kit(page) else page
    if not services.has_kit(page) or not page.permissions_for_user(user).can_edit():
        return []
    return [
        Button(
            _("Communication kit"),
            reverse("kits_admin", args=[page.pk]),
            icon_name="doc-full",
            priority=priority,
        )
    ]


@hooks.register("register_page_header_buttons")
def kit_header_button(page, user, view_name, next_url=None):
    return _kit_button(page, user, 80)


@hooks.register(slots.HOOK)
def page_slots():
    """The share image in every public page's head; the press kit's link on the territories'."""
    return [
        ("head", "kits/includes/og_image.html"),
        ("department-links", "kits/includes/press_link.html"),
        ("commune-links", "kits/includes/press_link.html"),
    ]
