"""Onboarding in the Wagtail admin: the "engage" views and menu items, an "Engage a commune"
button on department pages, and guards so that a department or commune page is only created
through onboarding (which gives it its groups) and only deleted by an administrator."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from pages.models import CommunePage, DepartmentPage

from . import roles, urls


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, is_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_allowed = is_allowed

    def is_shown(self, request):
        return self.is_allowed(request.user)


@hooks.register("register_admin_urls")
def register_onboarding_urls():
    return [path("onboarding/", include(urls, namespace="onboarding"))]


@hooks.register("register_admin_menu_item")
def engage_department_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Engage a department"),
        reverse("onboarding:engage_department"),
        name="engage-department",
        icon_name="site",
        order=250,
        is_allowed=roles.may_engage_departments,
    )


@hooks.register("register_admin_menu_item")
def engage_commune_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Engage a commune"),
        reverse("onboarding:engage_commune"),
        name="engage-commune",
        icon_name="home",
        order=251,
        is_allowed=lambda user: roles.departments_engaging_for(user).exists(),
    )


def engage_commune_url(department_page: DepartmentPage) -> str:
    query = urlencode({"department": department_page.department.code})
    return f"{reverse('onboarding:engage_commune')}?{query}"


@hooks.register("register_page_header_buttons")
def engage_commune_button(page, user, view_name, next_url=None):
    if page.specific_class is not DepartmentPage:
        return
    department_page = DepartmentPage.objects.select_related("department").get(pk=page.pk)
    if roles.departments_engaging_for(user).filter(pk=department_page.department_id).exists():
        url = engage_commune_url(department_page)
        yield Button(_("Engage a commune"), url, icon_name="home", priority=16)


@hooks.register("before_create_page")
def create_territory_pages_through_onboarding(request, parent_page, page_class):
    """A department or commune page made by hand would lack its groups and collection."""
    if page_class is DepartmentPage:
        return redirect("onboarding:engage_department")
    if page_class is CommunePage:
        parent = parent_page.specific
        if isinstance(parent, DepartmentPage):
            return redirect(engage_commune_url(parent))
        return redirect("onboarding:engage_commune")
    return None


@hooks.register("before_delete_page")
def keep_territory_pages(request, page):
    if roles.may_delete_territory_page(request.user, page):
        return None
    messages.error(request, _("Only an administrator may delete a department or commune page."))
    return redirect("wagtailadmin_explore", page.pk)


@hooks.register("before_bulk_action")
def keep_territory_pages_in_bulk(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    protected = [
        page
        for page in objects
        if hasattr(page, "specific_class")
        and not roles.may_delete_territory_page(request.user, page)
    ]
    if not protected:
        return None
    messages.error(request, _("Only an administrator may delete a department or commune page."))
    return redirect("wagtailadmin_explore", protected[0].pk)
