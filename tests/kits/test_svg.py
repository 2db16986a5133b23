"""SVG logos: uploaded through the admin's image form (refused when they carry anything active),
drawn as vector paths in the kits, and never able to make the kits reach out or blow up."""

import re
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from kits import documents
from kits.content import kit_content
from kits.documents import KINDS_BY_SLUG, LocalFetcher, render
from kits.svg import UnsafeSvg, clean_svg

from .conftest import pdf_reader

# A logo in two colours that appear nowhere else in a kit: found in the PDF's drawing operators.
LOGO = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100">
  <title>Logo</title>
  <rect width="200" height="100" fill="#123456"/>
  <circle cx="50" cy="50" r="40" fill="#fedcba"/>
</svg>"""
LOGO_FILL = "0.070588 0.203922 0.337255 rg"  # #123456 as a PDF fill colour


def svg(body: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 100 100">{body}</svg>'
    ).encode()


def upload(admin_client, name, data):
    return admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Logo", "file": SimpleUploadedFile(name, data, content_type="image/svg+xml")},
    )


def image_xobjects(page) -> list:
    """The image XObjects of a PDF page, in its forms too."""
    found = []

    def walk(resources):
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.append(xobject)
            elif "/Resources" in xobject:
                walk(xobject["/Resources"])

    walk(page["/Resources"])
    return found


@pytest.fixture
def svg_logo_page(themed_laval_page, admin_client):
    """Laval with an SVG logo uploaded through the admin, and no department logo."""
    response = upload(admin_client, "logo-laval.svg", LOGO)
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Logo")
    assert image.is_svg()
    themed_laval_page.logo = image
    themed_laval_page.save()
    department = themed_laval_page.get_parent().specific
    department.logo = None
    department.save()
    return themed_laval_page


def test_an_svg_logo_is_drawn_as_vector_paths_not_an_image(svg_logo_page):
    content = kit_content(svg_logo_page)
    assert [logo.mime_type for logo in content.logos] == ["image/svg+xml"]
    for slug in ("poster-a4", "banner-print"):
        page = pdf_reader(render(KINDS_BY_SLUG[slug], content)).pages[0]
        assert image_xobjects(page) == []
        operators = page.get_contents().get_data().decode("latin-1")
        assert LOGO_FILL in operators


def test_a_raster_logo_is_still_an_image(themed_laval_page):
    page = pdf_reader(render(KINDS_BY_SLUG["poster-a4"], kit_content(themed_laval_page))).pages[0]
    assert len(image_xobjects(page)) == 2


def test_the_admin_refuses_an_svg_with_a_script_in_french(admin_client, db):
    response = upload(
        admin_client,
        "logo.svg",
        svg('<script>alert(document.cookie)</script><rect width="10" height="10"/>'),
    )
    assert response.status_code == 200
    assert "Ce fichier SVG contient des scripts" in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        '<rect width="10" height="10" onload="alert(1)"/>',
        '<image href="https://tracker.example.org/pixel.png" width="10" height="10"/>',
        '<image xlink:href="file:///etc/passwd" width="10" height="10"/>',
        '<rect width="10" height="10" fill="url(https://example.org/x.svg#g)"/>',
        "<style>@import url(https://example.org/x.css);</style>",
        '<foreignObject><iframe src="https://example.org"/></foreignObject>',
        '<a href="javascript:alert(1)"><rect width="10" height="10"/></a>',
    ],
)
def test_active_svg_content_is_removed_and_reported(body):
    cleaned = clean_svg(svg(body))
    assert cleaned.removed
    needles = (b"<script", b"onload", b"example.org", b"file:", b"javascript", b"@import")
    for needle in (*needles, b"iframe"):
        assert needle not in cleaned.data


def test_a_plain_logo_is_kept_whole():
    cleaned = clean_svg(LOGO)
    assert cleaned.removed == []
    assert b"#123456" in cleaned.data and b"circle" in cleaned.data


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>"""


