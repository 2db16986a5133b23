"""Fuzzing the public site (hypothesis): no request gets an answer of 500 or more, on SQLite and
PostgreSQL. The addresses come from the URLconf itself (every public pattern, its parameters
drawn from its own regular expression), the API's parameters from its registered endpoints, the
forms' fields from the forms the site serves: a new address, endpoint or field is fuzzed too.

Values: NUL bytes and other control characters, line breaks, spreadsheet formulas, unbalanced
quotes, numbers past 64 bits, dates at the ends of the calendar, unicode, huge strings; bodies
in charsets that are not UTF-8.

Nothing half-written (issue 14): a valid post of each public form with hostile values in some
fields is either refused and changes no table, or accepted and writes what it promises (below).

Bounded for `make test` (the "ci" profile: derandomized, a few hundred requests, under a minute
per database); `make fuzz` runs the `fuzz`-marked tests with many more examples, `make fuzz-ci`
(in .ci/run) with a few more than `make test`.
"""

import os
import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from cms.api import api_router
from tests.volunteers.conftest import laval_actions, make_action  # noqa: F401 (fixtures)

from .test_bad_requests import PUBLIC_FORMS, site_with_content  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# The admin is not public (its own tests); /health/ answers 503 when a service it checks is down,
# which is its answer, not an error (tests/core/test_health.py).
EXCLUDED_PREFIXES = ("admin/", "health/")

FUZZ_CI_EXAMPLES = 150
CI = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # Explaining a failure replays it hundreds of times: minutes, for a line of a traceback.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
# The `fuzz`-marked tests: at length, random (`make fuzz`), or bounded for CI (`make fuzz-ci`,
# FUZZ_PROFILE=fuzz-ci: derandomized like CI, so a failure there comes back on any machine;
# about a minute and a half on SQLite, after the SQLite tests in .ci/run).
settings.register_profile("fuzz", CI, max_examples=2000, derandomize=False)
settings.register_profile("fuzz-ci", CI, max_examples=FUZZ_CI_EXAMPLES)
LARGE = settings.get_profile(os.environ.get("FUZZ_PROFILE", "fuzz"))

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
    "+33 6 12",
    "@SUM(A1)",
    "\t=1+1",
    "-2+3",
    "Lucie\nhttp://phishing.example/",
    "a\rb",
    "a\u2028b",
    "a\x85b",
    " \n ",
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
                        "type",
                        "categorie",
                        "department",
                        "postal_code",
                        "search",
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


# --- Nothing half-written --------------------------------------------------------------------
#
# A valid post of each public form, with one to three of its fields replaced by a hostile value:
# refused, it changes no table (the rows of every model of the project, and of Wagtail's pages,
# revisions, workflows and images, are counted before and after); accepted, it writes what it
# promises (the row, with the values typed), no line break in a one-line field of any row it
# wrote nor in an e-mail's subject, every e-mail it wrote sent, and the moderators' exports of
# what it wrote start no cell with a spreadsheet formula.

WRITERS = {
    # url: (the model a success adds a row to, {form field: the row's field, kept as typed})
    "/je-participe/": ("volunteers.Volunteer", {"first_name": "first_name"}),
    "/mayenne/laval/je-participe/": ("volunteers.Volunteer", {"last_name": "last_name"}),
    "/gestes/proposer/": ("snippets.Gesture", {"title": "title", "name": "suggested_by_name"}),
    "/proposer-une-initiative/": ("pages.InitiativePage", {"title": "title"}),
    "/mayenne/laval/proposer-une-initiative/": (
        "pages.InitiativePage",
        {"name": "submitted_by_name"},
    ),
    "/je-participe/mon-espace/": (None, {}),
    "/mayenne/laval/actions/nettoyage/inscription/": (None, {}),
    "/aide/contact/": ("support.Ticket", {"subject": "subject", "name": "name"}),
}
# Fields of free text, and hostile text a person could type in them: formulas, markup, quotes,
# letters of every script, line breaks.
TEXT_FIELDS = {
    "first_name",
    "last_name",
    "heard_from",
    "title",
    "summary",
    "how_to",
    "description",
    "tips",
    "name",
    "organisation",
    "subject",
    "message",
}
typed_text = st.one_of(
    st.sampled_from(
        [
            '=HYPERLINK("http://x";"clic")',
            "+33 6 12 34 56 78",
            "-1+2",
            "@SUM(A1:A9)",
            "=1+1",
            "<script>alert(1)</script>",
            "Robert'); DROP TABLE volunteers;--",
            'Les "voisins"',
            "Zoë Ñúñez-Ørsted",
            "山田 太郎",
            "🙂 Café",
            "ّمرحبا",
            # Line breaks: refused in a one-line field, kept in a text area.
            "Lucie\nhttp://phishing.example/",
            "Titre\r\nBcc: x@example.org",
            "a\u2028b",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=60,
    ).map(lambda text: text if text.strip() else text + "x"),
)
COUNTED_APPS = {"wagtailcore", "wagtailimages", "wagtaildocs", "django_q", "auth", "taggit"}
HONEYPOT = "website"


def _counted_models():
    from django.apps import apps
    from django.conf import settings

    project = str(settings.BASE_DIR)
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and (
            model._meta.app_label in COUNTED_APPS
            or (
                model._meta.app_config.path.startswith(project)
                and ".venv" not in model._meta.app_config.path
            )
        )
    ]


