"""The agenda of a territory: its ActionIndexPage (slug "actions"), parent of its ActionPages.

`/actions/`, `/mayenne/actions/`, `/mayenne/laval/actions/`: the upcoming occurrences of the
actions at and below the territory, grouped by day; `…/actions/mois/2026/12/`: a month.
What they show is computed in pages/agenda/queries.py.
"""

from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from ..agenda import queries
from ..headless import FrontEndPreviewMixin
from ..payload import ChildrenField
from .forms import PageForm


class ActionIndexPage(FrontEndPreviewMixin, RoutablePageMixin, Page):
    """The "actions" page of a territory (national, department or commune): its agenda."""

    base_form_class = PageForm  # no silent overwrite (core/revisions.py)

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["pages.HomePage", "pages.DepartmentPage", "pages.CommunePage"]
    subpage_types = ["pages.ActionPage"]
    max_count_per_parent = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]
    # Its actions in the API: `children` (in the tree's order), or the agenda itself, by date,
    # at /api/v2/actions/ (filtered by department or commune).
    api_fields = [APIField("intro"), APIField("children", serializer=ChildrenField())]

    class Meta:
        verbose_name = _("agenda of actions")

    def _render(self, request, context: dict, template: str) -> TemplateResponse:
        filters = context.get("filters")
        # Bad filters are explained on the page; the answer says the request was wrong.
        status = 400 if filters is not None and filters.errors else 200
        return TemplateResponse(request, template, context, status=status)

    @path("")
    def upcoming(self, request):
        context = self.get_context(request)
        context.update(queries.agenda_context(self, request))
        context["view"] = "list"
        today = queries.today()
        context["month_url"] = self.get_url(request) + self.reverse_subpage(
            "month", args=(today.year, today.month)
        )
        return self._render(request, context, "pages/action_index_page.html")

    @path("mois/<int:year>/<int:month>/", name="month")
    def month(self, request, year: int, month: int):
        context = self.get_context(request)
        context["view"] = "month"
        context["list_url"] = self.get_url(request)
        if not queries.valid_month(year, month):
            context["month_error"] = _("There is no such month: choose one from the agenda.")
            return TemplateResponse(request, "pages/action_index_page.html", context, status=404)
        context.update(queries.month_context(self, request, year, month))
        for name in ("previous_month", "next_month"):
            value = context[name]
            context[f"{name}_url"] = (
                context["list_url"] + self.reverse_subpage("month", args=value) if value else ""
            )
        return self._render(request, context, "pages/action_index_page.html")
