"""The idea box in the public API: `/api/v2/gestures/` and `/api/v2/gesture-categories/`.

Only live gestures are served (drafts, suggestions waiting for moderation and rejected ones
never are), without the name or e-mail of whoever suggested them. Filters: `category` (a slug),
`kind`, `locale` (a language code), `search`. A listing runs the same number of queries for
5 or 50 gestures.

A listing in a language (`?locale=`, else the one `Accept-Language` asks for, as the pages and
actions endpoints) gives each gesture once, as the idea box's pages do
(snippets.services.in_language): its live translation in that language, else the French one;
each item's `locale` says which. Without either, every live gesture in every language. One
gesture asked for by its id is served whatever its language.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Locale

from core.addresses import absolute
from core.api import RefusesBadParameters, requested_locale
from core.serializers import ImageRenditionField, WholeObjectField
from core.vocabulary import ActionKind

from .models import Gesture, GestureCategory
from .services import in_language


class CategorySummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    icon = serializers.CharField()
    colour = serializers.CharField()


class ChoiceListField(serializers.Field):
    """A ChoiceSetField as a list of its values."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> list[str]:
        return list(value)


class TagsField(serializers.Field):
    """The gesture's tags (prefetched) as a sorted list of names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, gesture: Gesture) -> list[str]:
        return sorted(tagged.tag.name for tagged in gesture.tagged_items.all())


class PublicUrlField(WholeObjectField):
    """The gesture's page on the public address (core/addresses.py), as actions give theirs."""

    def to_representation(self, gesture: Gesture) -> str:
        return absolute(gesture.get_url())


def listing_locale(view: BaseAPIViewSet) -> Locale | None:
    """The language a listing is shown in (`requested_locale`: `?locale=`, else
    `Accept-Language`; 400 for an unknown language), None for one item or when none is asked."""
    if view.action != "listing_view":
        return None
    return requested_locale(view.request)


class GesturesAPIViewSet(RefusesBadParameters, BaseAPIViewSet):
    model = Gesture
    name = "gestures"
    filter_backends = [OrderingFilter, SearchFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(
        ["category", "kind", "locale"]
    )
    body_fields = [
        "id",
        "title",
        "slug",
        "summary",
        "how_to",
        APIField("category", serializer=CategorySummarySerializer()),
        "kind",
        "duration",
        APIField("places", serializer=ChoiceListField()),
        APIField("helps", serializer=ChoiceListField()),
        "skills",
        APIField("tags", serializer=TagsField()),
        APIField("image_thumbnail", serializer=ImageRenditionField("fill-480x300", source="image")),
        APIField("locale", serializer=serializers.CharField(source="locale.language_code")),
        APIField("html_url", serializer=PublicUrlField()),
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "title",
        "slug",
        "summary",
        "category",
        "kind",
        "duration",
        "places",
        "helps",
        "locale",
        "html_url",
    ]

    def get_queryset(self) -> QuerySet[Gesture]:
        # Wagtail asks for it more than once per request: build it once.
        if not hasattr(self, "_queryset"):
            self._queryset = self._gestures()
        return self._queryset

    def _gestures(self) -> QuerySet[Gesture]:
        gestures = (
            Gesture.objects.filter(live=True)
            .select_related("category", "locale", "image")
            .prefetch_related("tagged_items__tag", "image__renditions")
            .order_by("id")
        )
        locale = listing_locale(self)
        if locale is not None:
            gestures = in_language(gestures, locale)
        kind = self.request.GET.get("kind")
        if kind is not None:
            if kind not in ActionKind.values:
                raise BadRequestError(
                    _("Unknown kind: %(kind)s. Known kinds: %(kinds)s.")
                    % {"kind": kind[:40], "kinds": ", ".join(ActionKind.values)}
                )
            gestures = gestures.filter(kind=kind)
        category = self.request.GET.get("category")
        if category is not None:
            # Only columns of the gesture, so that ?search= can run on the result. A category
            # keeps its slug in every language: a French gesture shown untranslated is in the
            # French one.
            categories = GestureCategory.objects.filter(slug=category)
            gestures = gestures.filter(category_id__in=categories.values("pk"))
        return gestures


class GestureCategoriesAPIViewSet(RefusesBadParameters, BaseAPIViewSet):
    model = GestureCategory
    name = "gesture-categories"
    filter_backends = [OrderingFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    body_fields = [
        "id",
        "name",
        "slug",
        "description",
        "icon",
        "colour",
        "order",
        APIField("locale", serializer=serializers.CharField(source="locale.language_code")),
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "name",
        "slug",
        "description",
        "icon",
        "colour",
        "order",
        "locale",
    ]

    def get_queryset(self) -> QuerySet[GestureCategory]:
        if not hasattr(self, "_queryset"):
            categories = GestureCategory.objects.select_related("locale").order_by("order", "id")
            locale = listing_locale(self)
            if locale is not None:
                categories = in_language(categories, locale)
            self._queryset = categories
        return self._queryset
