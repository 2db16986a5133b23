"""Every bad request is a 400 with a clear message (JSON in the API, French on the site), on
SQLite and PostgreSQL: NUL bytes, out-of-range numbers, dates and ids, unknown search operators,
unbalanced quotes in searches, and form bodies that cannot be decoded (issue 16, "Errors instead
of answers"; issue 14, "Search with an unbalanced quote"). The fuzz test beside this one
(test_fuzz.py) tries random values of the same kinds."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Locale

from cms.api import api_router
from core.api import RefusesBadParameters
from core.parsing import BadValue, bounded_day, bounded_int
from core.search import plain_words
from core.vocabulary import ActionKind
from snippets.models import Gesture, GestureCategory
from tests.factories.volunteers import opened_space
from tests.volunteers.conftest import (  # noqa: F401 (fixtures)
    laval_actions,
    make_action,
    make_volunteer,
)

pytestmark = pytest.mark.django_db

PAST_BIGINT = str(2**63)
ENDPOINTS = sorted(api_router._endpoints)


@pytest.fixture
def site_with_content(laval_page, make_action):  # noqa: F811 (fixture)
    """Laval's page, an action in it, a gesture about a grocery (to search with accents)."""
    make_action()
    locale = Locale.get_default()
    courses = GestureCategory.objects.create(locale=locale, name="Courses", slug="courses")
    Gesture.objects.create(
        locale=locale,
        title="Aider à l'épicerie solidaire",
        slug="epicerie-solidaire",
        summary="Tenir la caisse de l'épicerie solidaire une heure par mois.",
        category=courses,
        kind=ActionKind.ASSOCIATION,
        live=True,
    )
    return laval_page


def strict_client() -> Client:
    """A client like a browser's (CSRF checked) that raises what escapes Django."""
    return Client(enforce_csrf_checks=True, raise_request_exception=True)


def assert_api_400(response, what=""):
    assert response.status_code == 400, (what, response.content[:300])
    assert response["Content-Type"] == "application/json", what
    assert response.json()["message"], what


# --- NUL bytes ------------------------------------------------------------------------------


NUL_IN_THE_API = [
    "/api/v2/figures/?commune=%00",
    "/api/v2/actions/?locale=%00",
    "/api/v2/actions/?commune=53%00",
    "/api/v2/pages/?search=%00",
    "/api/v2/gestures/?search=a%00b",
    "/api/v2/gestures/?category=%00",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v2/pages/?%00=1",
]


def test_a_nul_byte_in_an_api_parameter_is_a_json_400(site_with_content):
    for url in NUL_IN_THE_API:
        assert_api_400(strict_client().get(url), url)


NUL_ON_THE_SITE = [
    "/%00/je-participe/",
    "/mayenne/%00/je-participe/",
    "/agenda/perso/%00abc.ics",
    "/mayenne/laval/agenda.ics?x=%00",
    "/gestes/?q=%00",
    "/gestes/%00/",
    "/je-participe/?commune=%00",
    "/mayenne/laval/presse/%00.pdf",
    "/%00",
]


def test_a_nul_byte_in_a_path_or_parameter_is_a_french_400(site_with_content):
    for url in NUL_ON_THE_SITE:
        response = strict_client().get(url)
        assert response.status_code == 400, url
        assert "caractère nul" in response.content.decode(), url


def test_a_nul_byte_in_a_form_field_is_a_400_and_saves_nothing(site_with_content):
    client = strict_client()
    client.get("/je-participe/")
    response = client.post(
        "/je-participe/",
        {"csrfmiddlewaretoken": client.cookies["csrftoken"].value, "email": "a\x00@b.fr"},
    )
    assert response.status_code == 400
    assert "caractère nul" in response.content.decode()
    from volunteers.models import Volunteer

    assert not Volunteer.objects.exists()


# --- Out-of-range numbers, dates, ids; operators ---------------------------------------------


OUT_OF_RANGE_ACTIONS = [
    "to=9999-12-31",
    "from=0001-01-01",
    "from=9999-12-31",
    "to=1999-12-31",
    "from=2026-02-30",
    "offset=99999999999999999999",
    "offset=-1",
    "limit=99999999999999999999",
    "limit=-5",
    "limit=abc",
]


def test_out_of_range_values_in_the_actions_api_are_a_400(site_with_content):
    for query in OUT_OF_RANGE_ACTIONS:
        assert_api_400(strict_client().get(f"/api/v2/actions/?{query}"), query)


OUT_OF_RANGE_LISTINGS = [
    "offset=99999999999999999999",
    "offset=9223372036854775807",
    "limit=99999999999999999999",
    "limit=-1",
    "search=a&search_operator=bad",
    "search_operator=",
]


