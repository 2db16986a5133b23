"""The moderation in the admin: the automated check's flag in each item's history, the
moderation dashboard (a panel on the home page, a report with its menu item)."""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from pages import slots
from pages.models.initiatives import MAY_SEE_SUBMITTER_HOOK, PENDING_PHOTO_URL

from . import admin_views, dashboard
from .models import acted_url, last_action

PANEL_ITEMS = 5


@hooks.register(MAY_SEE_SUBMITTER_HOOK)
def reviewers_see_the_submitter(user, page) -> bool:
    """The reviewers of any review step of the initiative's workflow (the department's
    referents, the national moderators) see who proposed it; its other editors do not."""
    from .models import ReviewTask

    workflow = page.get_workflow() if page is not None and page.pk else None
    if workflow is None:
        return False
    groups = user.groups.values("pk")
    for task in workflow.tasks.filter(active=True).specific():
        if isinstance(task, ReviewTask) and task.reviewers_of(page).filter(pk__in=groups).exists():
            return True
    return False


@hooks.register("register_log_actions")
def register_flagged_action(actions):
    actions.register_action(
        "workflows.flagged",
        _("Flagged by the automated check"),
        _("Flagged by the automated check"),
    )


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("moderation/", admin_views.moderation_report, name="workflows_moderation_report"),
        path(
            "moderation/open/<int:content_type_id>/<str:object_id>/",
            admin_views.moderation_open,
            name="workflows_moderation_open",
        ),
        path(
            "moderation/acted/<int:task_state_id>/",
            admin_views.moderation_acted,
            name="workflows_moderation_acted",
        ),
        path(
            "moderation/photo/<int:image_id>/",
            admin_views.pending_photo,
            name=PENDING_PHOTO_URL,
        ),
    ]


@hooks.register("after_edit_page")
@hooks.register("after_edit_snippet")
def after_moderation_action(request, instance):
    """An approval or a request for changes made in the editor: Wagtail would go back to the
    page's listing or the editor, which a referent may not open; the report instead."""
    task_state_id = last_action.get()
    if request.method == "POST" and request.POST.get("action-workflow-action") and task_state_id:
        last_action.set(None)
        return redirect(acted_url(task_state_id))
    return None


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return dashboard.scope_of(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Moderation"),
        reverse("workflows_moderation_report"),
        name="moderation",
        icon_name="tasks",
        order=250,
    )


class ModerationPanel(Component):
    """The home page's summary: how many items wait, how many for over 72 hours, the oldest."""

    name = "moderation"
    order = 90
    template_name = "workflows/admin/moderation_panel.html"

    def __init__(self, scope: dashboard.Scope, user):
        self.scope = scope
        self.user = user

    def get_context_data(self, parent_context=None):
        items = dashboard.waiting_items(self.scope)
        return {
            "waiting": len(items),
            "overdue": sum(1 for item in items if item.overdue),
            "oldest": dashboard.with_links(items[:PANEL_ITEMS], self.user),
            "report_url": reverse("workflows_moderation_report"),
        }


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    scope = dashboard.scope_of(request.user)
    if scope is not None:
        panels.append(ModerationPanel(scope, request.user))


@hooks.register(slots.HOOK)
def page_slots():
    """The initiatives block of the home, department and commune pages (pages/slots.py)."""
    return [("initiatives", "workflows/includes/territory_initiatives.html")]
