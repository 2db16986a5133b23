"""The assistance in the admin: the help centre's questions (a snippet, for the national team),
the tickets (/admin/assistance/, for those who handle them) and the home page's panel of the
first-response time."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, services
from .models import Question
from .permissions import QuestionPermissionPolicy

register_permission_policy(Question, QuestionPermissionPolicy(Question))


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Help centre")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["question", "audience", "order", "locale"]
    list_filter = ["audience"]
    search_fields = ["question", "answer"]
    ordering = ["audience", "order"]


register_snippet(QuestionViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", admin_views.index, name="index"),
        path("<int:pk>/", admin_views.detail, name="detail"),
        path("<int:pk>/reponse/", admin_views.answer, name="answer"),
        path("<int:pk>/etat/", admin_views.change_status, name="status"),
    ]
    return [path("assistance/", (urls, "support_admin", "support_admin"))]


class TicketsMenuItem(MenuItem):
    def is_shown(self, request):
        return services.may_handle_tickets(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return TicketsMenuItem(
        _("Assistance"), reverse("support_admin:index"), icon_name="mail", order=265
    )


class FirstResponsePanel(Component):
    """The home page's summary: tickets waiting for a first answer, and the median time of
    the first answer over the last 30 days, in the viewer's scope."""

    name = "support"
    order = 95
    template_name = "support/admin/panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        figures = services.response_figures(services.visible_tickets(self.user))
        return {
            "figures": figures,
            "median_label": services.duration_label(figures.median) if figures.median else "",
            "index_url": reverse("support_admin:index"),
        }


@hooks.register("construct_homepage_panels")
def add_first_response_panel(request, panels):
    if services.may_handle_tickets(request.user):
        panels.append(FirstResponsePanel(request.user))