def test_out_of_range_values_in_every_listing_are_a_400(site_with_content):
    for endpoint in ENDPOINTS:
        for query in OUT_OF_RANGE_LISTINGS:
            url = f"/api/v2/{endpoint}/?{query}"
            assert_api_400(strict_client().get(url), url)


def test_an_id_past_the_largest_as_a_filter_finds_nothing(site_with_content):
    for endpoint in ENDPOINTS:
        response = strict_client().get(f"/api/v2/{endpoint}/?id={PAST_BIGINT}")
        # `id` filters the endpoints that have field filters (no row has it); others ignore it.
        assert response.status_code == 200, endpoint


def test_an_id_past_the_largest_is_a_400_in_every_detail_and_find(site_with_content):
    for endpoint in ENDPOINTS:
        for url in (f"{PAST_BIGINT}/", f"find/?id={PAST_BIGINT}", "find/?id=abc"):
            assert_api_400(strict_client().get(f"/api/v2/{endpoint}/{url}"), (endpoint, url))


def test_a_field_filter_value_its_field_cannot_read_is_a_400(site_with_content):
    for query in (
        "first_published_at=demain",
        f"parent={2**70}",
        "parent=abc",
        "show_in_menus=peut-etre",
    ):
        assert_api_400(strict_client().get(f"/api/v2/pages/?{query}"), query)


def test_an_id_past_the_largest_in_a_page_filter_is_a_400(site_with_content):
    for parameter in ("child_of", "descendant_of", "ancestor_of", "translation_of"):
        url = f"/api/v2/pages/?{parameter}={PAST_BIGINT}"
        assert_api_400(strict_client().get(url), url)


def test_a_very_large_id_in_a_form_address_is_not_found(site_with_content, laval):
    volunteer = make_volunteer(laval)
    client = Client(raise_request_exception=True)  # the form's token is not the point here
    space = urlsplit(opened_space(volunteer, client)).path  # a visit, as from the button
    assert client.post(f"{space}annuler/{PAST_BIGINT}/").status_code == 404
    assert client.post(f"{space}annuler/{2**70}/").status_code == 404


def test_every_endpoint_of_the_api_refuses_bad_parameters():
    """A new endpoint is registered with the shared rules (core/api.py), or this fails."""
    for name, endpoint in api_router._endpoints.items():
        assert issubclass(endpoint, BaseAPIViewSet)
        assert issubclass(endpoint, RefusesBadParameters), name
        assert endpoint.pagination_class is RefusesBadParameters.pagination_class, name


# --- Searches --------------------------------------------------------------------------------


def test_any_search_is_answered(site_with_content):
    for endpoint in ("pages", "gestures", "images", "documents"):
        for search in ('a"', '"', "(", "a*", "NOT", "' ; DROP", "x" * 2000, 'é"è', "a -b"):
            response = strict_client().get(f"/api/v2/{endpoint}/", {"search": search})
            assert response.status_code == 200, (endpoint, search, response.content[:300])


def test_the_gestures_are_found_without_accents(site_with_content):
    for search in ("epicerie", "épicerie", "EPICERIE", "Épicerie solidaire"):
        response = strict_client().get("/api/v2/gestures/", {"search": search})
        assert [item["slug"] for item in response.json()["items"]] == ["epicerie-solidaire"]
        page = strict_client().get("/gestes/", {"q": search})
        assert "Aider à l&#x27;épicerie solidaire" in page.content.decode(), search


def test_plain_words():
    assert plain_words('a"') == "a"
    assert plain_words("L'Épicerie (solidaire)*") == "l épicerie solidaire"
    assert plain_words('"') == ""
    assert len(plain_words("mot " * 200)) == 200


# --- Form bodies that cannot be decoded ------------------------------------------------------

PUBLIC_FORMS = [
    "/je-participe/",
    "/mayenne/laval/je-participe/",
    "/gestes/proposer/",
    "/proposer-une-initiative/",
    "/mayenne/laval/proposer-une-initiative/",
    "/je-participe/mon-espace/",
    "/mayenne/laval/actions/nettoyage/inscription/",
    "/aide/contact/",
]
MULTIPART_FIELD = (
    b'--XX\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.fr\r\n--XX--\r\n'
)
UNREADABLE_BODIES = [
    ("application/x-www-form-urlencoded; charset=foo-bar", b"email=a%40b.fr"),
    ("application/x-www-form-urlencoded; charset=latin-1", b"email=a\xff\xfe@b.fr&nom=\xe9"),
    ("application/x-www-form-urlencoded; charset=utf-16", b"email=a@b.fr"),
    ("application/x-www-form-urlencoded; charset=rot13", b"email=a@b.fr"),
    ("multipart/form-data; boundary=XX; charset=rot13", MULTIPART_FIELD),
    ("multipart/form-data; boundary=XX; charset=latin-1", MULTIPART_FIELD),
    ("multipart/form-data", b"no boundary"),
]


