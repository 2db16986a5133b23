"""Propose an initiative without an account: national (commune by postal code) and on a commune's
page; a draft, a revision, its workflow, an e-mail with the link to follow it; bad input creates
nothing and says why, in French on unprefixed URLs."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import WorkflowState

from pages.models import InitiativeIndexPage, InitiativePage
from workflows import services
from workflows.models import DepartmentReferentTask

NATIONAL = "/proposer-une-initiative/"
LAVAL = "/mayenne/laval/proposer-une-initiative/"


def proposal(**extra):
    return {
        "title": "Le café des voisins",
        "summary": "Chaque samedi, un café à la médiathèque.",
        "description": "Une dizaine de bénévoles accueillent les habitants.",
        "tips": "Commencer petit.",
        "people_helped": "120",
        "hours_given": "",
        "volunteers": "12",
        "name": "Camille Martin",
        "email": "camille@example.org",
        "organisation": "Association des voisins",
        "website": "",
        **extra,
    }


def photo(kind="JPEG", size=(60, 40), name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#1f4e79").save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def post_form(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, REMOTE_ADDR="192.0.2.10")

    return post_form


def test_the_forms_are_served(client, laval_page):
    assert "Proposer une initiative" in client.get(NATIONAL).content.decode()
    body = client.get(LAVAL).content.decode()
    assert "Proposer une initiative à Laval" in body
    assert 'name="postal_code"' not in body
    assert client.get("/mayenne/nulle-part/proposer-une-initiative/").status_code == 404


def test_a_proposal_on_the_commune_page(post, client, laval_page, mayenne_referent):
    assert not InitiativeIndexPage.objects.exists()
    response = post(LAVAL, proposal(photo_1=photo(), credit_1="Mairie de Laval"))
    page = InitiativePage.objects.get()
    assert response.status_code == 302
    assert not page.live
    assert page.url_path.endswith("/mayenne/laval/initiatives/le-cafe-des-voisins/")
    assert page.get_parent().live  # the index was made for it
    assert page.revisions.count() == 1
    assert page.photos.get().credit == "Mairie de Laval"
    assert isinstance(page.current_workflow_task, DepartmentReferentTask)
    assert page.submitted_by_email == "camille@example.org"
    received = [m for m in mail.outbox if m.to == ["camille@example.org"]][0]
    assert "Bien reçue" in received.subject
    # The e-mail links to the same follow-up page (its token signed a second apart, maybe).
    emailed = re.search(
        r"http://testserver(/proposer-une-initiative/suivi/[^/\s]+/)", received.body
    )[1]
    assert emailed.split(":")[0] == response["Location"].split(":")[0]
    assert client.get(emailed).status_code == 200
    # The follow-up page: the state, no personal data.
    status = client.get(response["Location"]).content.decode()
    assert "En cours de relecture" in status
    assert "Référents du département" in status
    assert "Camille" not in status
    assert "camille@example.org" not in status


def test_a_national_proposal_finds_the_commune_by_postal_code(post, laval_page):
    response = post(NATIONAL, proposal(postal_code="53000"))
    assert response.status_code == 302
    page = InitiativePage.objects.get()
    assert page.get_parent().get_parent().specific == laval_page


def test_a_commune_not_engaged_goes_to_its_department(post, laval_page, mayenne):
    from tests.factories.territories import CommuneFactory, PostalCodeFactory

    PostalCodeFactory(code="53200", commune=CommuneFactory(name="Ampoigné", department=mayenne))
    post(NATIONAL, proposal(postal_code="53200"))
    assert (
        InitiativePage.objects.get().get_parent().get_parent().specific
        == laval_page.get_parent().specific
    )


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        (LAVAL, proposal(title=""), "Champ requis."),
        (LAVAL, proposal(email="pas-un-email"), "Saisissez une adresse e-mail valide."),
        (LAVAL, proposal(people_helped="-3"), "supérieure ou égale à 0"),
        # Past what the database holds: was a 500 (found by tests/core/test_fuzz.py).
        (LAVAL, proposal(hours_given=str(10**20)), "inférieure ou égale à 1000000"),
        (NATIONAL, proposal(volunteers=str(2**63)), "inférieure ou égale à 1000000"),
        (NATIONAL, proposal(postal_code="99999"), "99999"),
        (LAVAL, proposal(photo_1=photo()), "Indiquez qui a pris la photo."),
        (
            LAVAL,
            proposal(photo_1=photo("GIF", name="photo.gif"), credit_1="Moi"),
            "Envoyez une photo JPEG, PNG ou WebP.",
        ),
        (
            LAVAL,
            proposal(
                photo_1=SimpleUploadedFile("photo.jpg", b"not an image", "image/jpeg"),
                credit_1="Moi",
            ),
            "image",
        ),
    ],
)
def test_bad_input_creates_nothing(post, laval_page, url, data, message):
    response = post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InitiativePage.objects.exists()
    assert not WorkflowState.objects.exists()
    assert mail.outbox == []


def test_a_photo_too_large_is_refused(post, laval_page, monkeypatch):
    monkeypatch.setattr("workflows.forms.MAX_PHOTO_BYTES", 100)
    response = post(LAVAL, proposal(photo_1=photo(), credit_1="Moi"))
    assert "La photo dépasse 5 Mo." in response.content.decode()
    assert not InitiativePage.objects.exists()


def test_the_rate_limit(post, laval_page):
    for number in range(services.PROPOSALS_PER_HOUR):
        assert post(LAVAL, proposal(title=f"Initiative {number}")).status_code == 302
    response = post(LAVAL, proposal(title="Une de trop"))
    assert response.status_code == 429
    assert "réessayez plus tard" in response.content.decode()
    assert InitiativePage.objects.count() == services.PROPOSALS_PER_HOUR


def test_english_messages_under_en(post, client, laval_page):
    response = post("/en/proposer-une-initiative/", proposal(title="", postal_code="53000"))
    assert "This field is required." in response.content.decode()


def test_a_forged_status_token_is_not_found(client, db):
    assert client.get("/proposer-une-initiative/suivi/forged:token/").status_code == 404


@pytest.mark.parametrize("count", [5, 50])
def test_bounded_queries(
    client, make_initiatives, submit, laval_page, django_assert_max_num_queries, count
):
    make_initiatives(count)
    status = f"/proposer-une-initiative/suivi/{services.status_token(submit(laval_page))}/"
    for url in (NATIONAL, LAVAL, status):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
