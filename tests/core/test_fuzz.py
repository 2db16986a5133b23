"""Fuzzing the public site (hypothesis): no request gets an answer of 500 or more, on SQLite and
PostgreSQL. The addresses come from the URLconf itself (every public pattern, its parameters
drawn from its own regular expression), the API's parameters from its registered endpoints, the
forms' fields from the forms the site serves: a new address, endpoint or field is fuzzed too.

Values: NUL bytes and other control characters, unbalanced quotes, numbers past 64 bits, dates
at the ends of the calendar, unicode, huge strings; bodies in charsets that are not UTF-8.

Bounded for `make test` (the "ci" profile: derandomized, a few hundred requests, under a minute
per database); `make fuzz` runs the `fuzz`-marked tests with many more examples.
"""

import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.api import api_router
from tests.volunteers.conftest import laval_actions, make_action  # noqa: F401 (fixtures)

from .test_bad_requests import PUBLIC_FORMS, site_with_content  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# The admin is not public (its own tests); /health/ answers 503 when a service it checks is down,
# which is its answer, not an error (tests/core/test_health.py).
EXCLUDED_PREFIXES = ("admin/", "health/")

CI = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LARGE = settings(CI, max_examples=2000, derandomize=False)

NASTY = [
    "\x00",
    "a\x00b",
    'a"',
    '"',
    "'",
    "(",
    "*",
    "%",
    "\\",
    "NOT",
    "-",
    "",
    " ",
    "\r\n",
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "2027-02-30",
    str(2**63),
    str(2**63 - 1),
    str(-(2**63) - 1),
    "99999999999999999999",
    "-1",
    "0",
    "1e309",
    "NaN",
    '=HYPERLINK("http://x")',
    "\ud7ff\ufffe\U0010ffff",
    "é" * 300,
    "x" * 5000,
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers().map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.text(min_size=500, max_size=3000),
)


# --- What there is to fuzz, read from the project -------------------------------------------


