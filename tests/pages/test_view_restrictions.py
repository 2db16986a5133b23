"""A page behind a view restriction (log-in, password or groups) never shows through a listing
to an anonymous visitor: not its title on the territories' pages, the news and initiatives
indexes, the agendas, the API (listing and search), the feeds, the site map, the footer, nor on
a kit (issue 14). Before the restriction, each of these surfaces shows it: the test would fail
without the rule."""

import pytest
from wagtail.models import PageViewRestriction

from kits.content import kit_content
from pages.models import SitemapPage, StandardPage
from tests.factories.pages import (
    ActionPageFactory,
    CommunePageFactory,
    InitiativeIndexPageFactory,
    InitiativePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.factories.territories import CommuneFactory

from .test_legal import add_sitemap

# A word found nowhere else in the tree, in every title below (ASCII: the same bytes in HTML,
# JSON and iCalendar).
WORD = "Quokka"

# Every public surface an anonymous visitor reads, by name: an address, or the kit's content.
SURFACES = {
    "home page": "/",
    "department page": "/mayenne/",
    "commune page": "/mayenne/laval/",
    "news index": "/mayenne/laval/actualites/",
    "initiatives index": "/mayenne/laval/initiatives/",
    "national agenda": "/actions/",
    "department agenda": "/mayenne/actions/",
    "commune agenda": "/mayenne/laval/actions/",
    "pages API": "/api/v2/pages/?order=-id&limit=100",
    "pages API search": f"/api/v2/pages/?search={WORD.lower()}",
    "actions API": "/api/v2/actions/",
    "national feed": "/agenda.ics",
    "commune feed": "/mayenne/laval/agenda.ics",
    "site map": "/plan-du-site/",
    # Each site's XML sitemap (pages/sitemaps.py) lists addresses: the word is in their slugs.
    "sitemap.xml": "/sitemap.xml",
    "kit": None,
}

# Where each kind of page shows before it is restricted.
API = {"pages API", "pages API search"}
TERRITORIES = {"home page", "department page", "commune page", "sitemap.xml"}
AGENDAS = {"national agenda", "department agenda", "commune agenda"}
FEEDS = {"national feed", "commune feed"}
SHOWN_IN = {
    "news": TERRITORIES | API | {"news index"},
    "action": TERRITORIES | API | AGENDAS | FEEDS | {"actions API", "kit"},
    "initiative": TERRITORIES | API | {"initiatives index"},
    "commune": API | {"department page", "department agenda", "site map", "sitemap.xml"},
}


@pytest.fixture
def tree(agenda_tree, home_page):
    """Laval (with its agenda, news and initiatives pages) under Mayenne, and the site map."""
    laval_page = agenda_tree["themed_laval_page"]
    add_sitemap(home_page)
    return {
        "laval": laval_page,
        "agenda": agenda_tree["laval"],
        "news index": NewsIndexPageFactory(parent=laval_page),
        "initiatives index": InitiativeIndexPageFactory(parent=laval_page),
    }


def add_target(kind: str, tree, mayenne):
    title = {
        "news": f"{WORD} au jardin partagé",
        "action": f"{WORD} range la bibliothèque",
        "initiative": f"{WORD} porte les courses",
        "commune": f"{WORD}-les-Bains",
    }[kind]
    if kind == "news":
        return NewsPageFactory(parent=tree["news index"], title=title)
    if kind == "action":
        return ActionPageFactory(parent=tree["agenda"], title=title)
    if kind == "initiative":
        return InitiativePageFactory(parent=tree["initiatives index"], title=title)
    commune = CommuneFactory(code="53998", name=title, slug="quokka-les-bains", department=mayenne)
    return CommunePageFactory(commune=commune)


def restrict(page, restriction_type: str) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password="mot-de-passe-du-club"
    )
    if restriction_type == PageViewRestriction.GROUPS:
        from django.contrib.auth.models import Group

        restriction.groups.add(Group.objects.create(name="Club des voisins"))
    return restriction


def surfaces_showing(client, tree) -> set[str]:
    shown = set()
    for name, url in SURFACES.items():
        if url is None:
            text = repr(kit_content(tree["laval"]))
        else:
            response = client.get(url)
            assert response.status_code == 200, (name, response.status_code)
            text = response.content.decode()
        if WORD in text or (name == "sitemap.xml" and WORD.lower() in text):
            shown.add(name)
    return shown


@pytest.mark.parametrize(
    "restriction_type",
    [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS],
)
@pytest.mark.parametrize("kind", ["news", "action", "initiative", "commune"])
def test_a_restricted_page_leaves_every_public_listing(
    client, tree, mayenne, kind, restriction_type
):
    target = add_target(kind, tree, mayenne)
    assert surfaces_showing(client, tree) == SHOWN_IN[kind]

    restrict(target, restriction_type)

    assert surfaces_showing(client, tree) == set()


def test_a_restricted_section_hides_what_is_below_it(client, tree):
    """A restriction on the news index hides its news from the commune, department and home
    pages, as Wagtail's rules hide them from a visitor."""
    NewsPageFactory(parent=tree["news index"], title=f"{WORD} au marché")
    assert WORD in client.get("/").content.decode()

    restrict(tree["news index"], PageViewRestriction.LOGIN)

    for url in ("/", "/mayenne/", "/mayenne/laval/"):
        assert WORD not in client.get(url).content.decode(), url


def test_removing_the_restriction_lists_the_page_again(client, tree, mayenne):
    target = add_target("action", tree, mayenne)
    restriction = restrict(target, PageViewRestriction.LOGIN)
    assert WORD not in client.get("/mayenne/laval/agenda.ics").content.decode()

    restriction.delete()

    assert WORD in client.get("/mayenne/laval/agenda.ics").content.decode()
    assert WORD in client.get("/mayenne/laval/").content.decode()


def test_the_footer_links_no_restricted_page(client, tree, home_page):
    """The footer's national pages and its link to the site map, read from a cache, drop a
    page the moment it is restricted."""
    about = StandardPage(title=f"{WORD} : qui sommes-nous", slug="a-propos", kind="about")
    home_page.add_child(instance=about)
    about.save_revision().publish()
    before = client.get("/mayenne/").content.decode()
    assert WORD in before and 'href="/plan-du-site/"' in before

    restrict(about, PageViewRestriction.LOGIN)
    restrict(SitemapPage.objects.get(), PageViewRestriction.PASSWORD)

    after = client.get("/mayenne/").content.decode()
    assert WORD not in after and 'href="/plan-du-site/"' not in after


COMMUNE_VIEWS = [
    "/mayenne/quokka-les-bains/je-participe/",
    "/mayenne/quokka-les-bains/presse/",
    "/mayenne/quokka-les-bains/proposer-une-initiative/",
]


def test_a_restricted_commune_has_no_public_form_nor_press_page(client, tree, mayenne):
    """The commune's own sign-up, press page and initiative form, found by its path, name it:
    behind a restriction they answer 404, as an unknown commune's do."""
    target = add_target("commune", tree, mayenne)
    for url in COMMUNE_VIEWS:
        response = client.get(url)
        assert response.status_code == 200 and WORD in response.content.decode(), url

    restrict(target, PageViewRestriction.LOGIN)

    for url in COMMUNE_VIEWS:
        response = client.get(url)
        assert response.status_code == 404 and WORD not in response.content.decode(), url
