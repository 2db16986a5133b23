"""Fixtures shared by the whole suite: one tree of territories engaged through the onboarding
services, people in each role, an administrator, and an empty cache for every test.

Mayenne: Laval and Château-Gontier-sur-Mayenne (engaged by their `_page` fixtures), Ernée
(never engaged; its postal code is shared with Montenay). Finistère: Quimper. The names of the
territories are real (they are public reference data); every person is invented, with an
address at `mairie.example` and the password `motdepasse-123`. A folder's conftest adds what
only its tests need, under names of its own."""

import logging
import threading

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.transaction import Atomic
from django.utils import translation
from wagtail.models import Site

from onboarding import roles
from onboarding import services as onboarding
from onboarding.models import TerritoryGroup
from pages.models import HomePage
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory

Role = TerritoryGroup.Role
PASSWORD = "motdepasse-123"


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits, feed generations and queued kits count in the cache: each test starts and
    ends with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Django's LocaleMiddleware activates the language of each request in the thread and
    leaves it there: after a test that asked for /en/, the next test on the same worker would
    translate its own strings into English. Each test starts and ends in the site's language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def outbox_jobs_on_commit(monkeypatch):
    """The outbox queues an e-mail's job when the transaction that wrote it commits
    (core/outbox.py). A test wrapped in a transaction (pytest-django's default) never commits,
    so here the job is queued, as in production, when the code's own outermost transaction ends
    well, or at once outside one; a transaction rolled back still queues nothing. Only the
    outbox's callbacks: the others keep Django's test behaviour
    (django_capture_on_commit_callbacks)."""
    from core import outbox

    waiting: list = []  # (block, callback)
    lock = threading.Lock()

    def code_blocks(connection) -> list:
        return [block for block in connection.atomic_blocks if not block._from_testcase]

    def run(callback) -> None:
        try:
            callback()
        except Exception:
            logging.getLogger("django.db.backends.base").exception("on_commit callback failed")

    def queue_after_commit(email_id: int) -> None:
        connection = transaction.get_connection()

        def callback():
            outbox.queue(email_id)

        blocks = code_blocks(connection)
        if connection.in_atomic_block and not blocks:  # only the test's transaction
            run(callback)
            return
        transaction.on_commit(callback, robust=True)
        if blocks:
            with lock:
                waiting.append((blocks[0], callback))

    original_exit = Atomic.__exit__

    def exit_block(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if self._from_testcase or code_blocks(connection):
            return result
        with lock:
            mine = [callback for block, callback in waiting if block is self]
            waiting[:] = [entry for entry in waiting if entry[0] is not self]
        for callback in mine:
            # Still there unless its savepoint was rolled back (or a real commit ran it).
            for index, (_sids, func, _robust) in enumerate(connection.run_on_commit):
                if func is callback:
                    del connection.run_on_commit[index]
                    run(callback)
                    break
        return result

    monkeypatch.setattr(Atomic, "__exit__", exit_block)
    monkeypatch.setattr(outbox, "queue_after_commit", queue_after_commit)


@pytest.fixture
def commit_versions():
    """Runs the renewals of the versions kept in the cache (core/versions.py) that the test's
    transaction would run when it commits, which it never does, and returns them: one per
    family of versions, which the test's changes join after its fixtures', as the changes of
    one transaction do."""
    from core import versions

    def commit() -> list:
        connection = transaction.get_connection()
        pending = [
            func
            for _sids, func, _robust in connection.run_on_commit
            if isinstance(func, versions._RenewalAtCommit)
        ]
        for func in pending:
            func()
        return pending

    return commit


@pytest.fixture
def home_page(db) -> HomePage:
    """The national home page, created by the pages' data migration."""
    return HomePage.objects.get()


@pytest.fixture
def site(db) -> Site:
    return Site.objects.get(is_default_site=True)


# --- Territories (reference data, no page) --------------------------------------------------


def _commune(department, code: str, name: str, slug: str, postal_code: str):
    commune = CommuneFactory(code=code, name=name, slug=slug, department=department)
    PostalCodeFactory(code=postal_code, commune=commune)
    return commune


@pytest.fixture
def mayenne(db):
    return DepartmentFactory(code="53", name="Mayenne", slug="mayenne")


@pytest.fixture
def finistere(db):
    return DepartmentFactory(code="29", name="Finistère", slug="finistere")


@pytest.fixture
def laval(mayenne):
    return _commune(mayenne, "53130", "Laval", "laval", "53000")


@pytest.fixture
def chateau_gontier(mayenne):
    return _commune(
        mayenne, "53062", "Château-Gontier-sur-Mayenne", "chateau-gontier-sur-mayenne", "53200"
    )


@pytest.fixture
def ernee(mayenne):
    """A commune that has not joined; its postal code is shared with a neighbour."""
    commune = _commune(mayenne, "53096", "Ernée", "ernee", "53500")
    _commune(mayenne, "53152", "Montenay", "montenay", "53500")
    return commune


@pytest.fixture
def quimper(finistere):
    return _commune(finistere, "29232", "Quimper", "quimper", "29000")


# --- Territories engaged through the onboarding services ------------------------------------


@pytest.fixture
def laval_page(home_page, laval):
    return onboarding.onboard_commune("53130")


@pytest.fixture
def chateau_gontier_page(laval_page, chateau_gontier):
    return onboarding.onboard_commune("53062")


@pytest.fixture
def quimper_page(home_page, quimper):
    return onboarding.onboard_commune("29232")


@pytest.fixture
def mayenne_page(laval_page):
    return laval_page.get_parent().specific


@pytest.fixture
def finistere_page(quimper_page):
    return quimper_page.get_parent().specific


# --- People in each role ------------------------------------------------------------------


def member_of(group, username):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@mairie.example", password=PASSWORD
    )
    user.groups.add(group)
    return user


@pytest.fixture
def laval_editor(laval_page, laval):
    return member_of(roles.group_of(laval, Role.EDITORS), "editeur-laval")


@pytest.fixture
def laval_referent(laval_page, laval):
    return member_of(roles.group_of(laval, Role.REFERENTS), "referent-laval")


@pytest.fixture
def mayenne_editor(laval_page, mayenne):
    return member_of(roles.group_of(mayenne, Role.EDITORS), "editeur-mayenne")


@pytest.fixture
def mayenne_referent(laval_page, mayenne):
    return member_of(roles.group_of(mayenne, Role.REFERENTS), "referent-mayenne")


@pytest.fixture
def quimper_referent(quimper_page, quimper):
    return member_of(roles.group_of(quimper, Role.REFERENTS), "referent-quimper")


@pytest.fixture
def finistere_referent(quimper_page, finistere):
    return member_of(roles.group_of(finistere, Role.REFERENTS), "referent-finistere")


@pytest.fixture
def moderator(db):
    return member_of(onboarding.national_groups(), "moderatrice")


@pytest.fixture
def other_moderator(moderator):
    return member_of(onboarding.national_groups(), "moderateur")


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser(
        username="admin", email="admin@mairie.example", password=PASSWORD
    )


@pytest.fixture
def admin_client(client, administrator):
    """The test client, logged in as the administrator."""
    client.force_login(administrator)
    return client
