"""Fixtures shared by the whole suite."""

import pytest
from wagtail.models import Site

from pages.models import HomePage


@pytest.fixture
def home_page(db) -> HomePage:
    """The national home page, created by the pages' data migration."""
    return HomePage.objects.get()


@pytest.fixture
def site(db) -> Site:
    return Site.objects.get(is_default_site=True)
