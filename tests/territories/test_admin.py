"""Administrators look the territories up in the Wagtail admin; nobody edits them there."""

import pytest
from django.urls import reverse

from territories.models import Commune
from territories.services import import_territories


def test_communes_are_searched_by_name_or_code(
    admin_client, imported_mayenne, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = admin_client.get("/admin/territories/communes/", {"q": "53130"})
    assert response.status_code == 200
    assert "Laval" in response.content.decode()
    response = admin_client.get("/admin/territories/communes/", {"q": "chateau-gontier"})
    assert "Château-Gontier-sur-Mayenne" in response.content.decode()


def test_communes_are_filtered_by_department(admin_client, imported_mayenne):
    import_territories(departments=["29"])
    mayenne_id = Commune.objects.get(code="53130").department_id
    response = admin_client.get(
        "/admin/territories/communes/", {"department": mayenne_id, "q": "Laval"}
    )
    content = response.content.decode()
    assert "53130" in content
    assert "Quimper" not in content


def test_a_commune_can_be_inspected(admin_client, imported_mayenne):
    laval = Commune.objects.get(code="53130")
    response = admin_client.get(f"/admin/territories/communes/inspect/{laval.pk}/")
    assert response.status_code == 200
    assert "215301300" in response.content.decode()


@pytest.mark.parametrize("model", ["region", "department", "commune", "epci"])
def test_every_territory_is_listed_but_cannot_be_added_or_edited(
    admin_client, imported_mayenne, model
):
    assert admin_client.get(f"/admin/territories/{model}s/").status_code == 200
    # Permission denied: Wagtail sends the user back to the dashboard.
    assert admin_client.get(reverse(f"territories_{model}s:add")).status_code == 302
    laval = Commune.objects.get(code="53130")
    assert (
        admin_client.get(reverse("territories_communes:edit", args=[laval.pk])).status_code == 302
    )
    admin_client.post(reverse("territories_communes:delete", args=[laval.pk]))
    assert Commune.objects.filter(pk=laval.pk).exists()
