"""The OpenAPI 3.1 description of the read API, drawn from the endpoints themselves.

Wagtail's v2 endpoints build their serializers from each model's `api_fields`; this reads the
same serializers (every field a client may ask for with `?fields=*`) and gives each field the
JSON Schema of what it writes: a model field by its class and nullability, a custom field by the
return annotation of its `to_representation` (or an `openapi_schema` it declares). So the
document cannot drift from the code: a field added to a page type appears in it, and the
schemathesis test (tests/cms/test_openapi.py) checks every answer against it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import sys
import types
import typing
import uuid
from collections.abc import Iterable
from typing import Any

import typing_extensions
from django import forms
from rest_framework import serializers
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.filters import OrderingFilter, SearchFilter
from wagtail.api.v2.views import PagesAPIViewSet

from .api import TOTAL_COUNT_AHEAD

NULL = {"type": "null"}
ANY: dict = {}
MESSAGE = {
    "type": "object",
    "properties": {"message": {"type": "string"}},
    "required": ["message"],
}
NESTED_OBJECT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "meta": {"type": "object"},
        "title": {"type": "string"},
    },
}


def nullable(schema: dict) -> dict:
    if not schema or schema.get("type") == "null":
        return schema
    return {"anyOf": [schema, NULL]}


def from_annotation(annotation: Any) -> dict:
    """The JSON Schema of a Python type annotation (the common ones; anything else: any)."""
    if annotation is type(None) or annotation is None:
        return NULL
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [from_annotation(arg) for arg in typing.get_args(annotation)]}
    if origin is list or annotation is list:
        args = typing.get_args(annotation)
        return {"type": "array", "items": from_annotation(args[0]) if args else ANY}
    if origin is dict or annotation is dict:
        return {"type": "object"}
    if typing_extensions.is_typeddict(annotation):
        hints = typing.get_type_hints(annotation)
        return {
            "type": "object",
            "properties": {name: from_annotation(hint) for name, hint in hints.items()},
            "required": sorted(annotation.__required_keys__),
        }
    simple = {
        str: {"type": "string"},
        bool: {"type": "boolean"},
        int: {"type": "integer"},
        float: {"type": "number"},
        dt.datetime: {"type": "string", "format": "date-time"},
        dt.date: {"type": "string", "format": "date"},
        uuid.UUID: {"type": "string", "format": "uuid"},
        decimal.Decimal: {"type": "string"},
    }
    return simple.get(annotation, ANY)


def returned_type(function) -> Any:
    """The return annotation of `function`, evaluated in its module (the annotations of its
    arguments may name types imported for type checking only)."""
    annotation = function.__annotations__.get("return", Any)
    if isinstance(annotation, str):
        module = sys.modules[function.__module__]
        try:
            annotation = eval(annotation, vars(module))
        except NameError:
            return Any
    return annotation


# DRF's fields, most specific first (EmailField is a CharField...).
FIELD_SCHEMAS: list[tuple[type, dict]] = [
    (serializers.BooleanField, {"type": "boolean"}),
    (serializers.IntegerField, {"type": "integer"}),
    (serializers.FloatField, {"type": "number"}),
    # Decimals are written as strings (REST framework's COERCE_DECIMAL_TO_STRING).
    (serializers.DecimalField, {"type": "string"}),
    (serializers.DateTimeField, {"type": "string", "format": "date-time"}),
    (serializers.DateField, {"type": "string", "format": "date"}),
    (serializers.UUIDField, {"type": "string", "format": "uuid"}),
    (serializers.ChoiceField, {"type": "string"}),
    (wagtail_serializers.RichTextFieldSerializer, {"type": "string"}),
    (serializers.CharField, {"type": "string"}),
    (wagtail_serializers.TagsField, {"type": "array", "items": {"type": "string"}}),
    (wagtail_serializers.StreamField, {"type": "array", "items": {"type": "object"}}),
    (wagtail_serializers.PageHtmlUrlField, nullable({"type": "string", "format": "uri"})),
    (wagtail_serializers.PageTypeField, nullable({"type": "string"})),
    (wagtail_serializers.TypeField, {"type": "string"}),
    (wagtail_serializers.DetailUrlField, {"type": "string", "format": "uri"}),
    (wagtail_serializers.PageLocaleField, {"type": "string"}),
    (wagtail_serializers.PageParentField, nullable(NESTED_OBJECT)),
    (wagtail_serializers.PageAliasOfField, nullable(NESTED_OBJECT)),
]


def field_schema(field: serializers.Field) -> dict:
    """The JSON Schema of what `field` writes."""
    declared = getattr(field, "openapi_schema", None)
    if declared is not None:
        schema = declared
    elif isinstance(field, serializers.ListSerializer):
        schema = {"type": "array", "items": field_schema(field.child)}
    elif isinstance(field, serializers.BaseSerializer):
        schema = serializer_schema(field)
    elif isinstance(field, wagtail_serializers.ChildRelationField):
        schema = {"type": "array", "items": serializer_schema(field.serializer_class())}
    elif isinstance(field, wagtail_serializers.RelatedField):
        schema = serializer_schema(field.serializer_class())
    else:
        schema = next((schema for kind, schema in FIELD_SCHEMAS if isinstance(field, kind)), None)
        if schema is None:
            schema = from_annotation(returned_type(type(field).to_representation))
    # Wagtail writes null for any field whose attribute is None, so a nullable field may be.
    if getattr(field, "allow_null", False):
        schema = nullable(schema)
    return schema


def serializer_schema(
    serializer: serializers.BaseSerializer, *, closed: bool = True, declared: Iterable[str] = ()
) -> dict:
    """An object with a property per field; Wagtail's API serializers put their meta fields
    under `meta`. No field is required: `?fields=` may leave any of them out. A `declared`
    field (an `APIField` with its own serializer) read from an attribute may be null: Wagtail
    writes null for an attribute that is None, whatever the field."""
    meta_names = set(getattr(serializer, "meta_fields", ()))
    properties: dict = {}
    meta: dict = {}
    for name, field in serializer.fields.items():
        schema = field_schema(field)
        if name in declared and field.source != "*":
            schema = nullable(schema)
        (meta if name in meta_names else properties)[name] = schema
    if meta:
        properties["meta"] = {"type": "object", "properties": meta, "additionalProperties": False}
    schema = {"type": "object", "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    return schema


def item_serializer(endpoint, router, model, *, details: bool) -> serializers.BaseSerializer:
    """The serializer of `endpoint` for `model` with every field (`?fields=*`)."""
    serializer_class = endpoint._get_serializer_class(
        router, model, [("*", False, None)], show_details=details
    )
    return serializer_class(context={})


def parameter(name: str, schema: dict, description: str = "", location: str = "query") -> dict:
    found = {"name": name, "in": location, "schema": schema}
    if location == "path":
        found["required"] = True
    if description:
        found["description"] = description
    return found


def listing_parameters(endpoint, described: dict[str, tuple[dict, str]]) -> list[dict]:
    """The query parameters of an endpoint's listing: pagination, fields, its filters."""
    found = [
        parameter("limit", {"type": "integer", "minimum": 0}, "How many items (20 by default)."),
        parameter("offset", {"type": "integer", "minimum": 0}, "How many items to skip."),
        parameter(
            "fields", {"type": "string"}, "Fields to add (`a,b`), leave out (`-a`), all (`*`)."
        ),
    ]
    if any(issubclass(backend, OrderingFilter) for backend in endpoint.filter_backends):
        found.append(
            parameter(
                "order",
                {"type": "string"},
                "A field to order by (`-` first: descending), or `random`.",
            )
        )
    if any(issubclass(backend, SearchFilter) for backend in endpoint.filter_backends):
        found.append(parameter("search", {"type": "string"}, "Words to search for."))
        found.append(
            parameter(
                "search_operator",
                {"type": "string", "enum": ["and", "or"]},
                "How the words combine.",
            )
        )
    for name in sorted(endpoint.known_query_parameters):
        if name in described:
            schema, description = described[name]
            found.append(parameter(name, schema, description))
    return found