def _public_patterns(patterns=None, prefix=""):
    """(the prefix of the resolvers above, the leaf pattern's regex) of every public URL."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _public_patterns(entry.url_patterns, prefix + _literal(entry))
        elif isinstance(entry, URLPattern) and not (
            prefix + entry.pattern.regex.pattern.removeprefix("^")
        ).startswith(EXCLUDED_PREFIXES):
            yield prefix, entry.pattern.regex.pattern


def _literal(resolver: URLResolver) -> str:
    """The literal prefix of a resolver (`admin/`, `api/v2/`, `` for French pages)."""
    regex = resolver.pattern.regex.pattern
    text = regex.lstrip("^")
    return text if re.fullmatch(r"[\w/-]*", text) else ""


PATTERNS = sorted(set(_public_patterns()))
ENDPOINTS = {
    name: sorted(
        endpoint.known_query_parameters
        | {"child_of", "descendant_of", "ancestor_of", "translation_of", "type", "locale", "id"}
        | set(endpoint.get_available_fields(endpoint.model, db_fields_only=True))
    )
    for name, endpoint in api_router._endpoints.items()
}


def _regex_for_hypothesis(regex: str) -> str:
    # Django's patterns end with \Z (or $) and may start with ^: from_regex wants them plain.
    return regex.removeprefix("^").removesuffix(r"\Z").removesuffix("$")


@st.composite
def public_paths(draw):
    prefix, regex = draw(st.sampled_from(PATTERNS))
    tail = draw(st.from_regex(_regex_for_hypothesis(regex), fullmatch=True))
    path = "/" + prefix + quote(tail, safe="/")
    if draw(st.booleans()):
        query = draw(
            st.dictionaries(
                st.sampled_from(
                    [
                        "page",
                        "q",
                        "from",
                        "to",
                        "commune",
                        "category",
                        "kind",
                        "action",
                        "geste",
                        "ok",
                        "download",
                    ]
                )
                | st.text(max_size=8),
                values,
                max_size=3,
            )
        )
        path += "?" + urlencode(query)
    return path


@st.composite
def api_requests(draw):
    name = draw(st.sampled_from(sorted(ENDPOINTS)))
    query = draw(st.dictionaries(st.sampled_from(ENDPOINTS[name]), values, max_size=4))
    where = draw(st.sampled_from(["", "find/", "1/", f"{2**63}/", "%00/"]))
    return f"/api/v2/{name}/{where}?{urlencode(query)}"


def _form_fields(client) -> list[str]:
    names = set()
    for url in PUBLIC_FORMS:
        names |= set(re.findall(r'name="([^"]+)"', client.get(url).content.decode()))
    return sorted(names - {"csrfmiddlewaretoken"})


CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=foo",
    "application/x-www-form-urlencoded; charset=rot13",
    "multipart/form-data; boundary=XX",
    "multipart/form-data; boundary=XX; charset=rot13",
    "multipart/form-data",
    "application/json",
    "text/plain",
]


def _assert_answered(response, what):
    assert response.status_code < 500, f"{response.status_code} for {what!r}"


# --- The tests -------------------------------------------------------------------------------


def test_the_urlconf_gives_patterns_to_fuzz():
    regexes = [prefix + regex.replace("\\", "") for prefix, regex in PATTERNS]
    assert any("agenda.ics" in regex for regex in regexes)
    assert any("je-participe/" in regex for regex in regexes)
    assert any(regex.startswith("api/v2/pages/") for regex in regexes)
    assert not any(regex.startswith(("admin/", "health/")) for regex in regexes)
    assert {"pages", "actions", "gestures"} <= set(ENDPOINTS)


def _fuzz_paths(site_with_content, data):  # noqa: F811 (fixture)
    client = Client(raise_request_exception=False)
    path = data.draw(public_paths())
    method = data.draw(st.sampled_from(["get", "get", "post", "head"]))
    _assert_answered(getattr(client, method)(path), (method, path))


def _fuzz_api(site_with_content, data):  # noqa: F811 (fixture)
    path = data.draw(api_requests())
    _assert_answered(Client(raise_request_exception=False).get(path), path)


def _fuzz_forms(site_with_content, data):  # noqa: F811 (fixture)
    client = Client(raise_request_exception=False)
    url = data.draw(st.sampled_from(PUBLIC_FORMS))
    fields = data.draw(st.dictionaries(st.sampled_from(FORM_FIELDS), values, max_size=8))
    content_type = data.draw(st.sampled_from(CONTENT_TYPES))
    if content_type.startswith("multipart/form-data; boundary=XX"):
        body = (
            b"".join(
                b'--XX\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                % (name.encode(), value.encode("utf-8", "surrogatepass"))
                for name, value in fields.items()
            )
            + b"--XX--\r\n"
        )
    elif data.draw(st.booleans()):
        body = urlencode(fields).encode()
    else:
        body = data.draw(st.binary(max_size=300))
    _assert_answered(client.generic("POST", url, body, content_type=content_type), (url, body))


FORM_FIELDS: list[str] = []


@pytest.fixture
def form_fields(site_with_content):  # noqa: F811 (fixture)
    if not FORM_FIELDS:
        FORM_FIELDS.extend(_form_fields(Client()))
    assert {"email", "postal_code"} <= set(FORM_FIELDS)
    return FORM_FIELDS


@CI
@given(data=st.data())
def test_public_paths(site_with_content, data):  # noqa: F811 (fixture)
    _fuzz_paths(site_with_content, data)


@CI
@given(data=st.data())
def test_api_parameters(site_with_content, data):  # noqa: F811 (fixture)
    _fuzz_api(site_with_content, data)


@CI
@given(data=st.data())
def test_public_forms(site_with_content, form_fields, data):  # noqa: F811 (fixture)
    _fuzz_forms(site_with_content, data)


@pytest.mark.fuzz
@LARGE
@given(data=st.data())
def test_public_paths_at_length(site_with_content, data):  # noqa: F811 (fixture)
    _fuzz_paths(site_with_content, data)


@pytest.mark.fuzz
@LARGE
@given(data=st.data())
def test_api_parameters_at_length(site_with_content, data):  # noqa: F811 (fixture)
    _fuzz_api(site_with_content, data)


@pytest.mark.fuzz
@LARGE
@given(data=st.data())
def test_public_forms_at_length(site_with_content, form_fields, data):  # noqa: F811 (fixture)
    _fuzz_forms(site_with_content, data)
