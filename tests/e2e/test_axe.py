"""axe-core, WCAG 2.1 A and AA, over every public template of the demo on a phone and a laptop:
no violation. Its best practices too: they hold the heading order and the landmarks' names,
which a screen reader's user navigates by. One demo load and one browser for all of them.

axe-core is the project's one npm package (package.json): `make test-e2e` installs it."""

from pathlib import Path

import pytest
from django.conf import settings

from .public_pages import demo_public_pages

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (390, 1366)
RUN_AXE = """async () => {
    const results = await axe.run(document, {
        runOnly: {
            type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
        },
    });
    return results.violations.map((violation) => ({
        id: violation.id,
        help: violation.help,
        targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
}"""


@pytest.fixture
def public_pages(live_server) -> dict[str, str]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (or `make test-e2e`) at the project's root.")
    return {name: live_server.url + path for name, path in demo_public_pages().items()}


def test_axe_finds_no_violation_on_any_public_page(public_pages, page):
    page.context.add_init_script(path=str(AXE))
    found = []
    for name, url in public_pages.items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            for violation in page.evaluate(RUN_AXE):
                found.append(
                    f"{name} ({url}) at {width} px: {violation['id']} ({violation['help']}):"
                    f" {'; '.join(violation['targets'])}"
                )
    assert not found, "\n".join(found)
