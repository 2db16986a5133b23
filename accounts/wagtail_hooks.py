"""The second factor's pages under /admin/two-factor/ and their link in the account page."""

from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import urls


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
