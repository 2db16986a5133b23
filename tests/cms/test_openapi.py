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

EXAMPLES = 25  # per operation: the 41 operations take a few seconds on each database
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
        "sign-up",
        "confirmation",
        "gesture-suggestions",
        "space-link",
        "initiatives",
        "registrations",
        "space",
        "preview",
    }
    action = document["components"]["schemas"]["pages.ActionPage"]["properties"]
    assert {"next_occurrences", "recurrence", "place", "gestures", "registration"} <= set(action)
    find = document["paths"]["/api/v2/images/find/"]["get"]  # each endpoint's find/
    assert set(find["responses"]) == {"302", "400", "404"}
    pages_find = document["paths"]["/api/v2/pages/find/"]["get"]["parameters"]
    assert {"id", "html_path"} <= {parameter["name"] for parameter in pages_find}
    link = document["paths"]["/api/v2/actions/{id}/registration-link/"]["post"]
    assert set(link["responses"]) == {"202", "400", "404", "429"}
    sign_up = document["paths"]["/api/v2/sign-up/"]["post"]
    body = sign_up["requestBody"]["content"]["application/json"]["schema"]
    assert {"first_name", "email", "postal_code", "charter"} <= set(body["required"])
    assert body["properties"]["email"] == {
        "type": "string",
        "format": "email",
        "maxLength": 254,
        "description": "E-mail",
    }
    assert set(sign_up["responses"]) == {"202", "400", "429"}


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
    # find/: a redirect to the item's detail.
    for endpoint, query in (
        ("images", {"id": api_content["image"].pk}),
        ("pages", {"id": api_content["news"].pk, "fields": "*"}),
    ):
        case = schema[f"/api/v2/{endpoint}/find/"]["GET"].Case(query=query)
        response = case.call()
        assert response.status_code == 302, (endpoint, response.status_code)
        case.validate_response(response, checks=CHECKS)
    # The public forms: valid bodies are accepted, until the client's limit (429), as described.
    sign_up = schema["/api/v2/sign-up/"]["POST"]
    statuses = []
    for n in range(12):
        body = {
            "first_name": "Camille",
            "last_name": "Durand",
            "email": f"camille{n}@exemple.invalid",
            "postal_code": "53000",
            "charter": True,
            "contact_consent": True,
        }
        response = sign_up.Case(body=body, media_type="application/json").call()
        statuses.append(response.status_code)
        sign_up.Case(body=body, media_type="application/json").validate_response(
            response, checks=CHECKS
        )
    assert statuses == [202] * 10 + [429] * 2
    # The e-mailed links' tokens and the volunteer space: the answers to real tokens (generated
    # ones open nothing: 400 and 401).
    from tests.factories.volunteers import VolunteerFactory
    from volunteers import services
    from volunteers.space import space_url

    volunteer = VolunteerFactory()
    register_token = services.registration_link(volunteer, api_content["workshop"])
    answers = []

    def post(path, body, **headers):
        case = schema[path]["POST"].Case(body=body, media_type="application/json", headers=headers)
        response = case.call()
        case.validate_response(response, checks=CHECKS)
        answers.append(response.status_code)
        return response.json()

    registered = post("/api/v2/registrations/", {"token": register_token.rsplit("/", 2)[1]})
    assert registered["status"] == "waiting"  # the workshop is full
    visit = post("/api/v2/space/open/", {"token": space_url(volunteer).rsplit("/", 2)[1]})
    bearer = {"Authorization": f"Bearer {visit['token']}"}
    for path in ("/api/v2/space/", "/api/v2/space/data/"):
        case = schema[path]["GET"].Case(headers=bearer)
        response = case.call()
        case.validate_response(response, checks=CHECKS)
        answers.append(response.status_code)
    post("/api/v2/space/emails/", {"emails": "stop"}, **bearer)
    post("/api/v2/registrations/cancel/", {"token": registered["cancel_token"]})
    assert answers == [200] * 6
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
    """The public forms' endpoints too: the generated bodies can send no more e-mails than the
    rate limits allow, and leave no half-written row (a volunteer without the e-mail of its
    link, a suggestion without its revision)."""
    from django.core import mail

    from core.models import OutgoingEmail
    from snippets.models import Gesture
    from snippets.services import SUGGESTIONS_PER_HOUR
    from volunteers.models import Volunteer
    from volunteers.submissions import RATE_LIMIT

    volunteers_before = set(Volunteer.objects.values_list("pk", flat=True))
    schema = schemathesis.openapi.from_wsgi("/api/v2/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 42
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
    # (The space's operations answer generated tokens with 401: their 200s are checked above;
    # find/ answers a redirect, the forms 202.)
    public = [operation for operation in operations if "security" not in operation.definition.raw]
    successes = [status for status in statuses if status < 400]
    assert statuses.count(200) > 20 and len(successes) > len(public), sorted(set(statuses))
    new_volunteers = Volunteer.objects.exclude(pk__in=volunteers_before)
    suggested = Gesture.objects.filter(source=Gesture.Source.SUGGESTION)
    assert new_volunteers.count() <= RATE_LIMIT
    assert suggested.count() <= SUGGESTIONS_PER_HOUR
    assert len(mail.outbox) <= RATE_LIMIT + 2 * SUGGESTIONS_PER_HOUR
    written = {
        address
        for sent in OutgoingEmail.objects.values_list("recipients", flat=True)
        for address in sent
    }
    assert set(new_volunteers.values_list("email", flat=True)) <= written
    for gesture in suggested:
        assert gesture.latest_revision_id is not None
        assert not gesture.live


def test_the_docs_page_shows_the_public_forms_and_their_fields(client, db):
    html = client.get("/api/v2/docs/").content.decode()
    assert "<code>POST /api/v2/sign-up/</code>" in html
    assert "<code>POST /api/v2/gesture-suggestions/</code>" in html
    assert "<code>GET /api/v2/pages/</code>" in html
    assert "Champs du corps de la requête" in html
    assert "<code>postal_code</code> (string, obligatoire)" in html
