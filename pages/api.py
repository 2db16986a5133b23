"""The pages endpoint of the public API, with each page type's related rows fetched up front
and bodies a front end can show as they come: images as renditions with their alt text, links
absolute on the public address (an index's children: pages/payload.py)."""

import re

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from typing_extensions import TypedDict
from wagtail import blocks, fields
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.serializers import PageSerializer as WagtailPageSerializer
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.images.blocks import ImageBlock
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from core.addresses import page_url, site_url
from core.api import RefusesBadParameters, requested_locale

from .headless import previewed_page

BODY_IMAGE = "max-1200x1200"
SITE_PATH = re.compile(r'(href|src)="(/[^/"][^"]*|/)"')


def absolute_links(html: str) -> str:
    """The site's own addresses in `html` (links to pages, documents) made absolute."""
    return SITE_PATH.sub(lambda match: f'{match[1]}="{site_url()}{match[2]}"', html)


class BodyImage(TypedDict):
    id: int
    url: str | None
    width: int | None
    height: int | None
    alt: str
    decorative: bool


def body_image(image) -> BodyImage | None:
    """An image of a body: a rendition at most 1200 px wide or high, and its alt text (the
    block's own, else the image's)."""
    if image is None:
        return None
    decorative = bool(getattr(image, "decorative", False))
    alt = (
        ""
        if decorative
        else (getattr(image, "contextual_alt_text", None) or image.default_alt_text)
    )
    try:
        rendition = image.get_rendition(BODY_IMAGE)
    except SourceImageIOError:
        return {
            "id": image.pk,
            "url": None,
            "width": None,
            "height": None,
            "alt": alt,
            "decorative": decorative,
        }
    return {
        "id": image.pk,
        "url": rendition.full_url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
        "decorative": decorative,
    }


class BodyField(wagtail_serializers.StreamField):
    """A StreamField as Wagtail's API gives it (`type`, `value`, `id` per block), with its
    images as renditions, its rich text's links absolute and a chosen page as its address."""

    def to_representation(self, value) -> list[dict]:
        return [
            {"type": child.block_type, "value": self.block_value(child), "id": child.id}
            for child in value
        ]

    def block_value(self, child):
        block = child.block
        if isinstance(block, ImageBlock):
            return body_image(child.value)
        represented = block.get_api_representation(child.value, self.context)
        if isinstance(block, blocks.RichTextBlock) and isinstance(represented, str):
            return absolute_links(represented)
        if isinstance(block, blocks.StructBlock) and isinstance(represented, dict):
            for name, child_block in block.child_blocks.items():
                if isinstance(child_block, blocks.PageChooserBlock) and represented.get(name):
                    page = child.value.get(name)
                    live = page is not None and page.live
                    represented[name] = (
                        {"id": page.pk, "html_url": page_url(page)} if live else None
                    )
        return represented


class PageSerializer(WagtailPageSerializer):
    """Bodies (StreamFields) with their images as renditions and absolute links (payload.py)."""

    serializer_field_mapping = {
        **WagtailPageSerializer.serializer_field_mapping,
        fields.StreamField: BodyField,
    }


# The filters that choose pages by their place in a tree (so in that tree's language).
TREE_FILTERS = ("child_of", "descendant_of", "ancestor_of", "translation_of")


def in_language(queryset, request):
    """A listing without `?locale=` nor a tree filter, asked with `Accept-Language` for a
    language other than French: the pages in that language, and the French ones that have no
    live translation in it (the others are listed once, translated). Unchanged otherwise."""
    if "locale" in request.GET or any(name in request.GET for name in TREE_FILTERS):
        return queryset
    locale = requested_locale(request)
    if locale is None or locale.language_code == settings.LANGUAGE_CODE:
        return queryset
    translated = Page.objects.live().filter(locale=locale).values("translation_key")
    return queryset.filter(
        Q(locale=locale)
        | Q(locale__language_code=settings.LANGUAGE_CODE) & ~Q(translation_key__in=translated)
    )


class PagesAPIViewSet(RefusesBadParameters, WagtailPagesAPIViewSet):
    """Wagtail's pages endpoint; with ?type=, the model's `api_select_related` and
    `api_prefetch_related` keep a listing's queries the same for 2 or 100 pages. A listing
    follows `?locale=` (Wagtail's filter), else `Accept-Language` (`in_language`)."""

    base_serializer_class = PageSerializer

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        if "locale" in self.request.GET:
            requested_locale(self.request)  # a 400 that names it, not Wagtail's bare 404

    def get_queryset(self):
        # Every item's meta shows its locale.
        queryset = self._typed_queryset()
        if queryset is None:
            queryset = super().get_queryset()
        queryset = queryset.select_related("locale")
        if self.action == "listing_view":
            queryset = in_language(queryset, self.request)
        select = getattr(queryset.model, "api_select_related", None)
        prefetch = getattr(queryset.model, "api_prefetch_related", None)
        if select:
            queryset = queryset.select_related(*select)
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch)
        return queryset

    def _typed_queryset(self):
        """With `?type=` naming one model: its live, public pages of the site, filtered on the
        model's own table (and at the depth its `tree_depth` fixes). Wagtail's own asks for
        `pk IN (every public page of the site)`, a subquery that reads the whole tree on every
        listing (issue 18). None otherwise."""
        try:
            models = page_models_from_string(self.request.GET.get("type") or "")
        except (LookupError, ValueError):
            return None  # Wagtail's get_queryset answers the 400
        if len(models) != 1 or models[0] is Page:
            return None
        try:
            queryset = get_public_pages_queryset(self.request, model=models[0])
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        depth = getattr(models[0], "tree_depth", None)
        # A type found at one depth only (its parent types fix it): its pages read along the
        # index on (depth, path), not by walking every page between two of them in path order
        # (a commune's agenda, actions, news: 313 pages for 20 communes at France's size).
        return queryset if depth is None else queryset.filter(depth=depth)


class PagePreviewAPIViewSet(PagesAPIViewSet):
    """`/api/v2/preview/?content_type=&token=` (cms/urls.py): the draft that an editor's preview
    in a front end keeps under its token (headless.py), as the pages endpoint gives a page. Only
    with the token: without it, the draft is nowhere in the API."""

    known_query_parameters = PagesAPIViewSet.known_query_parameters | {"content_type", "token"}

    def get_object(self):
        page = previewed_page(
            self.request.GET.get("content_type", ""), self.request.GET.get("token", "")
        )
        if page is None:
            raise Http404(_("No preview has this token: it expired, or the address is incomplete."))
        if page.pk is None:  # a new page, never saved: the API's addresses want a number
            page.pk = 0
        return page
