"""The public read API, at /api/v2/: pages, images, documents (more endpoints join per app)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet as WagtailDocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet

from core.api import RefusesBadParameters
from core.privatemedia import PRIVATE_PREFIX
from pages.agenda.api import ActionsAPIViewSet
from pages.api import PagesAPIViewSet
from snippets.api import GestureCategoriesAPIViewSet, GesturesAPIViewSet
from territories.api import CommunesAPIViewSet


class ImagesAPIViewSet(RefusesBadParameters, WagtailImagesAPIViewSet):
    """Wagtail's images, less the photos awaiting moderation (core/privatemedia.py): nothing of a
    submission is public before it is approved."""

    def get_queryset(self):
        queryset = super().get_queryset()
        # By id, a field the search can filter on (`?search=` refuses a filter on `file`); the
        # photos awaiting moderation are few (they leave when their initiative is published).
        pending = queryset.model.objects.filter(file__startswith=PRIVATE_PREFIX)
        return queryset.exclude(id__in=list(pending.values_list("id", flat=True)))


class DocumentsAPIViewSet(RefusesBadParameters, WagtailDocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("communes", CommunesAPIViewSet)
api_router.register_endpoint("gestures", GesturesAPIViewSet)
api_router.register_endpoint("gesture-categories", GestureCategoriesAPIViewSet)
api_router.register_endpoint("actions", ActionsAPIViewSet)
