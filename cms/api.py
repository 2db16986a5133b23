"""The public read API, at /api/v2/: pages, images, documents (more endpoints join per app),
and its description: an index, the OpenAPI document and its documentation page."""

import functools

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
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
from pages.api import PagePreviewAPIViewSet, PagesAPIViewSet
from snippets.api import GestureCategoriesAPIViewSet, GesturesAPIViewSet
from snippets.forms import GestureSuggestionForm
from territories.api import CommunesAPIViewSet
from volunteers.forms import (
    EmailsForm,
    EraseForm,
    LinkRequestForm,
    LinkTokenForm,
    RegistrationLinkForm,
    SignUpForm,
)
from volunteers.views import api as volunteers_api
from volunteers.views import space_api
from volunteers.views.hours import HoursForm
from volunteers.views.space import CommuneForm, ProfileForm
from workflows.forms import InitiativeProposalForm, NationalInitiativeProposalForm


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
LOCALE_OR_HEADER = (
    LOCALE[0],
    "A language code. Without it, the language the request's `Accept-Language` header asks "
    "for, if any (French when it names none the site publishes in): a listing then gives the "
    "pages or actions in that language, and the French ones that have no translation in it.",
)
LOCALE_SHOWN = (
    LOCALE[0],
    "A language code. Without it, the language the request's `Accept-Language` header asks "
    "for, if any. A listing then gives each item once: in that language when it has a "
    "published translation in it, else in French (each item's `locale` says which). Without "
    "either, the items of every language.",
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
        "locale": LOCALE_OR_HEADER,
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
        "locale": LOCALE_SHOWN,
    },
    "gesture-categories": {"locale": LOCALE_SHOWN},
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
        "locale": LOCALE_OR_HEADER,
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
        "api_confirm",
        "api_gesture_suggestions",
        "api_registration_link",
        "api_space_link",
        "api_initiatives",
        "api_commune_initiatives",
        "api_register",
        "api_cancel",
        "api_space_open",
        "api_space_profile",
        "api_space_commune",
        "api_space_emails",
        "api_space_cancel",
        "api_space_hours",
        "api_space_devices",
        "api_space_erase",
    }
)


def write_paths() -> dict:
    """The public forms' operations, their bodies drawn from the forms the site's pages use
    (their labels in English, as the rest of the document, whatever the request's language)."""
    with translation.override("en"):
        return {**_write_paths(), **_link_paths(), **_space_paths()}


def _answer_schema(function) -> dict:
    """The JSON Schema of what `function` returns (a TypedDict): the document follows the code."""
    return openapi.from_annotation(openapi.returned_type(function))


def _link_paths() -> dict:
    registration = _answer_schema(volunteers_api.registration_answer)
    cancelled = openapi.from_annotation(volunteers_api.CancelAnswer)
    return {
        f"{API_PREFIX}confirmation/": openapi.json_operation(
            "post",
            "confirm_sign_up",
            "Confirm a sign-up with the token of its e-mailed confirmation link (the `confirm` "
            "parameter of the link when the sign-up came from a front end named in "
            "HEADLESS_FRONT_END_URLS, else what follows `/confirmer/` in it). Sending it again "
            "changes nothing more. `then_action`: the action the sign-up came from, if it still "
            "takes registrations.",
            tag="volunteers",
            form=LinkTokenForm(),
            responses={
                "200": (
                    "Confirmed.",
                    openapi.from_annotation(volunteers_api.ConfirmAnswer),
                )
            },
        ),
        f"{API_PREFIX}registrations/": openapi.json_operation(
            "post",
            "register",
            "Register with the token of an e-mailed registration link (what follows "
            "`/inscription/` in it, from /api/v2/actions/{id}/registration-link/): a place, "
            "else the waiting list, and the e-mail that says which. Sending it again registers "
            "nothing more. The answer's `cancel_token` cancels it (/api/v2/registrations/cancel/).",
            tag="volunteers",
            form=LinkTokenForm(),
            responses={
                "200": ("The registration, its state and its action.", registration),
                "404": ("The link's action takes no registration any more.", openapi.MESSAGE),
                "409": ("Registration for this action is closed.", openapi.MESSAGE),
            },
        ),
        f"{API_PREFIX}registrations/cancel/": openapi.json_operation(
            "post",
            "cancel_registration",
            "Cancel a registration with the token of an e-mailed cancel link (or a "
            "registration's `cancel_token`): the place goes to the first on the waiting list.",
            tag="volunteers",
            form=LinkTokenForm(),
            responses={"200": ("Cancelled (again: nothing more changes).", cancelled)},
        ),
    }


