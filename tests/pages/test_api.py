"""The public API of the territory pages: their public fields, nothing private, bounded."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import CommunePage
from tests.factories.pages import CommunePageFactory, ImageFactory
from tests.factories.territories import CommuneFactory

COMMUNE_FIELDS = (
    "commune,primary_colour,secondary_colour,logo,logo_thumbnail,word_quote,word_name,"
    "word_role,word_photo_thumbnail,contact_name,contact_address,contact_phone,contact_email,"
    "contact_website,contact_hours"
)


@pytest.fixture
def laval_with_owner(themed_laval_page):
    owner = get_user_model().objects.create_user(
        username="redactrice", email="redactrice.privee@example.org", password="x"
    )
    themed_laval_page.owner = owner
    themed_laval_page.primary_colour = "#7a1f5c"
    themed_laval_page.logo = ImageFactory()
    themed_laval_page.save_revision(user=owner).publish()
    return CommunePage.objects.get(pk=themed_laval_page.pk)


def test_commune_pages_expose_their_public_fields(client, laval_with_owner):
    response = client.get(f"/api/v2/pages/?type=pages.CommunePage&fields={COMMUNE_FIELDS}")
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["commune"] == {
        "code": "53130",
        "name": "Laval",
        "slug": "laval",
        "department_code": "53",
    }
    assert item["primary_colour"] == "#7a1f5c"
    assert item["logo"]["id"] == laval_with_owner.logo_id
    # Absolute, as every address of the API, on the public address (the test's).
    assert item["logo_thumbnail"]["url"].startswith("http://testserver/media/images/")
    assert item["logo_thumbnail"]["full_url"] == item["logo_thumbnail"]["url"]
    assert item["word_name"] == "Paul Exemple"
    assert item["contact_email"] == "contact@laval.example.org"
    assert item["meta"]["html_url"].endswith("/mayenne/laval/")


def test_commune_pages_never_expose_private_fields(client, laval_with_owner):
    response = client.get("/api/v2/pages/?type=pages.CommunePage&fields=*")
    body = response.content.decode()
    (item,) = response.json()["items"]
    for private in ("owner", "locked_by", "latest_revision", "locked", "live_revision"):
        assert private not in item
        assert private not in item["meta"]
    assert "redactrice" not in body


def test_department_pages_expose_their_department(client, themed_mayenne_page):
    response = client.get(
        "/api/v2/pages/?type=pages.DepartmentPage&fields=department,secondary_colour"
    )
    (item,) = response.json()["items"]
    assert item["department"] == {"code": "53", "name": "Mayenne", "slug": "mayenne"}
    assert item["secondary_colour"] == "#e8f3ee"


def add_communes(department, start: int, stop: int) -> None:
    for number in range(start, stop):
        commune = CommuneFactory(
            code=f"53{number:03d}",
            name=f"Commune {number}",
            slug=f"commune-{number}",
            department=department,
        )
        CommunePageFactory(commune=commune, logo=ImageFactory(), word_photo=ImageFactory())


def count_listing_queries(client) -> int:
    url = "/api/v2/pages/?type=pages.CommunePage&fields=*&limit=50"
    client.get(url)  # renditions are made (written) on the first call only
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_commune_listing_costs_the_same_for_3_or_30_communes(
    client, themed_mayenne_page, mayenne, django_assert_max_num_queries
):
    add_communes(mayenne, 0, 3)
    small = count_listing_queries(client)
    add_communes(mayenne, 3, 30)
    assert count_listing_queries(client) == small
    with django_assert_max_num_queries(12):
        client.get("/api/v2/pages/?type=pages.CommunePage&fields=*&limit=50")
