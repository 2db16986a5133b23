"""The fields the API's answers share across apps, kept apart from core/api.py (which needs the
models): the page models' `api_fields` import them while the models load."""

from rest_framework import serializers
from wagtail.images.api.fields import ImageRenditionDict, ImageRenditionErrorDict
from wagtail.images.api.fields import ImageRenditionField as WagtailImageRenditionField

from .addresses import absolute


class WholeObjectField(serializers.Field):
    """A read-only field of an API answer drawn from the whole object (an action's next dates,
    a page's children...), not from one of its attributes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class ImageRenditionField(WagtailImageRenditionField):
    """Wagtail's thumbnail of an image, with its `url` absolute on the public address as every
    address of the API (Wagtail gives the storage's path, `/media/...`); `full_url` too."""

    def to_representation(self, image) -> ImageRenditionDict | ImageRenditionErrorDict:
        rendition = super().to_representation(image)
        for name in ("url", "full_url"):
            if name in rendition:
                rendition[name] = absolute(rendition[name])
        return rendition
