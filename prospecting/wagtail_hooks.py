from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, services


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", admin_views.index, name="index"),
        path("<str:code>/", admin_views.department, name="department"),
        path("<str:code>/communes/", admin_views.commune_suggestions, name="commune_suggestions"),
        path("<str:code>/<str:insee>/", admin_views.commune, name="commune"),
        path("<str:code>/<str:insee>/presentation/", admin_views.plan, name="plan"),
        path("<str:code>/<str:insee>/engager/", admin_views.engage, name="engage"),
    ]
    return [path("prospection/", (urls, "prospecting_admin", "prospecting_admin"))]


class ProspectingMenuItem(MenuItem):
    def is_shown(self, request):
        return services.may_prospect(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ProspectingMenuItem(
        _("Prospecting mairies"), reverse("prospecting_admin:index"), icon_name="site", order=270
    )
