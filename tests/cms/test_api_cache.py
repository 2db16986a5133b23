"""A conditional request to the public API is cheap (core/api_cache.py, cms/middleware.py): a
repeated request with the ETag or the Last-Modified it was given is answered 304 without
building the answer, until anything it may show changes."""

import re
import time
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    ModelLogEntry,
    Page,
    get_page_models,
)

from cms.api import api_router
from cms.middleware import PUBLIC_READ
from core import api_cache
from core.models import OutgoingEmail
from helprequests import services as helprequests
from helprequests.models import HelpRequest
from tests.factories.helprequests import HelpRequestFactory
from volunteers.models import Registration

ACTIONS = "/api/v2/actions/"
ORIGIN = "https://front.example.org"


def validators(client, url, **headers):
    first = client.get(url, headers=headers)
    assert first.status_code == 200, first.content[:300]
    return first["ETag"], first["Last-Modified"]


def asked_again(client, url, etag, **headers):
    return client.get(url, headers={"If-None-Match": etag, **headers})


@pytest.mark.parametrize(
    "url", [ACTIONS, "/api/v2/pages/?type=pages.ActionPage&fields=*", "/api/v2/figures/"]
)
def test_a_repeated_request_is_answered_304_without_building_the_answer(
    client, api_content, url, django_assert_max_num_queries
):
    etag, last_modified = validators(client, url)
    with django_assert_max_num_queries(0):  # the full answer takes several
        again = asked_again(client, url, etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Last-Modified"] == last_modified
    assert again["Cache-Control"] == "public, max-age=60"
    assert "Accept-Language" in again["Vary"]
    with django_assert_max_num_queries(0):
        since = client.get(url, headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304


def test_the_304_carries_the_cors_headers(client, settings, api_content):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    etag, _ = validators(client, ACTIONS, Origin=ORIGIN)
    again = asked_again(client, ACTIONS, etag, Origin=ORIGIN)
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == ORIGIN
    assert "ETag" in again["Access-Control-Expose-Headers"]


def test_a_publication_an_unpublication_and_a_deletion_change_it(client, api_content):
    workshop = api_content["workshop"]
    url = f"/api/v2/pages/{workshop.pk}/"
    etag, _ = validators(client, ACTIONS)
    detail, _ = validators(client, url)

    workshop.title = "Atelier vélo et trottinettes"
    workshop.save_revision().publish()
    changed = asked_again(client, ACTIONS, etag)
    assert changed.status_code == 200
    assert "Atelier vélo et trottinettes" in changed.content.decode()
    etag = changed["ETag"]
    assert asked_again(client, ACTIONS, etag).status_code == 304

    workshop.unpublish()
    gone = asked_again(client, url, detail)
    assert gone.status_code == 404
    changed = asked_again(client, ACTIONS, etag)
    assert changed.status_code == 200
    assert "Atelier vélo" not in changed.content.decode()

    etag = changed["ETag"]
    api_content["online"].delete()
    assert asked_again(client, ACTIONS, etag).status_code == 200


def test_a_registration_changes_the_places_left(client, api_content):
    workshop = api_content["workshop"]
    url = f"/api/v2/pages/{workshop.pk}/"
    etag, _ = validators(client, url)
    registration = Registration.objects.filter(action=workshop, status="registered").first()
    registration.status = "cancelled"
    registration.save()
    again = asked_again(client, url, etag)
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_the_etag_is_the_address_s_and_the_language_s(client, api_content):
    etag, _ = validators(client, ACTIONS)
    assert asked_again(client, ACTIONS + "?kind=collective", etag).status_code == 200
    english = asked_again(client, ACTIONS, etag, **{"Accept-Language": "en"})
    assert english.status_code == 200
    assert english["ETag"] != etag
    # Another host: other absolute addresses in the answer.
    other = client.get(ACTIONS, headers={"If-None-Match": etag}, HTTP_HOST="localhost")
    assert other.status_code == 200


def test_an_etag_holds_one_step_of_the_clock_at_most(client, settings, api_content):
    """The agenda moves with time, without any write: an occurrence passes."""
    settings.API_ETAG_SECONDS = 1
    etag, _ = validators(client, ACTIONS)
    time.sleep(1.05)
    assert asked_again(client, ACTIONS, etag).status_code == 200


def test_what_the_api_never_shows_leaves_it_alone(client, api_content):
    etag, _ = validators(client, ACTIONS)
    session = SessionStore()
    session["seen"] = True
    session.save()  # every visitor's session is written: it must not empty the API's cache
    assert asked_again(client, ACTIONS, etag).status_code == 304


def test_a_generation_lost_by_the_cache_matches_nothing(client, api_content):
    from django.core.cache import cache

    etag, _ = validators(client, ACTIONS)
    cache.delete(api_cache.GENERATION_KEY)
    assert asked_again(client, ACTIONS, etag).status_code == 200


def test_a_transaction_bumps_again_at_commit_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        before = api_cache.generation()
        api_cache.changed()
        during = api_cache.generation()
        api_cache.changed()
        api_cache.changed()
    assert during != before  # an answer built inside the transaction isn't tagged as before
    assert len(callbacks) == 1
    callbacks[0]()
    assert api_cache.generation() != during


def test_the_preview_and_errors_get_no_validators(client, api_content):
    response = client.get("/api/v2/preview/?content_type=pages.actionpage&token=x")
    assert "ETag" not in response
    refused = client.get(ACTIONS + "?kind=nope")
    assert refused.status_code == 400
    assert "ETag" not in refused
    again = client.get(ACTIONS + "?kind=nope", headers={"If-None-Match": '"x"'})
    assert again.status_code == 400
    # `*`: whether the item exists is only known by building the answer.
    missing = client.get("/api/v2/pages/999999/", headers={"If-None-Match": "*"})
    assert missing.status_code == 404


# --- What renews the generation: the models an answer can show (api_cache.FOLLOWED) --------

# Tables an answer reads whose rows are written only with a followed row: the search index, in
# the signal of the page's or the gesture's save (which renews the generation).
WRITTEN_WITH_A_FOLLOWED_ROW = ("wagtailsearch_",)
TABLE = re.compile(r'(?:FROM|JOIN)\s+"([^"]+)"')


def public_read_urls(client, laval) -> list[str]:
    """Every public read of the API (cms/middleware.py PUBLIC_READ and the router's endpoints):
    each listing with all its fields (each page type's), an item of each, a search."""
    urls = [
        reverse("api_index"),
        reverse("api_schema"),
        reverse("api_docs"),
        reverse("api_figures"),
        reverse("api_figures") + f"?department={laval.department.code}",
        reverse("api_figures") + f"?commune={laval.code}",
    ]
    for name in api_router._endpoints:
        types = [""]
        if name == "pages":
            types += [f"&type={model._meta.label}" for model in get_page_models() if model != Page]
        for kind in types:
            listing = f"/api/v2/{name}/?fields=*&limit=100{kind}"
            items = client.get(listing).json()["items"]
            urls += [listing, *(f"/api/v2/{name}/{item['id']}/" for item in items[:1])]
        urls.append(f"/api/v2/{name}/?search=atelier")
    return urls


def followed_or_not(tables: set[str]) -> list[str]:
    models = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    return sorted(
        f"{table} ({models[table]._meta.label_lower})" if table in models else table
        for table in tables
        if not (table in models and api_cache.is_followed(models[table]))
        and not table.startswith(WRITTEN_WITH_A_FOLLOWED_ROW)
    )


@pytest.fixture
def private_collection(db):
    """An image's collection hidden by a password: the images endpoint then reads the tree of
    collections."""
    hidden = Collection.get_first_root_node().add_child(name="Brouillons")
    CollectionViewRestriction.objects.create(
        collection=hidden, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )


def test_every_table_an_answer_reads_is_followed(client, api_content, private_collection):
    """Asked once with an empty cache (what is kept there was read from the database once), no
    public answer reads a table whose changes leave the generation alone."""
    laval = api_content["workshop"].place_commune
    urls = public_read_urls(client, laval)
    endpoints = {resolve(url.split("?")[0]).url_name for url in urls}
    assert endpoints >= PUBLIC_READ  # every read beside the router's is asked
    read: dict[str, str] = {}
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        for query in queries.captured_queries:
            for table in TABLE.findall(query["sql"]):
                read.setdefault(table, url)
    assert {"volunteers_registration", "helprequests_helprequest", "wagtailcore_collection"} <= (
        set(read)
    )  # the walk reaches the counts and the collections
    missing = followed_or_not(set(read))
    assert not missing, [f"{table}, read by {read[table.split()[0]]}" for table in missing]


def related_models(model, names, seen: set) -> None:
    """The models reached from `model` by the API's field names and `a__b` paths (its own
    `api_fields` and those of a related model that has some: a page's photos, their image)."""
    if model in seen:
        return
    seen.add(model)
    names = [*names, *(field.name for field in getattr(model, "api_fields", []))]
    names += [
        *getattr(model, "api_select_related", []),
        *getattr(model, "api_prefetch_related", []),
    ]
    for name in names:
        name = getattr(name, "prefetch_through", name)  # a Prefetch object
        current = model
        for part in name.split("__"):
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:
                break  # a field of its own serializer (WholeObjectField): the requests tell
            if field.related_model is None:
                break
            current = field.related_model
            related_models(current, [], seen)


def test_every_model_an_endpoint_s_fields_reach_is_followed(db):
    """With no row at all: each endpoint's model (every page type for the pages), and what its
    fields and prefetched paths reach, is followed."""
    seen: set = set()
    for name, endpoint in api_router._endpoints.items():
        models = [m for m in get_page_models() if m is not Page] if name == "pages" else []
        for model in models or [endpoint.model]:
            fields = [*endpoint.body_fields, *endpoint.meta_fields]
            related_models(model, [f if isinstance(f, str) else f.name for f in fields], seen)
    assert {"pages.initiativephoto", "wagtailimages.rendition", "territories.department"} <= {
        model._meta.label_lower for model in seen
    }
    assert not [model._meta.label_lower for model in seen if not api_cache.is_followed(model)]


def test_what_no_answer_shows_leaves_the_generation_alone(api_content, django_user_model):
    editor = django_user_model.objects.create_user("redactrice", password="x")
    before = api_cache.generation()
    session = SessionStore()
    session["seen"] = True
    session.save()
    OutgoingEmail.objects.create(recipients=["a@example.org"], subject="Bonjour")
    editor.last_login = timezone.now()
    editor.save()  # every log-in
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(editor),
        label="x",
        action="wagtail.edit",
        object_id=str(editor.pk),
        timestamp=timezone.now(),
    )
    assert api_cache.generation() == before


def test_a_publication_a_registration_and_a_closed_request_renew_it(api_content):
    workshop = api_content["workshop"]
    before = api_cache.generation()
    workshop.save_revision().publish()
    published = api_cache.generation()
    assert published != before
    Registration.objects.filter(action=workshop).first().save()
    registered = api_cache.generation()
    assert registered != published
    request = HelpRequestFactory()
    assert api_cache.generation() != registered
    closed = api_cache.generation()
    helprequests.close(request, outcome=HelpRequest.Outcome.HELPED, hours=Decimal(2))
    assert api_cache.generation() != closed


def test_the_figures_show_a_request_for_help_closed(client, api_content):
    request = HelpRequestFactory()
    etag, _ = validators(client, "/api/v2/figures/")
    hours = client.get("/api/v2/figures/").json()["hours"]
    helprequests.close(request, outcome=HelpRequest.Outcome.HELPED, hours=Decimal(2))
    again = asked_again(client, "/api/v2/figures/", etag)
    assert again.status_code == 200
    assert again.json()["hours"] == hours + 2
