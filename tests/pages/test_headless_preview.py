"""Editors preview a draft in a front end on another site (pages/headless.py): Wagtail's
preview panel opens the front end's preview address of the page's site, and the front end reads
the draft from /api/v2/preview/ with the token it was given. The draft is never served by the
public API (pages listing, find, detail), nor without its token, nor cached."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from pages.headless import MODE
from pages.models import StandardPage
from tests.factories.pages import StandardPageFactory

pytestmark = pytest.mark.django_db

FRONT_END = "https://front.example.org/apercu/"
MAYENNE_FRONT_END = "https://www.mayenne.example.org/apercu/"


@pytest.fixture
def front_ends(settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        "CLIENT_URLS": {
            "default": FRONT_END,
            "heurecivique.mayenne.example.org": MAYENNE_FRONT_END,
        },
        "REDIRECT_ON_PREVIEW": True,
    }


def form(title: str, slug: str) -> dict:
    return nested_form_data(
        {"title": title, "slug": slug, "intro": "Brouillon secret", "body": streamfield([])}
    )


def preview_in_the_front_end(admin_client, url: str, data: dict) -> tuple[str, dict]:
    """What the editor's preview panel does: the form posted, then the preview in the front
    end's mode, which redirects to the front end. Its address and query."""
    posted = admin_client.post(url, data)
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content
    shown = admin_client.get(url, {"mode": MODE})
    assert shown.status_code == 302
    address = urlsplit(shown["Location"])
    return f"{address.scheme}://{address.netloc}{address.path}", {
        name: values[0] for name, values in parse_qs(address.query).items()
    }


def test_a_draft_previewed_in_the_front_end_is_never_public(
    admin_client, client, front_ends, home_page, django_assert_max_num_queries
):
    page = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    edit = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    front_end, query = preview_in_the_front_end(
        admin_client, edit, form("Titre du brouillon", "a-propos")
    )
    assert front_end == FRONT_END
    assert query["content_type"] == "pages.standardpage"
    # A page that was never published, previewed from its creation form.
    add = reverse("wagtailadmin_pages:preview_on_add", args=("pages", "standardpage", home_page.pk))
    _front_end, new_query = preview_in_the_front_end(
        admin_client, add, form("Page jamais publiée", "jamais-publiee")
    )

    # The front end (no session, another origin) reads the drafts with their tokens.
    with django_assert_max_num_queries(15):
        draft = client.get("/api/v2/preview/", query, headers={"Origin": "https://x.example"})
    assert draft.status_code == 200, draft.content
    assert draft.json()["title"] == "Titre du brouillon"
    assert draft.json()["intro"] == "Brouillon secret"
    assert "no-store" in draft["Cache-Control"] and "ETag" not in draft
    new = client.get("/api/v2/preview/", new_query)
    assert new.status_code == 200 and new.json()["title"] == "Page jamais publiée"

    # The public API: the live version only, the new page nowhere.
    public = [
        "/api/v2/pages/",
        "/api/v2/pages/?type=pages.StandardPage&fields=*",
        f"/api/v2/pages/{page.pk}/",
        "/api/v2/pages/find/?html_path=/a-propos/",
        "/api/v2/pages/?search=Brouillon",
    ]
    for url in public:
        answer = client.get(url, follow=True)
        assert answer.status_code == 200, url
        text = answer.content.decode()
        assert "Titre du brouillon" not in text and "Brouillon secret" not in text, url
        assert "jamais" not in text, url
    assert client.get(f"/api/v2/pages/{page.pk}/").json()["title"] == "À propos"
    assert client.get("/api/v2/pages/find/?html_path=/jamais-publiee/").status_code == 404
    assert not StandardPage.objects.filter(slug="jamais-publiee").exists()

    # Without its token, with another one, or for another type: nothing.
    for wrong in (
        {},
        {"content_type": query["content_type"]},
        {**query, "token": query["token"] + "x"},
        {**query, "content_type": "pages.newspage"},
        {**query, "content_type": "wagtailcore.page"},
        {"content_type": "pages.standardpage", "token": new_query["token"].split(":")[0]},
    ):
        refused = client.get("/api/v2/preview/", wrong)
        assert refused.status_code == 404, wrong
        assert "Titre du brouillon" not in refused.content.decode()


def test_each_site_previews_in_its_own_front_end(admin_client, front_ends, laval_page, home_page):
    """A territory with its own address has its own front end; the admin's address is not it."""
    mayenne = laval_page.get_parent()
    Site.objects.create(hostname="heurecivique.mayenne.example.org", root_page=mayenne, port=443)
    page = StandardPageFactory(parent=Page.objects.get(pk=laval_page.pk), slug="infos")
    edit = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    front_end, _query = preview_in_the_front_end(admin_client, edit, form("Infos", "infos"))
    assert front_end == MAYENNE_FRONT_END


def test_without_a_front_end_only_the_site_s_own_preview(admin_client, settings, home_page):
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {}, "REDIRECT_ON_PREVIEW": True}
    page = StandardPageFactory(parent=home_page, slug="a-propos")
    assert [mode for mode, _label in page.preview_modes] == [""]
    edit = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    admin_client.post(edit, form("Titre", "a-propos"))
    shown = admin_client.get(edit, {"mode": MODE})
    assert shown.status_code != 302  # not sent anywhere


def test_the_admin_may_frame_the_front_ends(admin_client, front_ends, home_page):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    frame_src = next(part for part in policy.split("; ") if part.startswith("frame-src"))
    assert frame_src == "frame-src 'self' https://front.example.org https://www.mayenne.example.org"