def json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": json_response(
        "A parameter the endpoint cannot read, said in the client's language.", MESSAGE
    ),
    "404": json_response("No such item (or not public), or none named by a filter.", MESSAGE),
}


def endpoint_paths(
    prefix: str,
    name: str,
    endpoint,
    router,
    models: Iterable,
    *,
    summary: str,
    described: dict[str, tuple[dict, str]],
    open_items: bool = False,
    listing_errors: Iterable[str] = ("400",),
) -> tuple[dict, dict]:
    """The listing and detail paths of one of Wagtail's v2 endpoints, and their schemas
    (components), one per model the endpoint serves (page types for `pages`)."""
    components = {}
    for model in models:
        components[f"{name}.{model.__name__}"] = serializer_schema(
            item_serializer(endpoint, router, model, details=True),
            declared=endpoint.get_field_serializer_overrides(model),
        )
    references = [{"$ref": f"#/components/schemas/{key}"} for key in components]
    item = references[0] if len(references) == 1 else {"anyOf": references}
    if open_items:
        # A listing of several types: each item has the fields of its own type.
        listed = serializer_schema(
            item_serializer(endpoint, router, endpoint.model, details=False), closed=False
        )
    else:
        listed = item
    listing = {
        "type": "object",
        "properties": {
            "meta": {
                "type": "object",
                "properties": {
                    "total_count": {
                        "type": "integer",
                        "description": "How many items the listing has; when "
                        "`total_count_exact` is false, a lower bound (the count stops "
                        f"{TOTAL_COUNT_AHEAD} items past this page).",
                    },
                    "total_count_exact": {"type": "boolean"},
                },
                "required": ["total_count", "total_count_exact"],
            },
            "items": {"type": "array", "items": listed},
        },
        "required": ["meta", "items"],
    }
    tag = name
    paths = {
        f"{prefix}{name}/": {
            "get": {
                "operationId": f"{name}_listing",
                "summary": summary,
                "tags": [tag],
                "parameters": listing_parameters(endpoint, described),
                "responses": {
                    "200": json_response("A page of the listing.", listing),
                    **{status: ERRORS[status] for status in listing_errors},
                },
            }
        },
        f"{prefix}{name}/{{id}}/": {
            "get": {
                "operationId": f"{name}_detail",
                "summary": f"One item of {name}, with all its fields.",
                "tags": [tag],
                "parameters": [
                    parameter("id", {"type": "integer", "minimum": 1}, location="path"),
                    parameter("fields", {"type": "string"}, "Fields to add or leave out."),
                ],
                "responses": {
                    "200": json_response("The item.", item),
                    "400": ERRORS["400"],
                    "404": ERRORS["404"],
                },
            }
        },
        f"{prefix}{name}/find/": {"get": find_operation(name, endpoint)},
    }
    return paths, components


