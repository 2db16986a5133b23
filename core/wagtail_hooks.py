"""The admin's account settings get one panel for the notifications' delivery, whatever app
owns each topic; the settings menu, the sites' second addresses."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .account import NotificationChoicesPanel
from .models import SiteAlias


@hooks.register("register_account_settings_panel")
def register_notification_choices_panel(request, user, profile):
    return NotificationChoicesPanel(request, user, profile)


class SiteAliasViewSet(ModelViewSet):
    """Settings → Second addresses: the second names of the sites (Settings → Sites holds a
    territory's own address: a Site rooted at its page), for the administrators (model
    permissions, which no territory group has)."""

    model = SiteAlias
    icon = "site"
    add_to_settings_menu = True
    form_fields = ["site", "hostname"]
    list_display = ["hostname", "site"]
    menu_label = _("Second addresses")


@hooks.register("register_admin_viewset")
def register_site_aliases():
    return SiteAliasViewSet("site_aliases")
