from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", admin_views.index, name="index"),
        path("nouveau/", admin_views.edit, name="create"),
        path("<int:pk>/", admin_views.detail, name="detail"),
        path("<int:pk>/modifier/", admin_views.edit, name="edit"),
        path("<int:pk>/essai/", admin_views.test_send, name="test_send"),
        path("<int:pk>/programmer/", admin_views.schedule, name="schedule"),
        path("<int:pk>/deprogrammer/", admin_views.unschedule, name="unschedule"),
    ]
    return [path("envois/", (urls, "mailings_admin", "mailings_admin"))]


class MailingsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_write_mailings(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return MailingsMenuItem(
        _("Mailings"), reverse("mailings_admin:index"), icon_name="mail", order=270
    )
