"""Files on object storage (issue 15): with a bucket named, an uploaded logo, its renditions
and the generated kits are written to the bucket and served from it, nothing to the local
disk; the bucket stays private; /health/ checks it. Against a real S3-compatible server on
loopback (tests/s3.py: moto's server mode, spoken to over HTTP by django-storages and boto3)."""

import io
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from kits.models import KitDocument
from pages.models import CommunePage

from .conftest import decode_qr_codes, pdf_reader, pdf_text, size_mm

PRESS = "/mayenne/laval/presse/"


def png(width: int, height: int, colour: str) -> bytes:
    output = io.BytesIO()
    PillowImage.new("RGB", (width, height), colour).save(output, format="PNG")
    return output.getvalue()


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200
        return response.read()


def download(client, url):
    """A kit download in the bucket: Django redirects to the object's signed address, and the
    bucket sends the file (under the name the address asks for)."""
    response = client.get(url)
    if response.status_code == 302:
        return fetch(response["Location"]), response
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content), response


def fetch_with_headers(url: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200
        return response.read(), {key.lower(): value for key, value in response.headers.items()}


def nothing_on_disk(settings) -> bool:
    return not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))


def test_a_logo_uploaded_in_the_admin_is_stored_in_the_bucket_and_served_from_it(
    s3_bucket, admin_client, settings
):
    logo = png(400, 200, "#8a1538")
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Logo de Laval", "file": SimpleUploadedFile("logo.png", logo, "image/png")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Logo de Laval")
    assert (image.width, image.height) == (400, 200)  # read back from the bucket
    assert image.file.name in s3_bucket.objects()
    assert s3_bucket.read(image.file.name) == logo

    # A rendition is made from the bucket's original, stored there, and its address is the
    # bucket's, signed: the browser fetches it there, not from a web node.
    rendition = image.get_rendition("fill-100x50")
    assert rendition.file.name in s3_bucket.objects()
    url = rendition.url
    assert url.startswith(f"{s3_bucket.endpoint}/{s3_bucket.name}/")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=86400" in url
    served = fetch(url)
    assert served == s3_bucket.read(rendition.file.name)
    assert PillowImage.open(io.BytesIO(served)).size == (100, 50)

    # Two uploads of the same file name are two objects, the first one untouched.
    admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Autre logo", "file": SimpleUploadedFile("logo.png", png(80, 80, "#000000"))},
    )
    other = get_image_model().objects.get(title="Autre logo")
    assert other.file.name != image.file.name
    assert s3_bucket.read(image.file.name) == logo

    # Private: no object grants anything to anyone but the bucket's owner.
    for key in s3_bucket.objects():
        grants = s3_bucket.client.get_object_acl(Bucket=s3_bucket.name, Key=key)["Grants"]
        assert {grant["Permission"] for grant in grants} == {"FULL_CONTROL"}
        assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)
    assert nothing_on_disk(settings)


@pytest.fixture
def laval_on_the_bucket(s3_bucket, themed_laval_page):
    """Laval and Mayenne, their logos uploaded to the bucket (the bucket fixture comes first)."""
    assert themed_laval_page.logo.file.name in s3_bucket.objects()
    return themed_laval_page


