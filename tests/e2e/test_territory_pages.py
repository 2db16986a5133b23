"""A visitor goes from the national home to a department and a commune, in their colours."""

import re
from dataclasses import dataclass

import pytest

from core.colours import hex_to_rgb
from demo.services import load_demo
from pages.models import CommunePage, DepartmentPage
from tests.demo.territories import create_demo_territories

# The live server's thread reads the database: the tests' data must be committed
# (transaction=True); serialized_rollback brings back the national home page of the data
# migration that the flush after each such test removes.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@dataclass(frozen=True)
class DemoSite:
    url: str
    colours: dict[str, str]  # page title -> primary colour, read before the browser opens
    laval_logo: str


def css_rgb(colour: str) -> str:
    """How the browser's computed style writes a #rrggbb colour."""
    return "rgb({}, {}, {})".format(*hex_to_rgb(colour))


def header_background(page) -> str:
    return page.locator(".site-header").evaluate(
        "header => getComputedStyle(header).backgroundColor"
    )


@pytest.fixture
def demo_site(live_server) -> DemoSite:
    create_demo_territories()
    load_demo(password="heure-civique-demo", kits_too=False)  # no poster is read here
    laval = CommunePage.objects.select_related("logo").get(commune__code="53130")
    return DemoSite(
        url=live_server.url,
        colours={
            "Mayenne": DepartmentPage.objects.get(department__code="53").primary_colour,
            "Finistère": DepartmentPage.objects.get(department__code="29").primary_colour,
            "Laval": laval.primary_colour,
        },
        laval_logo=laval.logo.file.name.rsplit("/", 1)[-1].split("_")[0].split(".")[0],
    )


def test_visitor_follows_links_from_home_to_commune_in_its_colours(demo_site, page, screenshots):
    page.goto(demo_site.url + "/")
    page.locator(".territory-list a", has_text="Mayenne").click()
    page.wait_for_url(re.compile(r"/mayenne/$"))
    assert header_background(page) == css_rgb(demo_site.colours["Mayenne"])

    page.locator(".territory-list a", has_text=re.compile(r"^\s*Laval\s*$")).click()
    page.wait_for_url(re.compile(r"/mayenne/laval/$"))

    assert page.locator("h1").inner_text() == "Laval"
    assert header_background(page) == css_rgb(demo_site.colours["Laval"])
    assert header_background(page) != css_rgb(demo_site.colours["Mayenne"])
    logo = page.locator(".site-header img.brand__logo")
    assert f"/{demo_site.laval_logo}" in logo.get_attribute("src")
    # The generated logo was served and decoded, not a broken image.
    assert logo.evaluate("image => image.complete && image.naturalWidth") > 0
    page.screenshot(path=screenshots / "laval.png", full_page=True)


def test_commune_without_colours_is_drawn_in_its_departments(demo_site, page, screenshots):
    page.goto(demo_site.url + "/finistere/morlaix/")

    assert page.locator("h1").inner_text() == "Morlaix"
    assert header_background(page) == css_rgb(demo_site.colours["Finistère"])
    page.screenshot(path=screenshots / "morlaix.png", full_page=True)