def _space_paths() -> dict:
    home = _answer_schema(space_api.space_answer)
    done = ("Done: the space as it is now, with a `message`.", home)
    missing = ("None of their registrations has this id (or it takes no hours).", openapi.MESSAGE)
    pk = [openapi.parameter("id", ID, location="path")]

    def space(method, operation_id, summary, **kwargs):
        return openapi.json_operation(
            method, operation_id, summary, tag="volunteer space", bearer=True, **kwargs
        )

    return {
        f"{API_PREFIX}space/open/": openapi.json_operation(
            "post",
            "space_open",
            "Open the e-mailed link of the volunteer space (from /api/v2/space-link/) with its "
            "token: it opens once, and gives the token of this visit, valid 48 hours, to send "
            "as `Authorization: Bearer` to the space's endpoints.",
            tag="volunteer space",
            form=LinkTokenForm(),
            responses={
                "200": ("The token of the visit.", openapi.from_annotation(space_api.TokenAnswer))
            },
        ),
        f"{API_PREFIX}space/": space(
            "get",
            "space",
            "The volunteer's details, upcoming and past registrations and hours given.",
            responses={"200": ("Their space.", home)},
        ),
        f"{API_PREFIX}space/profile/": space(
            "post",
            "space_profile",
            "Change their details, gestures and availability (not the e-mail).",
            form=ProfileForm(gestures=[]),
            responses={"200": done},
        ),
        f"{API_PREFIX}space/commune/": space(
            "post",
            "space_commune",
            "They moved: their commune, by `postal_code` (and `commune` among its several).",
            form=CommuneForm(),
            responses={"200": done},
        ),
        f"{API_PREFIX}space/emails/": space(
            "post",
            "space_emails",
            "Stop, or resume, the reminders, follow-ups and news.",
            form=EmailsForm(),
            responses={"200": done},
        ),
        f"{API_PREFIX}space/registrations/{{id}}/cancel/": space(
            "post",
            "space_cancel",
            "Cancel one of their registrations (`id` from `upcoming`).",
            parameters=pk,
            responses={"200": done, "404": missing},
        ),
        f"{API_PREFIX}space/registrations/{{id}}/hours/": space(
            "post",
            "space_hours",
            "Record the hours given at an action that is over (a `past` registration whose "
            "`hours_open` is true).",
            form=HoursForm(),
            parameters=pk,
            responses={"200": done, "404": missing},
        ),
        f"{API_PREFIX}space/forget-devices/": space(
            "post",
            "space_forget_devices",
            "No device registers them in one click any more.",
            responses={"200": ("Done.", openapi.MESSAGE)},
        ),
        f"{API_PREFIX}space/data/": space(
            "get",
            "space_data",
            "A copy of everything the platform keeps about them (the right of access).",
            responses={"200": ("Their data.", {"type": "object"})},
        ),
        f"{API_PREFIX}space/erase/": space(
            "post",
            "space_erase",
            "Erase their data: personal fields wiped, upcoming registrations cancelled; the "
            "hours given stay in the anonymous figures. `confirm` must be true.",
            form=EraseForm(),
            responses={"200": ("Erased.", openapi.MESSAGE)},
        ),
    }


def _write_paths() -> dict:
    return {
        f"{API_PREFIX}sign-up/": openapi.form_operation(
            "sign_up",
            "Sign a volunteer up: a confirmation link is e-mailed; nothing counts (nor is "
            "public) before it is clicked. `postal_code` names the commune when it serves one "
            "only; otherwise `commune` (an id of /api/v2/communes/) chooses among them. "
            "`website` is a trap for robots: leave it out. `?action=` names an action of "
            "/api/v2/actions/ that takes registrations: the confirmation leads to it.",
            SignUpForm(gestures=[]),
            tag="volunteers",
            parameters=[
                openapi.parameter(
                    "action", ID, "An action to register for once the sign-up is confirmed."
                )
            ],
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
        f"{API_PREFIX}pages/{{id}}/initiatives/": openapi.form_operation(
            "commune_initiative_proposal",
            "Propose an initiative on a commune's page (`id`: a `pages.CommunePage` of "
            "/api/v2/pages/): the page's commune, no postal code. Otherwise as "
            "/api/v2/initiatives/.",
            InitiativeProposalForm(),
            tag="initiatives",
            multipart=True,
            parameters=[openapi.parameter("id", ID, location="path")],
        ),
    }


def preview_path(page_detail: dict) -> dict:
    """The preview of a draft in a front end: a page as the pages endpoint gives one."""
    return {
        "get": {
            "operationId": "page_preview",
            "summary": "The draft an editor previews in a front end (Wagtail's preview panel "
            "opens the front end's preview address with `content_type` and `token`): served "
            "only with its token, for a day, never cached.",
            "tags": ["pages"],
            "parameters": [
                openapi.parameter("content_type", TEXT, "The page's type (`pages.actionpage`)."),
                openapi.parameter("token", TEXT, "The preview's token."),
                openapi.parameter("fields", TEXT, "Fields to add or leave out."),
            ],
            "responses": {
                "200": page_detail["responses"]["200"],
                "400": openapi.ERRORS["400"],
                "404": openapi.json_response(
                    "No preview has this token (altered, expired, or of another type).",
                    openapi.MESSAGE,
                ),
            },
        }
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
    paths[f"{API_PREFIX}preview/"] = preview_path(paths[f"{API_PREFIX}pages/{{id}}/"]["get"])
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
        "components": {"schemas": components, "securitySchemes": openapi.SECURITY_SCHEMES},
    }


_preview_view = PagePreviewAPIViewSet.as_view({"get": "detail_view"})


@never_cache  # a draft: neither the browser nor a proxy keeps it
def preview(request):
    """`/api/v2/preview/?content_type=&token=`: the draft of an editor's preview in a front end
    (pages/headless.py), only with its token."""
    request.wagtailapi_router = api_router
    response = _preview_view(request, pk=0)
    response["X-Robots-Tag"] = "noindex"
    return response


def index(request):
    """`/api/v2/`: what the API serves, and where its description is."""
    endpoints = {name: absolute(f"{API_PREFIX}{name}/") for name in api_router._endpoints}
    endpoints["figures"] = absolute(f"{API_PREFIX}figures/")
    endpoints["sign-up"] = absolute(reverse("api_sign_up"))
    endpoints["gesture-suggestions"] = absolute(reverse("api_gesture_suggestions"))
    endpoints["space-link"] = absolute(reverse("api_space_link"))
    endpoints["initiatives"] = absolute(reverse("api_initiatives"))
    endpoints["registrations"] = absolute(reverse("api_register"))
    endpoints["confirmation"] = absolute(reverse("api_confirm"))
    endpoints["space"] = absolute(reverse("api_space"))
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
