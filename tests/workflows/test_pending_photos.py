"""Nothing of a public submission is public before moderation (issue 14): its photo is in no
API, at no public address (nor its renditions), in the private collection; its reviewers see it
through the admin's view, nobody else; approved, it becomes public in the territory's
collection; deleted with its submission, its file goes too. On a bucket, the private object is
not readable without a signature."""

import urllib.error
import urllib.request
from importlib import import_module

import pytest
from django.core.files.storage import default_storage
from django.test import RequestFactory
from django.urls import reverse
from wagtail.images import get_image_model

from core.privatemedia import rendition_name
from onboarding import roles
from onboarding.models import TerritoryCollection, TerritoryGroup
from pages.models import InitiativePage
from tests.conftest import member_of
from tests.s3 import s3_bucket, s3_server  # noqa: F401 (fixtures)
from tests.workflows.test_public_form import photo, proposal
from workflows.photos import PENDING_COLLECTION

LAVAL_FORM = "/mayenne/laval/proposer-une-initiative/"
TITLE = "Le café des voisins"


@pytest.fixture
def proposed(client, laval_page, mayenne_referent, django_capture_on_commit_callbacks):
    """An anonymous proposal on Laval's form, with a photo: the page and its image."""
    upload = photo()
    sent = upload.read()
    upload.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LAVAL_FORM,
            proposal(photo_1=upload, credit_1="Mairie de Laval"),
            REMOTE_ADDR="192.0.2.10",
        )
    assert response.status_code == 302
    page = InitiativePage.objects.get()
    image = page.photos.get().image
    image.sent = sent
    return page, image


def photo_url(image) -> str:
    return reverse("workflows_pending_photo", args=[image.pk])


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_pending_photo_is_in_no_api_nor_at_a_public_address(client, proposed):
    page, image = proposed
    assert not page.live
    # Stored privately, in the private collection, not in Laval's.
    assert image.file.name.startswith("private/submissions/pending-")
    assert image.collection.name == PENDING_COLLECTION
    assert not image.file.url.startswith("/media/original_images/")
    assert client.get(image.file.url).status_code == 404

    listing = client.get("/api/v2/images/?fields=*")
    assert listing.status_code == 200
    assert image.pk not in [item["id"] for item in listing.json()["items"]]
    assert TITLE not in listing.content.decode()
    assert client.get(f"/api/v2/images/{image.pk}/").status_code == 404
    pages = client.get("/api/v2/pages/?type=pages.InitiativePage&fields=*").json()
    assert pages["items"] == []
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404

    # A rendition made of it (a thumbnail, a preview) is kept privately too.
    rendition = image.get_rendition("fill-400x250")
    assert rendition.file.name.startswith("private/renditions/pending-")
    assert rendition.url.startswith("/media/private/")
    assert not rendition.url.startswith("/media/images/")
    assert default_storage.exists(rendition.file.name)
    assert client.get(rendition.url).status_code == 404


def test_only_the_renditions_of_a_private_original_are_kept_privately():
    for pending in (
        "images/pending-0123456789abcdef01234567.2e16d0ba.fill-400x250.jpg",
        "images/pending-0123.2e16d0ba.fill-400x250-c100.format-webp.webp",  # its name cut short
        "images/pend.2e16d0ba.fill-1200x630-c100.format-webp.webpquality-80.webp",
    ):
        assert rendition_name(pending) == pending.replace("images/", "private/renditions/")
    for public in (
        "images/pending-photo.fill-400x250.jpg",
        "images/affiche.max-165x165.png",
        "images/photo-pending-0123.max-165x165.png",
    ):
        assert rendition_name(public) == public


def test_its_reviewers_see_it_through_the_admin(
    client,
    proposed,
    mayenne_referent,
    moderator,
    administrator,
    laval_editor,
    django_assert_max_num_queries,
):
    page, image = proposed
    # Its reviewers, and the editors of its territory, who open its draft in the editor anyway.
    for user in (mayenne_referent, moderator, administrator, laval_editor):
        client.force_login(user)
        with django_assert_max_num_queries(20):
            response = client.get(photo_url(image))
        assert response.status_code == 200, user
        assert response["Content-Type"] == "image/jpeg"
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
        assert body_of(response) == image.sent
    # The editor's chooser shows it from there, not from a rendition at a public address.
    client.force_login(moderator)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    html = edit.content.decode()
    assert photo_url(image) in html
    assert "/media/images/" not in html
    # And so does the preview of the draft.
    request = RequestFactory().get(page.url_path)
    request.user = moderator
    preview = page.specific.make_preview_request(request)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert f'src="{photo_url(image)}"' in html
    assert "/media/" not in html
    assert not image.renditions.exists()


def test_nobody_else_sees_it(client, proposed, quimper, finistere_referent):
    _, image = proposed
    url = photo_url(image)
    response = client.get(url)  # anonymous: the admin's log-in, no photo
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    quimper_editor = member_of(roles.group_of(quimper, TerritoryGroup.Role.EDITORS), "ed-quimper")
    for user in (quimper_editor, finistere_referent):
        client.force_login(user)
        assert client.get(url).status_code == 404
    # Nor an image that is no pending photo, nor one that does not exist.
    client.force_login(finistere_referent)
    assert client.get(reverse("workflows_pending_photo", args=[image.pk + 1000])).status_code == 404


