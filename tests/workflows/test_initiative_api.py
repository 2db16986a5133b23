"""Proposing an initiative through the API (POST /api/v2/initiatives/, multipart for its
photos): the national form and its submission, as on the site's page; the draft waits for
moderation, its photos stay private, the submitter gets the follow-up link, nothing is echoed."""

import pytest
from django.core import mail
from wagtail.images import get_image_model

from core.privatemedia import PRIVATE_PREFIX
from pages.models import InitiativePage
from workflows import services

from .test_public_form import photo, proposal

URL = "/api/v2/initiatives/"
ORIGIN = "https://front.example.org"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def post_form(data, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, data, REMOTE_ADDR="192.0.2.10", headers=headers)

    return post_form


def test_a_proposal_with_a_photo_waits_for_moderation_its_photo_private(
    client,
    laval_page,
    mayenne_referent,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    data = proposal(postal_code="53000", photo_1=photo(), credit_1="Mairie de Laval")
    # A constant: the draft (and its index), its photo, revision, workflow and notices.
    with (
        django_capture_on_commit_callbacks(execute=True),
        django_assert_max_num_queries(300),
    ):
        response = client.post(URL, data, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 202
    assert set(response.json()) == {"message"}
    assert "e-mail" in response.json()["message"]
    for personal in ("Camille", "camille@example.org", "café"):
        assert personal not in response.content.decode()
    page = InitiativePage.objects.get()
    assert not page.live
    assert page.get_parent().get_parent().specific == laval_page
    assert page.submitted_by_email == "camille@example.org"
    image = page.photos.get().image
    assert image.file.name.startswith(PRIVATE_PREFIX)
    public = client.get("/api/v2/images/", {"limit": 100}).json()["items"]
    assert image.pk not in [item["id"] for item in public]
    assert any(
        "Bien reçue" in message.subject
        for message in mail.outbox
        if message.to == ["camille@example.org"]
    )


@pytest.mark.parametrize(
    ("language", "required", "credit"),
    [
        ("fr", "Champ requis.", "Indiquez qui a pris la photo."),
        ("en", "This field is required.", "Say who took the photo."),
    ],
)
def test_errors_come_field_by_field_in_the_language_asked(
    post, laval_page, language, required, credit
):
    response = post(
        proposal(title="", postal_code="53000", photo_1=photo()),
        **{"Accept-Language": language},
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["title"] == [required]
    assert errors["credit_1"] == [credit]
    assert not InitiativePage.objects.exists()
    assert not get_image_model().objects.exists()
    assert mail.outbox == []


def test_a_commune_that_does_not_take_part_is_a_field_error(post, laval_page, finistere):
    from tests.factories.territories import CommuneFactory, PostalCodeFactory

    PostalCodeFactory(code="29999", commune=CommuneFactory(name="Nulle-Part", department=finistere))
    response = post(proposal(postal_code="29999"))
    assert response.status_code == 400
    assert "Nulle-Part" in response.json()["errors"]["commune"][0]
    assert not InitiativePage.objects.exists()


def test_a_json_body_works_too_without_photos(
    client, laval_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            {**proposal(postal_code="53000"), "people_helped": 120},
            content_type="application/json",
        )
    assert response.status_code == 202
    assert InitiativePage.objects.get().people_helped == 120


def test_a_robot_is_answered_as_a_person_and_nothing_is_kept(post, laval_page):
    robot = post(proposal(postal_code="53000", website="https://spam.example"))
    assert robot.status_code == 202
    assert not InitiativePage.objects.exists()
    assert mail.outbox == []
    assert post(proposal(postal_code="53000")).content == robot.content


def test_the_page_and_the_api_share_the_limit(post, client, laval_page):
    page = "/mayenne/laval/proposer-une-initiative/"
    assert (
        client.post(page, proposal(title="De la page"), REMOTE_ADDR="192.0.2.10").status_code == 302
    )
    codes = [
        post(proposal(postal_code="53000", title=f"Initiative {n}")).status_code
        for n in range(services.PROPOSALS_PER_HOUR)
    ]
    assert codes == [202] * (services.PROPOSALS_PER_HOUR - 1) + [429]
    assert InitiativePage.objects.count() == services.PROPOSALS_PER_HOUR


def test_cors_allows_post_from_a_configured_origin_only(client, settings, db):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    preflight = client.options(
        URL, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    )
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    other = client.options(
        URL,
        headers={
            "Origin": "https://elsewhere.example.org",
            "Access-Control-Request-Method": "POST",
        },
    )
    assert "Access-Control-Allow-Origin" not in other


def test_the_commune_page_s_variant_takes_the_page_s_commune(
    client, laval_page, mayenne_referent, django_capture_on_commit_callbacks
):
    """POST /api/v2/pages/<commune page>/initiatives/: as the form on the commune's page, no
    postal code asked; a page that is not a live commune page is a 404, nothing kept."""
    data = proposal()
    data.pop("postal_code", None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v2/pages/{laval_page.pk}/initiatives/", data)
    assert response.status_code == 202, response.content
    page = InitiativePage.objects.get()
    assert not page.live
    assert page.get_parent().get_parent().specific == laval_page
    department = laval_page.get_parent()
    for pk in (department.pk, 999999):
        missing = client.post(f"/api/v2/pages/{pk}/initiatives/", data)
        assert missing.status_code == 404
        assert "Aucune page de commune" in missing.json()["message"]
    laval_page.unpublish()
    assert client.post(f"/api/v2/pages/{laval_page.pk}/initiatives/", data).status_code == 404
    assert InitiativePage.objects.count() == 1
