"""The fields the API's answers share across apps, kept apart from core/api.py (which needs the
models): the page models' `api_fields` import them while the models load."""

from rest_framework import serializers


class WholeObjectField(serializers.Field):
    """A read-only field of an API answer drawn from the whole object (an action's next dates,
    a page's children...), not from one of its attributes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)