def _tables() -> dict[str, tuple[int, object]]:
    """Each counted model's (rows, largest primary key), in one query."""
    from django.db import connection

    models = _counted_models()
    quote = connection.ops.quote_name
    columns = [
        f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)}), "
        f"(SELECT MAX({quote(m._meta.pk.column)}) FROM {quote(m._meta.db_table)})"
        for m in models
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        row = cursor.fetchone()
    return {m._meta.label: (row[2 * i], row[2 * i + 1]) for i, m in enumerate(models)}


def _new_rows(before: dict, label: str):
    from django.apps import apps

    model = apps.get_model(label)
    top = before[label][1]
    rows = model._base_manager.all()
    if top is None:
        return rows
    if not isinstance(top, int):
        return model._base_manager.none()
    return rows.filter(pk__gt=top)


@pytest.fixture
def valid_posts(site_with_content):  # noqa: F811 (fixture)
    from snippets.models import GestureCategory

    commune = str(site_with_content.commune_id)
    person = {"name": "Lucie Martin", "email": "lucie.martin@exemple.invalid"}
    sign_up = {
        "first_name": "Lucie",
        "last_name": "Martin",
        "email": person["email"],
        "phone": "0612345678",
        "postal_code": "53000",
        "commune": commune,
        "availability": "weekday-morning",
        "heard_from": "Au marché",
        "charter": "on",
        "contact_consent": "on",
    }
    initiative = {
        "title": "Un goûter entre voisins",
        "summary": "Un goûter par mois dans la cour de l'immeuble.",
        "description": "Chacun apporte un gâteau ; les enfants servent.",
        "tips": "Prévenir le gardien.",
        "people_helped": "12",
        "hours_given": "3",
        "volunteers": "4",
        **person,
        "organisation": "Amicale des locataires",
    }
    return {
        "/je-participe/": sign_up,
        "/mayenne/laval/je-participe/": {**sign_up, "email": "martin.lucie@exemple.invalid"},
        "/gestes/proposer/": {
            "title": "Arroser les plantes du voisin",
            "summary": "Arroser les plantes d'un voisin parti en vacances.",
            "how_to": "Demander la clé.\nPasser deux fois par semaine.",
            "category": str(GestureCategory.objects.get(slug="courses").pk),
            "kind": "neighbourly",
            **person,
        },
        "/proposer-une-initiative/": {**initiative, "postal_code": "53000", "commune": commune},
        "/mayenne/laval/proposer-une-initiative/": initiative,
        "/je-participe/mon-espace/": {"email": person["email"]},
        "/mayenne/laval/actions/nettoyage/inscription/": {"email": person["email"]},
        "/aide/contact/": {
            **person,
            "audience": "volunteers",
            "postal_code": "53000",
            "commune": commune,
            "subject": "Une action le dimanche",
            "message": "Y a-t-il des actions le dimanche matin à Laval ?",
        },
    }


def _refused(response) -> bool:
    return response.status_code >= 400 or (
        response.status_code == 200 and 'class="form-errors"' in response.content.decode()
    )


def _no_formula_in_the_moderators_exports(moderator_client):
    from core.spreadsheets import FORMULA_STARTS
    from tests.spreadsheets import csv_rows

    for url in ("/admin/snippets/snippets/gesture/?export=csv", "/admin/moderation/?export=csv"):
        response = moderator_client.get(url)
        assert response.status_code == 200, url
        for row in csv_rows(response, delimiter=",")[1:]:
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS), (url, cell)


