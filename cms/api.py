"""The public read API, at /api/v2/: pages, images, documents (more endpoints join per app)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet as WagtailDocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet

from core.api import RefusesBadParameters
from pages.agenda.api import ActionsAPIViewSet
from pages.api import PagesAPIViewSet
from snippets.api import GestureCategoriesAPIViewSet, GesturesAPIViewSet
from territories.api import CommunesAPIViewSet


class ImagesAPIViewSet(RefusesBadParameters, WagtailImagesAPIViewSet):
    pass


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
