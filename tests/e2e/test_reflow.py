"""WCAG 1.4.10 (Reflow): no public page of the demo scrolls sideways, from a 320 px phone to a
1366 px laptop. One demo load and one browser for all of them."""

import pytest

from .public_pages import WIDTHS, demo_public_pages

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The page's width, and what sticks out past the viewport's right edge (to say what to fix).
MEASURE = """() => {
    const width = document.documentElement.scrollWidth;
    const overflowing = [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5)
        .map((element) => element.tagName.toLowerCase()
            + (element.className && typeof element.className === "string"
                ? "." + element.className.trim().split(/\\s+/).join(".") : ""));
    return {width, viewport: window.innerWidth, overflowing};
}"""


@pytest.fixture
def public_pages(live_server) -> dict[str, str]:
    return {name: live_server.url + path for name, path in demo_public_pages().items()}


def test_no_public_page_is_wider_than_the_viewport(public_pages, page):
    problems = []
    for name, url in public_pages.items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(url)
            # The page itself, not an error page in its place (an expired link, a 404).
            expected = 404 if name.startswith("not found") else 200
            if response.status != expected:
                problems.append(f"{name} ({url}) answered {response.status}, not {expected}")
            measure = page.evaluate(MEASURE)
            if measure["width"] > measure["viewport"]:
                problems.append(
                    f"{name} ({url}) at {width} px: {measure['width']} px wide;"
                    f" past the edge: {', '.join(measure['overflowing'])}"
                )
    assert not problems, "\n".join(problems)
