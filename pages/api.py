"""The pages endpoint of the public API, with each page type's related rows fetched up front."""

from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet

from core.api import RefusesBadParameters


class PagesAPIViewSet(RefusesBadParameters, WagtailPagesAPIViewSet):
    """Wagtail's pages endpoint; with ?type=, the model's `api_select_related` and
    `api_prefetch_related` keep a listing's queries the same for 2 or 100 pages."""

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
