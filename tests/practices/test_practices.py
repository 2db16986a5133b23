"""The good practices library: practices listed and filtered by topic, a page at a time, their
files to download, in the API; bounded queries; a topic unknown or a page number out of range
shows a page, never an error."""

import pytest
from django.urls import reverse

from core.sites import dedicate_site
from practices.models import PracticeLibraryPage, PracticePage, Topic
from tests.factories.practices import (
    PracticeAttachmentFactory,
    PracticeLibraryPageFactory,
    PracticePageFactory,
)
from tests.rows import count_rows


@pytest.fixture
def library(home_page):
    library = PracticeLibraryPageFactory(parent=home_page)
    PracticePageFactory(parent=library, title="Un café des voisins", topic=Topic.SOLIDARITY)
    for number in range(14):
        PracticePageFactory(parent=library, title=f"Atelier {number:02d}", topic=Topic.ACTIONS)
    return library


def titles(response) -> list[str]:
    return [practice.title for practice in response.context["practices_page"]]


def test_the_library_lists_its_practices_a_page_at_a_time(client, library):
    response = client.get("/bonnes-pratiques/")
    assert response.status_code == 200
    assert len(titles(response)) == 12
    assert titles(response)[0] == "Atelier 00"
    assert len(titles(client.get("/bonnes-pratiques/?page=2"))) == 3


def test_the_library_is_filtered_by_topic(client, library):
    response = client.get("/bonnes-pratiques/?theme=solidarity")
    assert titles(response) == ["Un café des voisins"]
    assert 'aria-current="page">Solidarity between neighbours' in response.content.decode() or (
        'aria-current="page">Solidarité entre voisins' in response.content.decode()
    )


@pytest.mark.parametrize("query", ["?theme=inconnu", "?page=999", "?page=abc", "?theme=%00"])
def test_bad_parameters_show_a_page(client, library, query):
    assert client.get(f"/bonnes-pratiques/{query}").status_code in (200, 400)


def test_the_library_runs_bounded_queries(client, library, django_assert_max_num_queries):
    client.get("/bonnes-pratiques/")
    with django_assert_max_num_queries(20), count_rows() as read:
        assert client.get("/bonnes-pratiques/").status_code == 200
    assert read.rows < 80


def test_a_practice_offers_its_files(client, library):
    practice = PracticePage.objects.get(title="Un café des voisins")
    attachment = PracticeAttachmentFactory(page=practice, document__title="Affiche du café")
    response = client.get(practice.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{attachment.document.url}">Affiche du café</a> (PDF)' in html
    assert client.get(attachment.document.url).status_code == 200


def test_a_practice_and_its_files_are_in_the_api(client, library):
    practice = PracticePage.objects.get(title="Un café des voisins")
    attachment = PracticeAttachmentFactory(page=practice, document__title="Affiche du café")
    answer = client.get(reverse("wagtailapi:pages:detail", args=[practice.pk])).json()
    assert answer["meta"]["type"] == "practices.PracticePage"
    assert answer["topic"] == "solidarity"
    assert answer["attachments"] == [
        {
            "id": attachment.document.pk,
            "title": "Affiche du café",
            "download_url": f"http://testserver{attachment.document.url}",
        }
    ]
    listing = client.get(
        reverse("wagtailapi:pages:listing"),
        {"type": "practices.PracticePage", "fields": "topic,attachments", "topic": "solidarity"},
    ).json()
    assert [item["title"] for item in listing["items"]] == ["Un café des voisins"]
    assert listing["items"][0]["attachments"] is None  # in a page's own answer only
    library_answer = client.get(reverse("wagtailapi:pages:detail", args=[library.pk])).json()
    assert len(library_answer["children"]) == 15


def test_libraries_go_under_the_national_home_and_departments():
    names = {model.__name__ for model in PracticeLibraryPage.allowed_parent_page_models()}
    assert names == {"HomePage", "DepartmentPage"}


# --- Issue 22's review: the library is linked from the pages that need it -----------------------


def link_to(html: str, page) -> bool:
    return f'href="{page.url}"' in html and "Bonnes pratiques" in html


def test_the_help_centre_links_the_national_library(client, library):
    html = client.get("/aide/").content.decode()
    assert link_to(html, library)
    assert 'aria-labelledby="practices-link-title"' in html


def test_a_department_page_links_its_own_library_else_the_national_one(
    client, library, mayenne_page
):
    assert link_to(client.get(mayenne_page.url).content.decode(), library)
    own = PracticeLibraryPageFactory(parent=mayenne_page, title="Les pratiques en Mayenne")
    html = client.get(mayenne_page.url).content.decode()
    assert link_to(html, own)
    assert f'href="{library.url}"' not in html


def test_no_link_while_no_library_is_published(client, library):
    library.unpublish()
    assert "practices-link-title" not in client.get("/aide/").content.decode()


def test_on_each_site_the_library_link_stays_on_that_site(
    client, library, mayenne_page, laval_page
):
    """With Mayenne on its own address, its library's link on the national copy of its page
    went to mayenne.localhost (the tag had no request to say which site was served); and the
    help centre of Mayenne's and Laval's own sites linked the national library."""
    own = PracticeLibraryPageFactory(parent=mayenne_page, title="Les pratiques en Mayenne")
    dedicate_site(mayenne_page, "mayenne.localhost", port=80)
    dedicate_site(laval_page, "laval.localhost", port=80)
    national = client.get("/mayenne/").content.decode()
    assert 'href="/mayenne/bonnes-pratiques/"' in national
    assert "mayenne.localhost/bonnes-pratiques/" not in national
    on_mayenne = client.get("/aide/", HTTP_HOST="mayenne.localhost").content.decode()
    assert 'href="/bonnes-pratiques/"' in on_mayenne and "Les pratiques en Mayenne" in on_mayenne
    assert client.get("/bonnes-pratiques/", HTTP_HOST="mayenne.localhost").status_code == 200
    # Laval's own site: its department's library, on the department's own address.
    on_laval = client.get("/aide/", HTTP_HOST="laval.localhost").content.decode()
    assert 'href="http://mayenne.localhost/bonnes-pratiques/"' in on_laval
    assert own.title in on_laval
    # The national help centre: the national library.
    html = client.get("/aide/").content.decode()
    assert 'href="/bonnes-pratiques/">Consulter la bibliothèque des bonnes pratiques' in html
