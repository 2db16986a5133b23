"""The second factor's pages under /admin/two-factor/, their link in the account page, and the
administrators' "Reset two-factor" in the users' listing (with its entry in a user's history)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from . import urls
from .views import RESET_ACTION


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("two-factor/", include(urls, namespace="two_factor"))]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("two_factor:account"),
        "label": _("Two-factor authentication"),
        "help_text": _("A code from an app on your phone at each log-in, on top of your password."),
    }


@hooks.register("register_user_listing_buttons")
def reset_two_factor_button(user, request_user):
    if not request_user.is_superuser:
        return []
    return [
        ListingButton(
            _("Reset two-factor"),
            reverse("two_factor:reset_for_user", args=[user.pk]),
            icon_name="key",
            priority=50,
        )
    ]


@hooks.register("register_log_actions")
def register_reset_action(actions):
    actions.register_action(
        RESET_ACTION,
        gettext_lazy("Reset two-factor authentication"),
        gettext_lazy("Two-factor authentication reset by an administrator"),
    )