def use_bomb(levels: int = 8, fan_out: int = 10) -> bytes:
    """Each level draws the previous one ten times: 10^8 shapes from 80 elements."""
    body = '<defs><rect id="l0" width="1" height="1"/>'
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(fan_out))
        body += f'<g id="l{level}">{uses}</g>'
    return svg(body + f'</defs><use href="#l{levels}"/>')


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BILLION_LAUGHS, "entités XML"),
        (EXTERNAL_ENTITY, "entités XML"),
        (use_bomb(), "trop complexe"),
        (svg('<g id="a"><use href="#a"/></g>'), "en boucle"),
        (svg('<rect width="1" height="1"/>' * 20_001), "trop complexe"),
        (b"<svg" + b" " * (3 * 1024 * 1024) + b"/>", "dépasse 2 Mo"),
        (b"not an svg at all", "pas une image SVG lisible"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"></html>', "pas une image SVG lisible"),
    ],
)
def test_unsafe_svg_is_refused_with_a_french_message(data, message, admin_client):
    with pytest.raises(UnsafeSvg, match=message):
        clean_svg(data)
    response = upload(admin_client, "logo.svg", data)
    assert response.status_code == 200
    html = response.content.decode()
    # Ours, or Wagtail's when its own reading of the file fails first.
    assert message in html or "n&#x27;est pas une image" in html
    assert not get_image_model().objects.exists()


class Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    Recorder.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_stored_svg_logo_never_makes_the_kit_reach_out(
    themed_laval_page, loopback_server, tmp_path
):
    """An SVG stored before the form checked them (or placed by other means): the kit draws its
    shapes and fetches nothing, neither from the network nor from the disk."""
    from kits.content import Logo

    secret = tmp_path / "secret.svg"
    secret.write_bytes(svg('<rect width="10" height="10" fill="#abcdef"/>'))
    hostile = svg(
        f'<image href="{loopback_server}/logo.png" width="50" height="50"/>'
        f'<image href="{secret.as_uri()}" width="50" height="50"/>'
        f'<rect width="10" height="10" fill="url({loopback_server}/x.svg#p)"/>'
        f"<style>@import url({loopback_server}/x.css);</style>"
        '<rect width="20" height="20" fill="#123456"/>'
    )
    logo = Logo("hostile.svg", "image/svg+xml", "digest", lambda: hostile)
    content = replace(kit_content(themed_laval_page), logos=[logo])
    data = render(KINDS_BY_SLUG["poster-a4"], content)
    assert Recorder.requests == []
    operators = pdf_reader(data).pages[0].get_contents().get_data().decode("latin-1")
    assert LOGO_FILL in operators  # its own shapes are drawn
    assert "0.670588 0.803922 0.937255 rg" not in operators  # not the file's (#abcdef)


def test_the_kits_fetcher_reads_only_data_and_the_kit_fonts(loopback_server):
    fetch = LocalFetcher()
    for url in (f"{loopback_server}/x.png", "file:///etc/passwd", "FILE:///etc/passwd"):
        with pytest.raises(ValueError):
            fetch(url)
    assert Recorder.requests == []
    assert fetch(documents.FONT_BOLD.as_uri()).read()[:4] == b"wOFF"
    assert fetch("data:text/plain;base64,b2s=").read() == b"ok"


def test_an_unreadable_svg_logo_is_left_out_of_the_kit(themed_laval_page):
    from kits.content import Logo

    bomb = Logo("bomb.svg", "image/svg+xml", "digest", lambda: BILLION_LAUGHS)
    content = replace(kit_content(themed_laval_page), logos=[bomb])
    page = pdf_reader(render(KINDS_BY_SLUG["poster-a4"], content)).pages[0]
    assert image_xobjects(page) == []


def test_the_commune_page_shows_its_svg_logo(svg_logo_page, client):
    """Wagtail's renditions of an SVG stay SVG: the page's header draws it."""
    response = client.get(svg_logo_page.url)
    assert response.status_code == 200
    logo = re.search(r"<img[^>]*brand__logo[^>]*>", response.content.decode()).group(0)
    assert re.search(r'src="[^"]+\.svg"', logo), logo


def test_an_svg_image_edited_without_a_new_file_is_not_read_again(admin_client, db):
    """Only a new file is checked: renaming an image stored before the checks still works."""
    assert upload(admin_client, "logo.svg", LOGO).status_code == 302
    image = get_image_model().objects.get(title="Logo")
    with image.file.storage.open(image.file.name, "wb") as handle:
        handle.write(svg("<script>alert(1)</script>"))
    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "Logo de Laval", "collection": image.collection_id},
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.title == "Logo de Laval"
    # A new file, though, is checked.
    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "Logo de Laval",
            "collection": image.collection_id,
            "file": SimpleUploadedFile("autre.svg", svg("<script>alert(1)</script>")),
        },
    )
    assert response.status_code == 200
    assert "Ce fichier SVG contient des scripts" in response.content.decode()
