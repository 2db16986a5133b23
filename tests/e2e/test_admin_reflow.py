"""WCAG 1.4.10 (Reflow) in the admin: at 320 px the lists of mailings, tickets and prospected
communes are read row by row, each cell under its column's name, and none of them makes the
page scroll sideways (issue 22's review). A superuser sees the three lists."""

import pytest
from django.contrib.auth import get_user_model

from mailings.models import Mailing
from onboarding import services as onboarding
from support.models import Audience, Ticket
from tests.conftest import PASSWORD
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The table's right edge, the page's width and what sticks out past the viewport (to fix).
MEASURE = """() => {
    const table = document.querySelector("table.reflow");
    // The column names' row is visually hidden (clipped) on a narrow screen: not drawn.
    const overflowing = [...document.querySelectorAll("table.reflow tbody *")]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5)
        .map((element) => element.tagName.toLowerCase() + " " + element.textContent.slice(0, 30));
    return {
        table: table.getBoundingClientRect().right,
        scroll: table.closest("main, body").scrollWidth,
        viewport: window.innerWidth,
        overflowing,
        label: getComputedStyle(table.querySelector("tbody td"), "::before").content,
    };
}"""


@pytest.fixture
def admin_lists(live_server, home_page):
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    ernee = CommuneFactory(
        code="53096", name="Ernée-sur-un-nom-de-commune-très-long", slug="ernee", department=mayenne
    )
    PostalCodeFactory(code="53500", commune=ernee)
    onboarding.onboard_commune("53130")
    Mailing.objects.create(
        commune=laval,
        subject="Les nouvelles de Laval pour le mois de décembre et la fête des voisins",
        body="<p>Bonjour</p>",
    )
    Ticket.objects.create(
        name="Jeanne",
        email="jeanne@exemple.invalid",
        audience=Audience.VOLUNTEERS,
        subject="Une question assez longue sur la façon de s'inscrire à une action",
        message="Comment ?",
        routed_commune=laval,
        routed_department=mayenne,
    )
    get_user_model().objects.create_superuser("admin-reflow", "admin@exemple.invalid", PASSWORD)
    return live_server.url


def test_the_admin_lists_reflow_at_320_px(admin_lists, log_into_admin, page, screenshots):
    base = admin_lists
    log_into_admin(page, "admin-reflow")
    page.set_viewport_size({"width": 320, "height": 800})
    problems = []
    for name, path in [
        ("mailings", "/admin/envois/"),
        ("tickets", "/admin/assistance/"),
        ("prospecting", "/admin/prospection/53/"),
    ]:
        page.goto(base + path)
        measure = page.evaluate(MEASURE)
        page.screenshot(path=screenshots / f"admin-reflow-{name}.png", full_page=True)
        if measure["table"] > measure["viewport"] + 0.5 or measure["overflowing"]:
            problems.append(f"{name}: {measure}")
        if "data-label" in measure["label"] or measure["label"] in ("none", "normal", ""):
            problems.append(f"{name}: no column name before its cells ({measure['label']})")
    assert not problems, "\n".join(problems)
