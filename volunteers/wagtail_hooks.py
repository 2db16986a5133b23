from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from pages import slots

from . import access
from .views import admin as admin_views


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", admin_views.index, name="index"),
        path("export.csv", admin_views.export, name="export"),
        path("communes/", admin_views.commune_suggestions, name="commune_suggestions"),
        path("en-attente/", admin_views.waiting, name="waiting"),
        path("chiffres/", admin_views.counts, name="counts"),
        path("<int:pk>/", admin_views.detail, name="detail"),
        path("<int:pk>/notes/", admin_views.add_note, name="add_note"),
        path("<int:pk>/notes/<int:note>/supprimer/", admin_views.delete_note, name="delete_note"),
    ]
    return [path("volontaires/", (urls, "volunteers_admin", "volunteers_admin"))]


class VolunteersMenuItem(MenuItem):
    def is_shown(self, request):
        return access.may(request.user, access.COUNTS)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return VolunteersMenuItem(
        _("Volunteers"), reverse("volunteers_admin:index"), icon_name="group", order=250
    )


@hooks.register(slots.HOOK)
def page_slots():
    """The figures, the call to take part and the registration to an action (pages/slots.py)."""
    return [
        ("figures", "volunteers/includes/figures.html"),
        ("commune-call", "volunteers/commune_button.html"),
        ("action-registration", "volunteers/includes/action_registration.html"),
    ]
