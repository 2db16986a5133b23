"""The idea box in the admin: categories and gestures, with filters, search and CSV export."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from core.spreadsheets import csv_response

from . import translation_tool
from .models import Gesture, GestureCategory
from .permissions import GesturePermissionPolicy

# Publishing a gesture is for moderators and administrators (see permissions.py).
register_permission_policy(Gesture, GesturePermissionPolicy(Gesture))


class GestureCategoryViewSet(SnippetViewSet):
    model = GestureCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug", "order", "locale"]
    search_fields = ["name", "description"]
    ordering = ["order", "name"]


class GestureIndexView(IndexView):
    """The gestures' list; its CSV export is written by the project's one writer, which
    neutralises spreadsheet formulas (Wagtail's own writes the cells as they are)."""

    def write_csv_response(self, queryset):
        return csv_response(self.csv_rows(queryset), f"{self.get_filename()}.csv", streaming=True)

    def csv_rows(self, queryset):
        yield [self.get_heading(queryset, field) for field in self.list_export]
        for item in queryset:
            yield [
                self.preprocess_field_value(field, value, self.FORMAT_CSV)
                for field, value in self.to_row_dict(item).items()
            ]


class GestureViewSet(SnippetViewSet):
    model = Gesture
    index_view_class = GestureIndexView
    icon = "pick"
    menu_label = _("Gestures")
    list_display = ["title", "category", "kind", "duration", "source", "live", "locale"]
    list_filter = ["category", "kind", "live", "source"]
    list_export = [
        "title",
        "slug",
        "summary",
        "category",
        "kind",
        "duration",
        "places_text",
        "helps_text",
        "skills",
        "tags_text",
        "source",
        "live",
        "locale",
    ]
    export_headings = {
        "title": _("Title"),
        "slug": _("Slug"),
        "summary": _("Summary"),
        "category": _("Category"),
        "kind": _("Kind"),
        "duration": _("Duration (minutes)"),
        "places_text": _("Where"),
        "helps_text": _("Who it helps"),
        "skills": _("Skills needed"),
        "tags_text": _("Tags"),
        "source": _("Source"),
        "live": _("Live"),
        "locale": _("Language"),
    }
    export_filename = "gestes"

    def get_queryset(self, request):
        return (
            Gesture.objects.select_related("category", "locale")
            .prefetch_related("tagged_items__tag")
            .order_by("title")
        )


class IdeaBoxViewSetGroup(SnippetViewSetGroup):
    items = (GestureCategoryViewSet, GestureViewSet)
    menu_icon = "pick"
    menu_label = _("Idea box")
    menu_name = "idea-box"


register_snippet(IdeaBoxViewSetGroup)


@hooks.register("register_admin_urls", order=-1)
def translation_tool_snippets_api():
    """Before wagtail-localize's own patterns at the same addresses (order=-1): the first match
    answers, so its listing of every gesture is never reached (translation_tool.py)."""
    return [
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
            translation_tool.listing,
        ),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
            translation_tool.detail,
        ),
    ]


@hooks.register("before_edit_snippet", order=-1)
def refuse_publishing_a_translation(request, instance):
    """wagtail-localize's translation editor publishes a translated gesture for anyone holding
    the model's "publish" permission; the gestures' own rule (permissions.py) asks more: a
    moderator or an administrator. Before its hook, a post to publish from anyone else is
    refused (a translator submits the translation to the gestures' workflow instead)."""
    if (
        isinstance(instance, Gesture)
        and request.method == "POST"
        and request.POST.get("action") == "publish"
        and not GesturePermissionPolicy(Gesture).user_has_permission(request.user, "publish")
    ):
        raise PermissionDenied
