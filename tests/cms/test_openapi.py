"""The OpenAPI document of the API, checked against the API by schemathesis: every operation
it describes, with values it generates from it (derandomized, a bounded number per operation),
answers without a server error, with a status the document gives and a body its schema allows."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 25  # per operation: the 15 operations take a few seconds on each database
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def app(db):
    """The site's WSGI application, answering in the test's transaction: as Django's test
    client does, the connection is not closed at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_document_is_openapi_3_1_and_lists_every_endpoint(client, db):
    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.1.0"
    listed = {path.split("/")[3] for path in document["paths"]}
    assert listed == {
        "pages",
        "images",
        "documents",
        "communes",
        "gestures",
        "gesture-categories",
        "actions",
        "figures",
    }
    action = document["components"]["schemas"]["pages.ActionPage"]["properties"]
    assert {"next_occurrences", "recurrence", "place", "gestures", "registration"} <= set(action)


def test_every_item_of_the_site_follows_the_document(app, api_content):
    """Generated ids rarely name an item: each page, action, gesture, image... is asked for."""
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from snippets.models import Gesture, GestureCategory

    schema = schemathesis.openapi.from_wsgi("/api/v2/openapi.json", app)
    asked = [
        ("pages", pk) for pk in Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True)
    ]
    asked += [("actions", api_content[name].pk) for name in ("workshop", "monthly", "online")]
    asked += [
        ("gestures", pk) for pk in Gesture.objects.filter(live=True).values_list("pk", flat=True)
    ]
    asked += [
        ("gesture-categories", pk) for pk in GestureCategory.objects.values_list("pk", flat=True)
    ]
    asked += [("images", pk) for pk in get_image_model().objects.values_list("pk", flat=True)]
    detail_statuses = set()
    for endpoint, pk in asked:
        for query in ({}, {"fields": "*"}):
            case = schema[f"/api/v2/{endpoint}/{{id}}/"]["GET"].Case(
                path_parameters={"id": pk}, query=query
            )
            response = case.call()
            detail_statuses.add(response.status_code)
            case.validate_response(response, checks=CHECKS)
    assert detail_statuses == {200}
    for query in (
        {"type": "pages.ActionPage", "fields": "*"},
        {"type": "pages.NewsPage", "fields": "*"},
        {"type": "pages.CommunePage", "fields": "*"},
        {"fields": "*"},
    ):
        case = schema["/api/v2/pages/"]["GET"].Case(query=query)
        response = case.call()
        assert response.status_code == 200, response.text
        case.validate_response(response, checks=CHECKS)


def test_every_answer_follows_the_document(app, api_content):
    schema = schemathesis.openapi.from_wsgi("/api/v2/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 15
    failures = []
    statuses: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call()
            statuses.append(response.status_code)
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # schemathesis' FailureGroup: gathered, shown together
            failures.append(f"{operation.label}: {error}")
    assert not failures, json.dumps(failures, indent=2, ensure_ascii=False)
    # Real requests were made, and many were answered with content.
    assert len(statuses) > 10 * len(operations)
    assert statuses.count(200) > len(operations), sorted(set(statuses))
