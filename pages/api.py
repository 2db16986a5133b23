"""The pages endpoint of the public API, with each page type's related rows fetched up front
and bodies a front end can show as they come: images as renditions with their alt text, links
absolute on the public address (an index's children: pages/payload.py)."""

import re

from typing_extensions import TypedDict
from wagtail import blocks, fields
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.serializers import PageSerializer as WagtailPageSerializer
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.images.blocks import ImageBlock
from wagtail.images.models import SourceImageIOError

from core.addresses import site_url
from core.api import RefusesBadParameters

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
                        {"id": page.pk, "html_url": page.get_full_url()} if live else None
                    )
        return represented


class PageSerializer(WagtailPageSerializer):
    """Bodies (StreamFields) with their images as renditions and absolute links (payload.py)."""

    serializer_field_mapping = {
        **WagtailPageSerializer.serializer_field_mapping,
        fields.StreamField: BodyField,
    }


class PagesAPIViewSet(RefusesBadParameters, WagtailPagesAPIViewSet):
    """Wagtail's pages endpoint; with ?type=, the model's `api_select_related` and
    `api_prefetch_related` keep a listing's queries the same for 2 or 100 pages."""

    base_serializer_class = PageSerializer

    def get_queryset(self):
        # Every item's meta shows its locale.
        queryset = super().get_queryset().select_related("locale")
        select = getattr(queryset.model, "api_select_related", None)
        prefetch = getattr(queryset.model, "api_prefetch_related", None)
        if select:
            queryset = queryset.select_related(*select)
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch)
        return queryset
