"""What the public API's ETag and Last-Modified are made of, known without building the answer,
so that a conditional request that matches is answered 304 from one cache read
(cms/middleware.py), with no SQL query.

An answer's ETag is a hash of:
- the API's generation: a stamp (time.time_ns()) kept in the cache and renewed, at once and when
  the transaction commits (core/versions.py), by a change (post_save, post_delete, m2m_changed) to
  a row of the models an answer can show: FOLLOWED below, the content (pages, the idea box,
  territories, good practices, images, documents, sites...) and what the counts read (an action
  carries its places left, so a registration changes it; the figures count volunteers, hours and
  the hours of requests for help, and tell whether a commune joined). Everything else (sessions,
  logs, jobs, e-mails, revisions, the reference index, the volunteers' own records) is written
  far more often and shows nowhere: its changes leave the generation alone, so that a visitor's
  session or an e-mail sent does not make every client build its answers again.
  tests/cms/test_api_cache.py requests every endpoint and fails for a table read that is not
  followed here, and walks every endpoint's fields: a new model shown is added here or the test
  says so. One generation for every endpoint rather than one per endpoint family: what an answer
  shows reaches far, and a list of what each endpoint reads would one day miss something;
- the clock's step (API_ETAG_SECONDS): the agenda's answers move with time (an occurrence past,
  registrations closed) without any write, so an ETag holds one step at most;
- the full address asked (scheme, host, path and query string) and the language of the answer;
- the code and the translations this process runs (a deployment changes the answers' shape).

With the cache unreachable (core/cache.py), every request gets a new generation (no 304), and
the changes made meanwhile bump nothing: once the cache is back, an ETag given before the outage
may match again, at most until the clock's step ends.

Changes made without signals (`QuerySet.update()`, `bulk_create()`) that alter what the API
shows must call `changed()` themselves.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import time
from pathlib import Path

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import translation
from django.utils.http import quote_etag

from .versions import Version

GENERATION_KEY = "api:generation"
GENERATION_SECONDS = 30 * 24 * 3600

# The apps whose every row is public content, shown by the API (a page's cancelled dates and
# photos, a gesture's tags, a commune's postal codes...).
FOLLOWED_APPS = frozenset({"pages", "practices", "snippets", "territories"})
# The other models an answer reads. A model that extends one of them (every page type extends
# wagtailcore.page, whatever its app) is followed too.
FOLLOWED_MODELS = frozenset(
    {
        "contenttypes.contenttype",  # a page's type
        "helprequests.helprequest",  # the figures' hours given through closed requests
        "onboarding.territorygroup",  # the figures: whether a commune joined
        "taggit.tag",  # an image's or a gesture's tags
        "taggit.taggeditem",
        "volunteers.registration",  # an action's places left; the figures' hours
        "volunteers.volunteer",  # the figures count the confirmed ones
        "wagtailcore.collection",  # an image or a document in a private collection is hidden
        "wagtailcore.collectionviewrestriction",
        "wagtailcore.locale",
        "wagtailcore.page",
        "wagtailcore.pageviewrestriction",  # a private page is hidden
        "wagtailcore.site",  # the addresses in every answer; `?site=`
        "wagtaildocs.document",
        "wagtailimages.image",
        "wagtailimages.rendition",  # a body's or a thumbnail's image
    }
)


GENERATION = Version(GENERATION_KEY, GENERATION_SECONDS)


def changed() -> None:
    """Something the API may show changed: every ETag given before stops matching (at once, and
    again when the transaction commits: core/versions.py)."""
    GENERATION.changed()


@functools.cache
def is_followed(model) -> bool:
    """Whether a change to a row of `model` may change an answer of the API (FOLLOWED_APPS,
    FOLLOWED_MODELS, or a model that extends one of theirs). Read on every save: kept."""
    meta = model._meta
    for each in (model, meta.concrete_model, *meta.get_parent_list()):
        if each._meta.app_label in FOLLOWED_APPS or each._meta.label_lower in FOLLOWED_MODELS:
            return True
    return False


def _row_changed(sender, **kwargs) -> None:
    if kwargs.get("raw") or not is_followed(sender):
        return  # loaddata's rows are followed by nothing else; the others show nowhere
    changed()


def _relation_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_") and is_followed(sender):
        changed()


def connect() -> None:
    post_save.connect(_row_changed, dispatch_uid="core-api-cache-saved")
    post_delete.connect(_row_changed, dispatch_uid="core-api-cache-deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="core-api-cache-relation")


def generation() -> int:
    """The current generation (set to now when missing: no ETag given before matches)."""
    return GENERATION.current()


# The project's own code, beside its packages'; not its tests, scripts or examples.
CODE_SKIPPED = frozenset(
    {".venv", "node_modules", "tests", "var", "examples", "docs", "scripts", "deploy", "static"}
)
CODE_PACKAGES = ("django", "wagtail", "djangorestframework")


@functools.cache
def code_version() -> str:
    """A hash of the code and the compiled translations this process runs (read once)."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for top in sorted(root.iterdir()):
        if not top.is_dir() or top.name in CODE_SKIPPED or top.name.startswith("."):
            continue
        for path in sorted([*top.rglob("*.py"), *top.rglob("*.mo")]):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    for package in CODE_PACKAGES:
        digest.update(f"{package}=={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


def validators(request: HttpRequest) -> tuple[str, int]:
    """The ETag and the Last-Modified (a POSIX time, whole seconds) of the public answer to
    `request` as it would be built now. To be called before the answer is built."""
    step = max(settings.API_ETAG_SECONDS, 1)
    now = time.time()
    window = int(now // step)
    current = generation()
    text = "\0".join(
        (
            str(current),
            str(window),
            request.build_absolute_uri(),
            translation.get_language() or "",
            code_version(),
        )
    )
    etag = quote_etag(hashlib.blake2b(text.encode(), digest_size=16).hexdigest())
    # The last change, rounded up to the second, and at least the step's start.
    last_modified = max(-(-current // 1_000_000_000), window * step)
    return etag, last_modified
