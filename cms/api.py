"""The public read API, at /api/v2/: pages, images, documents (more endpoints join per app),
and its description: an index, the OpenAPI document and its documentation page."""

import functools

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet as WagtailDocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageSerializer as WagtailImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet
from wagtail.models import Page, get_page_models

from core import openapi
from core.addresses import absolute, site_url
from core.api import RefusesBadParameters
from core.privatemedia import PRIVATE_PREFIX
from core.serializers import WholeObjectField
from core.vocabulary import ActionKind
from pages.agenda.api import ActionsAPIViewSet
from pages.api import PagesAPIViewSet
from snippets.api import GestureCategoriesAPIViewSet, GesturesAPIViewSet
from snippets.forms import GestureSuggestionForm
from territories.api import CommunesAPIViewSet
from volunteers.forms import LinkRequestForm, RegistrationLinkForm, SignUpForm
from workflows.forms import NationalInitiativeProposalForm


class ImageDownloadUrlField(WholeObjectField):
    """The original's address, absolute (Wagtail gives the storage's path, `/media/...`)."""

    def to_representation(self, image) -> str:
        return absolute(image.file.url)


class ImageSerializer(WagtailImageSerializer):
    download_url = ImageDownloadUrlField()


class ImagesAPIViewSet(RefusesBadParameters, WagtailImagesAPIViewSet):
    """Wagtail's images, less the photos awaiting moderation (core/privatemedia.py): nothing of a
    submission is public before it is approved."""

    base_serializer_class = ImageSerializer

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


# --- Its description: /api/v2/ (an index), /api/v2/openapi.json, /api/v2/docs/ -----------

API_PREFIX = "/api/v2/"
DATE = {"type": "string", "format": "date"}
TEXT = {"type": "string"}
ID = {"type": "integer", "minimum": 1}
LOCALE = (
    {"type": "string", "enum": [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]},
    "A language code (French by default).",
)
KIND = ({"type": "string", "enum": list(ActionKind.values)}, "A kind of action.")
# The filters of each endpoint, as its module describes them (a 400 for a value it refuses).
FILTERS: dict[str, dict[str, tuple[dict, str]]] = {
    "pages": {
        "type": (TEXT, "A page type (`pages.ActionPage`): its fields may then be asked for."),
        "child_of": (ID, "The pages under this page."),
        "ancestor_of": (ID, "The pages above this page."),
        "descendant_of": (ID, "The pages at any depth under this page."),
        "translation_of": (ID, "The translations of this page."),
        "locale": LOCALE,
        "site": (TEXT, "A site's hostname (a territory with its own address)."),
        "rich_text_format": (
            {"type": "string", "enum": ["html", "db_html", "markdown", "db_markdown"]},
            "Rich text as HTML with its links (by default), or Wagtail's stored format.",
        ),
    },
    "communes": {"postal_code": (TEXT, "The communes this postal code serves (`53000`).")},
    "gestures": {
        "category": (TEXT, "The slug of a category."),
        "kind": KIND,
        "locale": LOCALE,
    },
    "gesture-categories": {"locale": LOCALE},
    "actions": {
        "department": (TEXT, "A department's INSEE code (`53`)."),
        "commune": (TEXT, "A commune's INSEE code (`53130`)."),
        "from": (DATE, "With an occurrence on or after this day (today by default)."),
        "to": (DATE, "With an occurrence on or before this day."),
        "kind": KIND,
        "category": (
            TEXT,
            "The slug of a category of gestures: actions putting one into practice.",
        ),
        "locale": LOCALE,
    },
}
SUMMARIES = {
    "pages": "The published public pages (territories, news, actions...).",
    "images": "The public images.",
    "documents": "The public documents.",
    "communes": "France's communes, by postal code.",
    "gestures": "The idea box: the published gestures.",
    "gesture-categories": "The categories of the idea box.",
    "actions": "The agenda: the published actions still to come, by start.",
}
FIGURES_PATH = {
    "get": {
        "operationId": "figures",
        "summary": "The programme's figures (volunteers, actions, hours): aggregates only.",
        "tags": ["figures"],
        "parameters": [
            openapi.parameter("department", TEXT, "A department's INSEE code."),
            openapi.parameter(
                "commune",
                TEXT,
                "A commune's INSEE code (its department's figures when it has not joined).",
            ),
        ],
        "responses": {
            "200": openapi.json_response(
                "The figures of the scope.",
                {
                    "type": "object",
                    "properties": {
                        "volunteers": {"type": "integer"},
                        "actions": {"type": "integer"},
                        "hours": {"type": "number"},
                        "scope": {"type": "object", "properties": {"code": TEXT, "name": TEXT}},
                        "asked": {
                            "type": "object",
                            "properties": {
                                "code": TEXT,
                                "name": TEXT,
                                "joined": {"type": "boolean"},
                            },
                        },
                    },
                    "required": ["volunteers", "actions", "hours"],
                    "additionalProperties": False,
                },
            ),
            "400": openapi.ERRORS["400"],
        },
    }
}


# The public forms, JSON in and out (core/submissions.py), by their URL names in cms/urls.py:
# other origins may POST to them (cms/middleware.py).
WRITE_ENDPOINTS = frozenset(
    {
        "api_sign_up",
        "api_gesture_suggestions",
        "api_registration_link",
        "api_space_link",
        "api_initiatives",
    }
)


def write_paths() -> dict:
    """The public forms' operations, their bodies drawn from the forms the site's pages use
    (their labels in English, as the rest of the document, whatever the request's language)."""
    with translation.override("en"):
        return _write_paths()


