"""Every page and API view of the idea box runs the same number of queries for 5 or 50
gestures."""

import pytest
from django.test.utils import CaptureQueriesContext

MAX_QUERIES = 15
URLS = [
    "/gestes/",
    "/gestes/?q=geste",
    "/gestes/?type=collective&lieu=home&pour=everyone&duree=120",
    "/gestes/?page=2",
    "/gestes/imprimer/",
    "/gestes/geste-numero-003/",
    "/en/gestes/",
    "/api/v2/gestures/",
    "/api/v2/gestures/?search=geste&kind=neighbourly&locale=fr&category=volume",
    "/api/v2/gestures/?fields=*",
    "/api/v2/gesture-categories/",
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("count", [5, 50])
def test_bounded_queries(client, make_gestures, django_assert_max_num_queries, url, count):
    make_gestures(count)
    # Warm, as a running site is: Django's and Wagtail's caches (content types, site root
    # paths) are filled once per process, by whichever test asks first.
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", URLS)
def test_same_number_of_queries_for_5_and_50_gestures(client, make_gestures, url):
    from django.db import connection

    counts = []
    # 5 gestures, then 45 more: 50.
    for total in (5, 45):
        make_gestures(total)
        client.get(url)  # the first request fills Wagtail's caches (site root paths, locales)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
