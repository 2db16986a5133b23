from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, services


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", admin_views.index, name="index"),
        path("nouvelle/", admin_views.create, name="create"),
        path("<int:pk>/", admin_views.detail, name="detail"),
        path("<int:pk>/mise-en-relation/", admin_views.put_in_touch, name="put_in_touch"),
        path("<int:pk>/cloture/", admin_views.close, name="close"),
    ]
    return [path("entraide/", (urls, "helprequests_admin", "helprequests_admin"))]


class HelpRequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return services.may_see_requests(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return HelpRequestsMenuItem(
        _("Requests for help"), reverse("helprequests_admin:index"), icon_name="help", order=260
    )
