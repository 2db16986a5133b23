"""The fault-injection suite (marked `faults`, `make test-faults`, run in CI on PostgreSQL): real
workers killed with SIGKILL, database connections terminated in the middle of requests. Each
test asserts what the outbox (core/outbox.py) promises: every e-mail of a saved change sent,
once; no e-mail without its change."""

import pytest
from django.db import connection

from tests.volunteers.conftest import laval_actions, make_action  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the fault-injection suite needs PostgreSQL (its locks, pg_terminate_backend)")