def find_operation(name: str, endpoint) -> dict:
    """Wagtail's `find/`: an item by its id (a page by its path on the site too), answered
    with a redirect to its detail, the other parameters kept (`fields`...)."""
    by_path = issubclass(endpoint, PagesAPIViewSet)
    parameters = [parameter("id", {"type": "integer", "minimum": 1}, "The item's id.")]
    if by_path:
        parameters.append(
            parameter("html_path", {"type": "string"}, "The page's path on the site (`/mayenne/`).")
        )
    parameters.append(parameter("fields", {"type": "string"}, "Fields to add or leave out."))
    return {
        "operationId": f"{name}_find",
        "summary": f"Find one item of {name} by its id"
        + (" or its path on the site" if by_path else "")
        + ": a redirect to its detail.",
        "tags": [name],
        "parameters": parameters,
        "responses": {
            "302": {
                "description": "The item's detail, at `Location` (with the other parameters).",
                "headers": {"Location": {"schema": {"type": "string"}}},
            },
            "400": ERRORS["400"],
            "404": ERRORS["404"],
        },
    }


# --- The public forms' endpoints (core/submissions.py): their body is a Django form's fields ---

ERRORS_SCHEMA = {
    "type": "object",
    "properties": {
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    },
    "required": ["errors"],
    "additionalProperties": False,
}


