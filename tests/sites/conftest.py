"""Dedicated sites (issue 20): Mayenne on mayenne.localhost (second name
www.mayenne.localhost), Laval on laval.localhost, the national site on testserver."""

import pytest

from core.sites import dedicate_site

MAYENNE_HOST = "mayenne.localhost"
LAVAL_HOST = "laval.localhost"


@pytest.fixture
def mayenne_site(mayenne_page):
    return dedicate_site(mayenne_page, MAYENNE_HOST, port=80, aliases=("www.mayenne.localhost",))


@pytest.fixture
def laval_site(laval_page, mayenne_site):
    return dedicate_site(laval_page, LAVAL_HOST, port=80)
