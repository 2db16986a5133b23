"""Fixtures of the demo's tests: its territories, and the demo loaded on them.

Loading the demo takes seconds, so a module whose tests read it loads it once: in a transaction
opened before its first test and rolled back after its last, each test running in a savepoint
of its own (pytest-django's `db`), so that what a test changes is gone for the next. A module
uses `demo` in all its database tests or in none (tests/demo/test_load_command.py loads it
itself): once loaded, the demo is there for the rest of the module."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client

from demo.services import DemoReport, load_demo

from .territories import create_demo_territories

DEMO_PASSWORD = "heure-civique-demo"
HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """With pytest-xdist (`make test`, `--dist loadgroup`), a module's tests run in one process,
    so that the module loads the demo once."""
    for item in items:
        if item.path.parent == HERE:
            item.add_marker(pytest.mark.xdist_group(f"demo-{item.path.stem}"))


class HostClient(Client):
    """The test client, sending the host of an absolute address as a browser would: the demo's
    Mayenne and Laval have their own addresses (demo/sites.py), which their pages' `url` names
    (`http://mayenne.localhost:8000/laval/`)."""

    def generic(self, method, path, *args, **extra):
        parts = urlsplit(str(path))
        if parts.netloc:
            extra.setdefault("HTTP_HOST", parts.netloc)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
        return super().generic(method, path, *args, **extra)


@pytest.fixture
def client() -> HostClient:
    return HostClient()


@pytest.fixture
def demo_territories(db) -> None:
    create_demo_territories()


@pytest.fixture(scope="module")
def demo_of_the_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        loaded = transaction.atomic()
        loaded.__enter__()
        try:
            create_demo_territories()
            # The kits' PDFs take seconds to render: tests/demo/test_kits.py builds them itself.
            # The demo as it really is: Mayenne and Laval on their own addresses (demo/sites.py).
            report = load_demo(password=DEMO_PASSWORD, kits_too=False)
        except BaseException:
            transaction.set_rollback(True)
            loaded.__exit__(None, None, None)
            raise
    yield report
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        loaded.__exit__(None, None, None)


@pytest.fixture
def demo(demo_of_the_module, db) -> DemoReport:
    return demo_of_the_module