def form_field_schema(field: forms.Field) -> dict:
    """The JSON Schema of the value a client sends for `field` (its constraints included, so a
    generated value tests the form's own errors). A model's choice is named by its id."""
    if isinstance(field, forms.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, forms.FileField):
        return {"type": "string", "format": "binary"}
    if isinstance(field, forms.DecimalField):  # before IntegerField, its parent class
        schema = {"type": "number"}
        if field.min_value is not None:
            schema["minimum"] = float(field.min_value)
        if field.max_value is not None:
            schema["maximum"] = float(field.max_value)
        return schema
    if isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        return schema
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {"type": "array", "items": {"type": "integer"}}
    if isinstance(field, forms.ModelChoiceField):
        return {"type": "integer"}
    if isinstance(field, forms.MultipleChoiceField):
        values = [str(value) for value, _label in field.choices]
        return {"type": "array", "items": {"type": "string", "enum": values}}
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [str(value) for value, _label in field.choices]}
    schema: dict = {"type": "string"}
    if isinstance(field, forms.EmailField):
        schema["format"] = "email"
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    if getattr(field, "min_length", None):
        schema["minLength"] = field.min_length
    return schema


def form_schema(form: forms.Form) -> dict:
    """The body of a public form's endpoint: an object with a property per field of `form`
    (described by its label and help), the required ones required."""
    properties = {}
    for name, field in form.fields.items():
        schema = form_field_schema(field)
        description = " ".join(str(text) for text in (field.label, field.help_text) if text)
        if description:
            schema["description"] = description
        properties[name] = schema
    required = [name for name, field in form.fields.items() if field.required]
    return {"type": "object", "properties": properties, "required": required}


def form_operation(
    operation_id: str,
    summary: str,
    form: forms.Form,
    *,
    tag: str,
    multipart: bool = False,
    parameters: Iterable[dict] = (),
) -> dict:
    """The POST operation of a public form's endpoint: its body (JSON, or multipart when a file
    is sent) and its answers: 202 accepted, 400 with each field's errors, 429 past the limit."""
    media_type = "multipart/form-data" if multipart else "application/json"
    missing = {"404": json_response("Nothing of that id takes this form.", MESSAGE)}
    return {
        "post": {
            "operationId": operation_id,
            "summary": summary,
            "tags": [tag],
            **({"parameters": list(parameters)} if parameters else {}),
            "requestBody": {
                "required": True,
                "content": {media_type: {"schema": form_schema(form)}},
            },
            "responses": {
                "202": json_response(
                    "Accepted: what follows (an e-mail to confirm, a moderation) is said in "
                    "`message`; nothing that was sent is echoed back.",
                    MESSAGE,
                ),
                "400": json_response(
                    "The errors of each field (`__all__` for the whole form), in the client's "
                    "language; or a `message` for a body the site cannot read at all (a null "
                    "character in a multipart field, core/requests.py).",
                    {"anyOf": [ERRORS_SCHEMA, MESSAGE]},
                ),
                "429": json_response("Too many forms from this client: try again later.", MESSAGE),
                **(missing if any(p["in"] == "path" for p in parameters) else {}),
            },
        }
    }


# The space's endpoints: a visit's token of the volunteer space (volunteers/views/space_api.py).
BEARER = "spaceToken"
SECURITY_SCHEMES = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "description": "The token of a visit of the volunteer space (POST /api/v2/space/open/).",
    }
}


def json_operation(
    method: str,
    operation_id: str,
    summary: str,
    *,
    tag: str,
    responses: dict[str, tuple[str, dict]],
    form: forms.Form | None = None,
    parameters: Iterable[dict] = (),
    bearer: bool = False,
) -> dict:
    """An operation of a JSON endpoint that is not a public form's (form_operation): a body of
    `form`'s fields if any, its answers by status (description, schema), and the space's
    token when `bearer`; a body the site cannot read, or a field's error, is a 400."""
    operation: dict = {"operationId": operation_id, "summary": summary, "tags": [tag]}
    if parameters:
        operation["parameters"] = list(parameters)
    if bearer:
        operation["security"] = [{BEARER: []}]
    answers = {status: json_response(*answer) for status, answer in responses.items()}
    if form is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": form_schema(form)}},
        }
    if method == "post":
        answers["400"] = json_response(
            "The errors of each field (`__all__` for the whole body), in the client's language.",
            {"anyOf": [ERRORS_SCHEMA, MESSAGE]},
        )
    if bearer:
        answers["401"] = json_response(
            "No token of a visit, or one that opens nothing any more: `message` says why.",
            MESSAGE,
        )
    return {method: {**operation, "responses": answers}}
