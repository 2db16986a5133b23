"""A visitor switches Laval's page to English with the keyboard and reads its agenda in
English; the English page passes axe-core; a page missing in English leads to the French one
with a note in English."""

import re

import pytest

from demo.services import load_demo
from tests.demo.territories import create_demo_territories
from tests.e2e.test_axe import AXE, RUN_AXE

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_site(live_server) -> str:
    create_demo_territories()
    # On the national site only: the live server is not on the demo sites' port.
    load_demo(password="heure-civique-demo", kits_too=False, translations_too=True, sites_too=False)
    return live_server.url


def test_switch_laval_to_english_and_read_its_agenda(demo_site, page, screenshots):
    page.context.add_init_script(path=str(AXE))
    page.goto(demo_site + "/mayenne/laval/")
    switcher = page.locator(".language-switcher a", has_text="English")
    assert switcher.get_attribute("lang") == "en"
    assert switcher.get_attribute("hreflang") == "en"
    switcher.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/mayenne/laval/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Laval"
    assert "works with the neighbourhood centres" in page.locator("main").inner_text()
    assert page.evaluate(RUN_AXE) == []

    page.locator(".main-menu a", has_text="Agenda").click()
    page.wait_for_url(re.compile(r"/en/mayenne/laval/actions/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    main = page.locator("main").inner_text()
    assert "Knitting café" in main
    assert "Café-tricot" not in main
    page.screenshot(path=screenshots / "laval-agenda-en.png", full_page=True)

    # Back to French from the switcher.
    page.locator(".language-switcher a", has_text="Français").click()
    page.wait_for_url(re.compile(r"/mayenne/laval/actions/$"))
    assert page.locator("html").get_attribute("lang") == "fr"


def test_a_page_missing_in_english_says_so_in_english(demo_site, page):
    page.goto(demo_site + "/en/mayenne/chateau-gontier-sur-mayenne/")
    page.wait_for_url(re.compile(r"/mayenne/chateau-gontier-sur-mayenne/\?langue=en$"))
    note = page.locator(".language-note")
    assert note.get_attribute("lang") == "en"
    assert "does not exist in English" in note.inner_text()