@pytest.mark.parametrize(("content_type", "body"), UNREADABLE_BODIES)
def test_a_form_body_that_cannot_be_read_is_a_french_400(site_with_content, content_type, body):
    for url in PUBLIC_FORMS:
        response = strict_client().generic("POST", url, body, content_type=content_type)
        if content_type.endswith(("charset=foo-bar", "boundary=XX; charset=latin-1")):
            # An unknown charset is taken for UTF-8 by Django (readable, then refused for the
            # missing CSRF token), and a multipart body in latin-1 reads as such: not a 400.
            assert response.status_code == 403, url
        else:
            assert response.status_code == 400, (url, content_type)
            assert "Le formulaire n’a pas pu être lu" in response.content.decode()


def test_a_form_body_that_cannot_be_read_is_a_json_400_in_the_api(site_with_content):
    response = strict_client().generic(
        "POST",
        "/api/v2/pages/",
        b"a=\xff",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert_api_400(response)


def test_too_many_fields_is_the_site_s_400(site_with_content, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    client = strict_client()
    response = client.post("/gestes/proposer/", {"a": "1", "b": "2", "c": "3"})
    assert response.status_code == 400
    assert "Le formulaire n’a pas pu être lu" in response.content.decode()


def test_django_s_400_is_the_site_s_page_and_does_not_read_the_form_again(site_with_content, rf):
    """Django's own error view reads the form again (its CSRF decorator), and raised again on an
    unreadable body: the project's does not, and speaks French, or JSON in the API."""
    from cms import urls, views

    assert urls.handler400 == "cms.views.bad_request"
    body = b"email=\xff"
    content_type = "application/x-www-form-urlencoded; charset=utf-16"
    request = rf.generic("POST", "/je-participe/", body, content_type=content_type)
    request.user = AnonymousUser()
    response = views.bad_request(request)
    assert response.status_code == 400
    assert "Cette demande n’a pas pu être lue" in response.content.decode()
    request = rf.generic("POST", "/api/v2/pages/", body, content_type=content_type)
    assert views.bad_request(request).status_code == 400


# --- The shared helpers ----------------------------------------------------------------------


def test_bounded_int():
    assert bounded_int("42", "limit") == 42
    assert bounded_int(" 7 ", "limit", 0, 10) == 7
    for bad in ("-1", "11", "abc", "1" * 50, "", "1e3"):
        with pytest.raises(BadValue):
            bounded_int(bad, "limit", 0, 10)


def test_bounded_day():
    assert bounded_day("2027-03-01", "from") == dt.date(2027, 3, 1)
    for bad in ("0001-01-01", "9999-12-31", "2027-02-30", "demain", ""):
        with pytest.raises(BadValue):
            bounded_day(bad, "from")


# --- Wagtail's own messages, in the API's language -------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("type=pages.Nothing", "Ce type de page n’existe pas."),
        ("colour=red", "Paramètre inconnu : colour."),
        ("fields=colour", "Champs inconnus : colour."),
        ("fields=title(id)", "« title » n’a pas de champs à détailler."),
        (
            "type=pages.CommunePage&order=colour",
            "Les résultats ne peuvent pas être triés par « colour ».",
        ),
        (
            "order=random&offset=1",
            "Un ordre aléatoire ne peut pas être combiné à un décalage (offset).",
        ),
        ("order=random,title", "Un ordre aléatoire ne peut pas être combiné à un autre."),
        ("child_of=abc", "child_of doit être un nombre entier, 0 ou plus."),
        ("child_of=999999", "La page désignée par le filtre n’existe pas."),
        ("child_of=3&descendant_of=3", "descendant_of ne peut pas être combiné à child_of."),
        ("id=abc", "« abc » n’est pas une valeur valable pour id."),
        ("locale=xx", "Langue inconnue : xx."),
    ],
)
def test_wagtail_s_bad_requests_are_answered_in_french(client, site_with_content, query, message):
    """Wagtail answers these in English (and an unknown `locale` with a bare 404): the API
    answers every bad request in its language."""
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400, response.content
    assert response.json() == {"message": message}


def test_in_english_when_asked_in_english(client, site_with_content):
    response = client.get("/api/v2/pages/?colour=red", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"message": "Unknown parameter: colour."}


def test_every_wagtail_message_has_its_french():
    from django.utils import translation
    from django.utils.translation import gettext

    from core.api import WAGTAIL_MESSAGES, in_api_language

    with translation.override("fr"):
        untranslated = [said for _pattern, said in WAGTAIL_MESSAGES if gettext(said) == said]
        assert untranslated == []
        # A message that is not one of Wagtail's is left as it is.
        assert in_api_language("Aucun département n'a le code 99.") == (
            "Aucun département n'a le code 99."
        )
