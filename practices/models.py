"""The good practices library ("bonnes pratiques"): a library page (national, or a department's)
and its practice pages, each on one topic, with files to download (Wagtail documents), written
by the national team and the departments for the mairies and associations of the network."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from pages.blocks import BodyBlock
from pages.models.forms import PageForm
from pages.payload import ChildrenField
from pages.tree import public_only

from .payload import AttachmentsField

PER_PAGE = 12


class Topic(models.TextChoices):
    LAUNCHING = "launching", _("Launching the programme")
    VOLUNTEERS = "volunteers", _("Welcoming volunteers")
    ACTIONS = "actions", _("Organising actions")
    COMMUNICATION = "communication", _("Communication")
    PARTNERS = "partners", _("Partners and associations")
    SOLIDARITY = "solidarity", _("Solidarity between neighbours")


class PracticeLibraryPage(Page):
    """The library: its practices, filtered by topic (`?theme=<topic>`), a page at a time."""

    base_form_class = PageForm  # no silent overwrite (core/revisions.py)

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["pages.HomePage", "pages.DepartmentPage"]
    subpage_types = ["practices.PracticePage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro"), APIField("children", serializer=ChildrenField())]

    class Meta:
        verbose_name = _("good practices library")

    def practices(self, topic: str = ""):
        practices = public_only(PracticePage.objects.child_of(self).live())
        if topic:
            practices = practices.filter(topic=topic)
        return practices.order_by("title", "pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topic = request.GET.get("theme", "")
        if topic not in Topic.values:
            topic = ""  # an unknown topic shows them all, never an error
        context["topics"] = Topic.choices
        context["topic"] = topic
        context["practices_page"] = Paginator(self.practices(topic), PER_PAGE).get_page(
            request.GET.get("page")
        )
        return context


class PracticePage(Page):
    base_form_class = PageForm  # no silent overwrite (core/revisions.py)

    topic = models.CharField(
        pgettext_lazy("practice", "topic"), max_length=20, choices=Topic.choices
    )
    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["practices.PracticeLibraryPage"]
    subpage_types: list[str] = []
    search_fields = Page.search_fields + [
        index.FilterField("topic"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("topic"),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Files to download")),
    ]
    api_fields = [
        APIField("topic"),
        APIField("intro"),
        APIField("body"),
        APIField("attachments", serializer=AttachmentsField()),
    ]

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.attachments.select_related("document").order_by("sort_order")
        return context


class PracticeAttachment(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("file to download")
        verbose_name_plural = _("files to download")