def test_approved_it_becomes_public_in_the_territory_collection(
    client, proposed, act, laval, mayenne_referent, moderator, django_capture_on_commit_callbacks
):
    page, image = proposed
    sent, private = image.sent, image.file.name
    rendition = image.get_rendition("fill-400x250").file.name
    page = act(page, mayenne_referent)
    page = act(page, moderator)
    assert page.live

    image = get_image_model().objects.get(pk=image.pk)
    assert image.file.name.startswith("original_images/")
    assert image.collection == TerritoryCollection.objects.get(commune=laval).collection
    with image.open_file() as file:
        assert file.read() == sent
    assert not default_storage.exists(private)
    assert not default_storage.exists(rendition)
    assert image.get_rendition("fill-400x250").file.name.startswith("images/")

    listing = client.get("/api/v2/images/?fields=*").json()
    assert image.pk in [item["id"] for item in listing["items"]]
    pages = client.get("/api/v2/pages/?type=pages.InitiativePage&fields=*").json()
    assert pages["items"][0]["photos"][0]["image"]["id"] == image.pk
    client.force_login(moderator)
    assert client.get(photo_url(image)).status_code == 404  # public now: no private view


def test_changes_requested_keep_it_private_for_the_resubmission(proposed, act, mayenne_referent):
    page, image = proposed
    act(page, mayenne_referent, action="reject", comment="Précisez le lieu.")
    image = get_image_model().objects.get(pk=image.pk)
    assert image.file.name.startswith("private/")
    assert default_storage.exists(image.file.name)


def test_a_submission_deleted_takes_its_photo_file_and_renditions(
    proposed, django_capture_on_commit_callbacks
):
    page, image = proposed
    private = image.file.name
    rendition = image.get_rendition("fill-400x250").file.name
    assert default_storage.exists(private)
    with django_capture_on_commit_callbacks(execute=True):
        InitiativePage.objects.get(pk=page.pk).delete()
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert not default_storage.exists(private)
    assert not default_storage.exists(rendition)


def test_on_a_bucket_the_pending_photo_is_not_readable_anonymously(
    s3_bucket,  # noqa: F811
    client,
    proposed,
    act,
    mayenne_referent,
    moderator,
):
    page, image = proposed
    key = image.file.name
    assert key.startswith("private/submissions/") and key in s3_bucket.objects()
    assert s3_bucket.read(key) == image.sent
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_bucket.endpoint}/{s3_bucket.name}/{key}", timeout=5)
    assert refused.value.code == 403
    client.force_login(moderator)
    assert body_of(client.get(photo_url(image))) == image.sent
    # Approved, it is copied to its public name, and the private object deleted.
    act(act(page, mayenne_referent), moderator)
    image = get_image_model().objects.get(pk=image.pk)
    assert image.file.name.startswith("original_images/")
    assert [k for k in s3_bucket.objects() if k.startswith("private/")] == []


def test_the_photos_of_submissions_waiting_before_this_release_are_hidden(
    laval_page, laval, administrator
):
    from django.apps import apps

    from pages.models import InitiativePhoto
    from tests.factories.pages import ImageFactory
    from workflows import services

    hide = import_module(
        "workflows.migrations.0005_hide_photos_submitted_before_moderation"
    ).hide_pending_photos
    public_collection = TerritoryCollection.objects.get(commune=laval).collection
    index = services.initiatives_index_of(laval_page, create=True)

    def initiative(title, image, **fields):
        page = InitiativePage(title=title, summary="x", **fields)
        page.photos.add(InitiativePhoto(image=image, credit="Mairie"))
        return index.add_child(instance=page)

    sent = ImageFactory(collection=public_collection)  # as the public form stored it then
    initiative("Proposée", sent, live=False, submitted_by_email="camille@example.org")
    rendition = sent.get_rendition("fill-400x250").file.name
    logo = ImageFactory(collection=public_collection, uploaded_by_user=administrator)
    initiative("Brouillon d'un éditeur", logo, live=False, submitted_by_email="x@example.org")
    shared = ImageFactory(collection=public_collection)
    initiative("Proposée aussi", shared, live=False, submitted_by_email="camille@example.org")
    initiative("Publiée", shared)
    before = {image.pk: image.file.name for image in (sent, logo, shared)}

    hide(apps, None)

    sent.refresh_from_db()
    assert sent.file.name.startswith("private/submissions/pending-")
    assert sent.collection.name == PENDING_COLLECTION
    assert default_storage.exists(sent.file.name)
    assert not default_storage.exists(before[sent.pk])
    assert not default_storage.exists(rendition) and not sent.renditions.exists()
    for image in (logo, shared):  # uploaded in the admin, or shown by a live page: left alone
        image.refresh_from_db()
        assert image.file.name == before[image.pk]
        assert image.collection == public_collection
    hide(apps, None)  # run again: nothing more to do
    sent.refresh_from_db()
    assert sent.file.name.startswith("private/submissions/pending-")
