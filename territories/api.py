"""The communes endpoint of the public API: `/api/v2/communes/?postal_code=53000` lists the
communes a postal code serves, for the forms that ask where someone lives.

A malformed or unknown postal code answers 400 with `{"message": "..."}` in the visitor's
language; a listing runs four queries whatever the number of communes.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from core.api import RefusesBadParameters

from .models import Commune, PostalCode
from .services import known_postal_code


class DepartmentSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()


class PostalCodesField(serializers.Field):
    """The commune's postal codes as a list of strings (prefetched)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, commune: Commune) -> list[str]:
        return [postal_code.code for postal_code in commune.postal_codes.all()]


class CommunesAPIViewSet(RefusesBadParameters, BaseAPIViewSet):
    model = Commune
    name = "communes"
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["postal_code"])
    body_fields = [
        "id",
        "code",
        "name",
        "slug",
        "kind",
        APIField("department", serializer=DepartmentSummarySerializer()),
        APIField("postal_codes", serializer=PostalCodesField()),
        "population",
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "code",
        "name",
        "slug",
        "kind",
        "department",
        "postal_codes",
        "population",
    ]

    def get_queryset(self) -> QuerySet[Commune]:
        # Wagtail asks for it twice per listing (once for the model only): check the code once.
        if not hasattr(self, "_queryset"):
            self._queryset = self._communes()
        return self._queryset

    def _communes(self) -> QuerySet[Commune]:
        queryset = Commune.objects.select_related("department").prefetch_related(
            Prefetch("postal_codes", queryset=PostalCode.objects.order_by("code"))
        )
        postal_code = self.request.GET.get("postal_code")
        if postal_code is not None:
            try:
                # Tells the visitor why nothing matches: a malformed or an unknown code.
                code = known_postal_code(postal_code)
            except ValidationError as error:
                raise BadRequestError(error.messages[0]) from error
            queryset = queryset.filter(postal_codes__code=code)
        return queryset.order_by("name", "code")
