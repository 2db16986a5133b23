"""A territory's pages on its own address cost no more queries than their national copies
(issue 20): the hosts' table and the sites' roots are read from the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import MAYENNE_HOST

pytestmark = pytest.mark.django_db


def queries_of(client, path: str, host: str) -> int:
    client.get(path, HTTP_HOST=host)  # the caches (chrome, sites' roots, hosts' table)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, HTTP_HOST=host).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("national", "own"),
    [
        ("/mayenne/", "/"),
        ("/mayenne/laval/", "/laval/"),
        ("/mayenne/laval/actions/", "/laval/actions/"),
        ("/mayenne/laval/agenda.ics", "/laval/agenda.ics"),
        ("/je-participe/", "/je-participe/"),
        ("/gestes/", "/gestes/"),
    ],
)
def test_a_page_on_its_own_address_runs_no_more_queries_than_its_national_copy(
    client, mayenne_site, laval_page, national, own, django_assert_max_num_queries
):
    bound = queries_of(client, national, "testserver")
    client.get(own, HTTP_HOST=MAYENNE_HOST)
    with django_assert_max_num_queries(bound):
        assert client.get(own, HTTP_HOST=MAYENNE_HOST).status_code == 200