def _write_paths() -> dict:
    return {
        f"{API_PREFIX}sign-up/": openapi.form_operation(
            "sign_up",
            "Sign a volunteer up: a confirmation link is e-mailed; nothing counts (nor is "
            "public) before it is clicked. `postal_code` names the commune when it serves one "
            "only; otherwise `commune` (an id of /api/v2/communes/) chooses among them. "
            "`website` is a trap for robots: leave it out.",
            SignUpForm(gestures=[]),
            tag="volunteers",
        ),
        f"{API_PREFIX}gesture-suggestions/": openapi.form_operation(
            "gesture_suggestion",
            "Suggest a gesture for the idea box: it waits for a moderator, and the name and "
            "e-mail are never published. `category` is an id of /api/v2/gesture-categories/ "
            "in the language of Accept-Language. `website` is a trap for robots: leave it out.",
            GestureSuggestionForm(),
            tag="idea box",
        ),
        f"{API_PREFIX}actions/{{id}}/registration-link/": openapi.form_operation(
            "registration_link",
            "Ask to register for an action (one of /api/v2/actions/ whose `registration` is "
            "required): a confirmed volunteer of this e-mail gets the link that registers "
            "them; the answer is the same for anyone (202).",
            RegistrationLinkForm(),
            tag="volunteers",
            parameters=[openapi.parameter("id", ID, location="path")],
        ),
        f"{API_PREFIX}space-link/": openapi.form_operation(
            "space_link",
            "Ask for the link to one's volunteer space: it is e-mailed to a confirmed volunteer "
            "(an unconfirmed sign-up gets its confirmation link again); the answer is the same "
            "for anyone (202). The space itself is a page of the site. `website` is a trap for "
            "robots: leave it out.",
            LinkRequestForm(),
            tag="volunteers",
        ),
        f"{API_PREFIX}initiatives/": openapi.form_operation(
            "initiative_proposal",
            "Propose an initiative of a commune (found by `postal_code`, or `commune` among "
            "its several), with up to two photos (each with its credit): sent as "
            "multipart/form-data. It waits for moderation; the link to follow it is e-mailed; "
            "the photos stay private until it is approved, and the name and e-mail are never "
            "published. `website` is a trap for robots: leave it out.",
            NationalInitiativeProposalForm(),
            tag="initiatives",
            multipart=True,
        ),
    }


def openapi_document() -> dict:
    """The OpenAPI 3.1 document of every public endpoint (core/openapi.py draws it)."""
    paths: dict = {}
    components: dict = {"Message": openapi.MESSAGE}
    for name, endpoint in api_router._endpoints.items():
        models = (
            [model for model in get_page_models() if model is not Page]
            if name == "pages"
            else [endpoint.model]
        )
        found, schemas = openapi.endpoint_paths(
            API_PREFIX,
            name,
            endpoint,
            api_router,
            models,
            summary=SUMMARIES.get(name, name),
            described=FILTERS.get(name, {}),
            open_items=name == "pages",
            # The pages' filters name a page or a site: 404 when there is none.
            listing_errors=("400", "404") if name == "pages" else ("400",),
        )
        paths.update(found)
        components.update(schemas)
    paths[f"{API_PREFIX}figures/"] = FIGURES_PATH
    paths.update(write_paths())
    components["Errors"] = openapi.ERRORS_SCHEMA
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Heure Civique API",
            "version": "2",
            "description": (
                "The public read API of L'Heure Civique. Answers are JSON; errors are "
                '`{"message": ...}` in the language of Accept-Language (French by default). '
                "Every URL in a payload is absolute, on the site's public address."
            ),
        },
        "servers": [{"url": site_url()}],
        "paths": paths,
        "components": {"schemas": components},
    }


def index(request):
    """`/api/v2/`: what the API serves, and where its description is."""
    endpoints = {name: absolute(f"{API_PREFIX}{name}/") for name in api_router._endpoints}
    endpoints["figures"] = absolute(f"{API_PREFIX}figures/")
    endpoints["sign-up"] = absolute(reverse("api_sign_up"))
    endpoints["gesture-suggestions"] = absolute(reverse("api_gesture_suggestions"))
    endpoints["space-link"] = absolute(reverse("api_space_link"))
    endpoints["initiatives"] = absolute(reverse("api_initiatives"))
    return JsonResponse(
        {
            "endpoints": endpoints,
            "schema": absolute(reverse("api_schema")),
            "docs": absolute(reverse("api_docs")),
        }
    )


def schema(request):
    """`/api/v2/openapi.json`: built once per process (it depends on the code only)."""
    return JsonResponse(cached_document(), json_dumps_params={"ensure_ascii": False})


def docs(request):
    """`/api/v2/docs/`: the document read as a page of the site, drawn on the server: nothing
    is loaded from elsewhere, and it runs no script (the public pages' CSP, core/headers.py)."""
    document = cached_document()
    operations = [
        {
            "path": path,
            "method": method.upper(),
            "body": body_fields(operation),
            **operation,
        }
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    return render(
        request,
        "cms/api_docs.html",
        {"document": document, "operations": operations, "schema_url": reverse("api_schema")},
    )


def body_fields(operation: dict) -> list[dict]:
    """The fields of a form's body, for the docs page: name, type, required, description."""
    content = operation.get("requestBody", {}).get("content", {})
    found = []
    for media in content.values():
        schema = media["schema"]
        for name, field in schema["properties"].items():
            found.append({"name": name, "required": name in schema["required"], **field})
    return found


@functools.cache
def cached_document() -> dict:
    return openapi_document()