def test_a_kit_is_built_from_the_bucket_written_to_it_and_served_from_it(
    s3_bucket,
    laval_on_the_bucket,
    client,
    settings,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    data, response = download(client, PRESS + "affiche-a4.pdf")
    document = KitDocument.objects.get(page=laval_on_the_bucket, kind="poster-a4")
    assert document.file.name.startswith(f"kits/{laval_on_the_bucket.pk}/affiche-a4-")
    assert s3_bucket.read(document.file.name) == data  # what the view served is the object
    assert document.size == len(data)
    assert response["ETag"] == f'"{document.fingerprint}"'
    assert size_mm(pdf_reader(data).pages[0].mediabox) == (210, 297)
    assert "Laval" in pdf_text(data)
    assert decode_qr_codes(data) == ["http://testserver/mayenne/laval/je-participe/"]
    # The logo was read from the bucket and drawn: the PDF carries an image.
    assert any(
        "/Image" in str(xobject.get_object().get("/Subtype"))
        for xobject in (pdf_reader(data).pages[0]["/Resources"].get("/XObject") or {}).values()
    )
    # Every document of the kit is in the bucket, and nothing on the disk.
    kit_keys = [key for key in s3_bucket.objects() if key.startswith("kits/")]
    assert len(kit_keys) == KitDocument.objects.filter(page=laval_on_the_bucket).count() == 8
    assert nothing_on_disk(settings)

    # Served again from the bucket, unchanged, in at most 3 queries: a redirect to the object's
    # signed address, which expires soon; the bucket answers with the file's name.
    with django_assert_max_num_queries(3):
        response = client.get(PRESS + "affiche-a4.pdf")
    assert response.status_code == 302 and response["ETag"] == f'"{document.fingerprint}"'
    location = response["Location"]
    assert location.startswith(f"{s3_bucket.endpoint}/{s3_bucket.name}/{document.file.name}?")
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=900" in location
    assert response["Cache-Control"] == "no-store"
    again, headers = fetch_with_headers(location)
    assert again == data
    assert headers["content-disposition"] == 'attachment; filename="laval-affiche-a4.pdf"'
    assert headers["content-type"] == "application/pdf"
    unsigned = location.split("?", 1)[0]
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(unsigned, timeout=5)  # the bucket stays private
    # 304 when the browser has it, without a new address
    response = client.get(PRESS + "affiche-a4.pdf", HTTP_IF_NONE_MATCH=f'"{document.fingerprint}"')
    assert response.status_code == 304 and "Location" not in response

    # A new colour: the new poster replaces the old object, which is deleted.
    page = CommunePage.objects.get(pk=laval_on_the_bucket.pk)
    page.primary_colour = "#1d4f91"
    page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        new, response = download(client, PRESS + "affiche-a4.pdf")
    rebuilt = KitDocument.objects.get(pk=document.pk)
    assert new != data and response["ETag"] == f'"{rebuilt.fingerprint}"'
    assert s3_bucket.read(rebuilt.file.name) == new
    assert document.file.name not in s3_bucket.objects()
    assert len([key for key in s3_bucket.objects() if key.startswith("kits/")]) == 8


def test_the_share_image_is_served_from_the_bucket(s3_bucket, laval_on_the_bucket, client):
    data, response = download(client, PRESS + "partage.png")  # the first, once built
    response = client.get(PRESS + "partage.png")
    assert response.status_code == 302
    data, headers = fetch_with_headers(response["Location"])
    assert headers["content-type"] == "image/png"
    assert headers["content-disposition"] == 'inline; filename="laval-partage.png"'
    document = KitDocument.objects.get(page=laval_on_the_bucket, kind="share-image")
    assert s3_bucket.read(document.file.name) == data
    assert data.startswith(b"\x89PNG")


def test_health_checks_the_bucket(s3_bucket, client, settings):
    response = client.get("/health/?only=storage")
    assert response.status_code == 200
    assert response.json()["checks"]["storage"]["ok"] is True
    assert s3_bucket.objects() == []  # its test object deleted

    # A bucket that is not there: 503, naming neither the bucket nor the server.
    default = settings.STORAGES["default"]
    missing = {**default, "OPTIONS": {**default["OPTIONS"], "bucket_name": "hc-not-there"}}
    settings.STORAGES = {**settings.STORAGES, "default": missing}
    response = client.get("/health/?only=storage")
    assert response.status_code == 503
    storage = response.json()["checks"]["storage"]
    assert storage["ok"] is False and storage["error"] in {"NoSuchBucket", "ClientError"}
    body = response.content.decode()
    assert "hc-not-there" not in body and "127.0.0.1" not in body


def test_a_document_is_stored_in_the_bucket_and_streamed_after_its_privacy_check(
    s3_bucket, client, administrator
):
    content = b"%PDF-1.4\n% charte des benevoles\n%%EOF\n"
    document = get_document_model().objects.create(
        title="Charte", file=ContentFile(content, name="charte.pdf")
    )
    assert s3_bucket.read(document.file.name) == content
    response = client.get(document.url)
    assert response.status_code == 200  # streamed by Django, not a redirect to the bucket
    assert b"".join(response.streaming_content) == content

    # In a collection for signed-in people only: no file, no address of the bucket.
    private = Collection.get_first_root_node().add_child(name="Réservé aux référents")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document.collection = private
    document.save()
    response = client.get(document.url)
    assert response.status_code == 302
    assert s3_bucket.endpoint not in response["Location"]
    client.force_login(administrator)
    response = client.get(document.url)
    assert b"".join(response.streaming_content) == content


def test_the_content_security_policy_lets_pages_show_the_buckets_images(db, s3_bucket, client):
    """The renditions' signed addresses are the bucket's: without its origin in img-src, the
    browser would refuse every image of the site (core/headers.py)."""
    policy = client.get("/")["Content-Security-Policy"]
    img_src = next(part.split()[1:] for part in policy.split("; ") if part.startswith("img-src"))
    assert img_src == ["'self'", "data:", s3_bucket.endpoint]
    assert "script-src 'self';" in policy  # nothing else gains from it


def test_the_admins_preview_is_streamed_the_public_download_redirected(
    s3_bucket, laval_on_the_bucket, themed_laval_editor, client
):
    """The admin shows a preview in its own page (an <object>): streamed by Django, not sent
    to the bucket's origin; the public address redirects there."""
    from .test_freshness import PDF, stored

    document = stored(laval_on_the_bucket)
    assert s3_bucket.read(document.file.name) == PDF
    assert client.get(PRESS + "affiche-a4.pdf").status_code == 302
    client.force_login(themed_laval_editor)
    response = client.get(reverse("kits_admin_file", args=[laval_on_the_bucket.pk, "poster-a4"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["ETag"] == f'"{document.fingerprint}"'
