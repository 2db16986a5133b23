"""Who proposed an initiative through the public form is for its reviewers only (issue 14): the
moderators and administrators see the name and e-mail in the editor, the commune's and the
department's editors do not."""

import pytest

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Camille Martin", "camille@example.org"


@pytest.fixture
def published(submit, act, laval_page, moderator):
    page = submit(laval_page)
    page = act(page, moderator)  # approved by the national moderation: live
    assert page.live and page.submitted_by_email == EMAIL
    return page


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("laval_editor", False),
        ("mayenne_editor", False),
        ("moderator", True),
        ("administrator", True),
    ],
)
def test_the_submitter_is_shown_to_reviewers_only(client, published, role, sees, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(f"/admin/pages/{published.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert (NAME in content, EMAIL in content) == (sees, sees)


def test_an_editor_cannot_change_the_submitter_either(client, published, laval_editor):
    from pages.models import InitiativePage

    client.force_login(laval_editor)
    edit = client.get(f"/admin/pages/{published.pk}/edit/")
    assert "submitted_by_email" not in edit.content.decode()
    assert InitiativePage.objects.get(pk=published.pk).submitted_by_name == NAME


@pytest.mark.parametrize(("role", "sees"), [("laval_editor", False), ("moderator", True)])
def test_the_comparison_of_revisions_hides_the_submitter_too(
    client, published, role, sees, request
):
    from django.urls import reverse

    before = published.latest_revision
    published.submitted_by_name = "Dominique Autre"
    after = published.save_revision()
    client.force_login(request.getfixturevalue(role))
    url = reverse("wagtailadmin_pages:revisions_compare", args=(published.pk, before.pk, after.pk))
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert ("Dominique Autre" in content, NAME in content) == (sees, sees)