def _post_a_hostile_form(valid_posts, moderator, data):
    from django.apps import apps
    from django.core import mail
    from django.core.cache import cache

    from core.models import OutgoingEmail
    from core.text import LINE_BREAK

    cache.clear()  # the rate limits: each example is a first visit
    mail.outbox.clear()
    url = data.draw(st.sampled_from(sorted(valid_posts)))
    payload = dict(valid_posts[url])
    # Half the time, text a person could type (accepted, to check what is written); else
    # anything, into any field.
    typed = bool(set(payload) & TEXT_FIELDS) and data.draw(st.booleans())
    fields = sorted(set(payload) & TEXT_FIELDS) if typed else sorted(payload)
    for field in data.draw(st.lists(st.sampled_from(fields), min_size=1, max_size=3, unique=True)):
        payload[field] = data.draw(typed_text if typed else values)
    assert HONEYPOT not in payload  # a robot's post is answered as a success, saving nothing

    before = _tables()
    response = Client(raise_request_exception=False).post(url, payload)
    _assert_answered(response, (url, payload))
    after = _tables()
    changed = sorted(label for label in after if after[label][0] != before[label][0])
    event(f"{url} {'refused' if _refused(response) else 'accepted'}")
    if _refused(response):
        assert changed == [], (url, payload, response.status_code, changed)
        return
    writer, kept = WRITERS[url]
    if writer is not None and after[writer][0] > before[writer][0]:
        (row,) = _new_rows(before, writer)
        for field, attribute in kept.items():
            assert getattr(row, attribute) == payload[field].strip(), (url, field, payload)
    for label in changed:
        model = apps.get_model(label)
        one_line = [
            f.attname for f in model._meta.concrete_fields if f.get_internal_type() == "CharField"
        ]
        for row in _new_rows(before, label).values(*one_line):
            for field, value in row.items():
                assert not (value and LINE_BREAK.search(value)), (label, field, value)
                assert not (value and "\x00" in value), (label, field)
    for email in _new_rows(before, OutgoingEmail._meta.label):
        assert not LINE_BREAK.search(email.subject), email.subject
        assert email.sent_at is not None, (url, payload, email.subject)
    assert all(not LINE_BREAK.search(message.subject) for message in mail.outbox)
    if writer in ("snippets.Gesture", "pages.InitiativePage"):
        client = Client(raise_request_exception=False)
        client.force_login(moderator)
        _no_formula_in_the_moderators_exports(client)


@CI
@given(data=st.data())
def test_hostile_forms_write_all_or_nothing(valid_posts, moderator, data):
    _post_a_hostile_form(valid_posts, moderator, data)


@pytest.mark.fuzz
@LARGE
@given(data=st.data())
def test_hostile_forms_write_all_or_nothing_at_length(valid_posts, moderator, data):
    _post_a_hostile_form(valid_posts, moderator, data)


def test_each_valid_post_writes_what_it_promises(valid_posts, moderator):
    """The fuzzing's starting point: each form's valid post is accepted (else every hostile
    post would be refused, and the test above would prove little)."""
    from django.apps import apps

    for url, payload in valid_posts.items():
        before = _tables()
        response = Client(raise_request_exception=True).post(url, payload)
        assert not _refused(response), (url, response.status_code, response.content[:2000])
        writer, kept = WRITERS[url]
        if writer is not None:
            model = apps.get_model(writer)
            assert model._base_manager.count() == before[writer][0] + 1, url


# The volunteer's space: the profile changes a row, all or nothing.

PROFILE = {"first_name": "Lucie", "last_name": "Martin", "phone": "0612345678"}


@pytest.fixture
def profile_form(site_with_content):  # noqa: F811 (fixture)
    from tests.factories.volunteers import opened_space
    from tests.volunteers.conftest import make_volunteer

    volunteer = make_volunteer(site_with_content.commune, 1)
    client = Client(raise_request_exception=False)
    return volunteer, client, opened_space(volunteer, client) + "profil/"


def _change_a_profile(profile_form, data):
    from django.forms.models import model_to_dict

    from core.text import LINE_BREAK

    volunteer, client, url = profile_form
    payload = dict(PROFILE)
    typed = data.draw(st.booleans())
    fields = sorted(set(PROFILE) & TEXT_FIELDS) if typed else sorted(PROFILE)
    for field in data.draw(st.lists(st.sampled_from(fields), min_size=1, unique=True)):
        payload[field] = data.draw(typed_text if typed else values)
    volunteer.refresh_from_db()
    before = model_to_dict(volunteer)
    response = client.post(url, payload)
    _assert_answered(response, (url, payload))
    volunteer.refresh_from_db()
    after = model_to_dict(volunteer)
    if response.status_code != 302:
        event("profile refused")
        assert response.status_code == 400, response.status_code
        assert after == before, payload
        return
    event("profile accepted")
    assert (volunteer.first_name, volunteer.last_name) == (
        payload["first_name"].strip(),
        payload["last_name"].strip(),
    )
    for field in ("first_name", "last_name", "phone"):
        assert not LINE_BREAK.search(getattr(volunteer, field)), field


@CI
@given(data=st.data())
def test_a_hostile_profile_changes_all_or_nothing(profile_form, data):
    _change_a_profile(profile_form, data)


@pytest.mark.fuzz
@LARGE
@given(data=st.data())
def test_a_hostile_profile_changes_all_or_nothing_at_length(profile_form, data):
    _change_a_profile(profile_form, data)
