"""The shared mechanisms are tested through the forms and exports that use them: the territories
and people those need, and a cache emptied around each test (the rate limits count in it)."""

import pytest
from django.core.cache import cache

from tests.onboarded import (  # noqa: F401 (fixtures)
    laval,
    laval_page,
    laval_referent,
    mayenne,
    moderator,
)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()
