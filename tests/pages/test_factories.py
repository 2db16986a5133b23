"""Each factory of the page tree builds a page at its place in the tree."""

from pages.models import CommunePage, DepartmentPage, HomePage, NewsIndexPage
from tests.factories.pages import (
    CommunePageFactory,
    DepartmentPageFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)


def test_department_page_factory_builds_under_the_national_home(home_page):
    page = DepartmentPageFactory()
    assert page.get_parent().specific == home_page
    assert page.url_path == f"/accueil/{page.department.slug}/"


def test_commune_page_factory_builds_under_its_department_page(home_page):
    page = CommunePageFactory()
    parent = page.get_parent().specific
    assert isinstance(parent, DepartmentPage)
    assert parent.department == page.commune.department
    assert CommunePage.objects.count() == 1


def test_news_page_factory_builds_in_a_news_index(home_page):
    news = NewsPageFactory()
    assert isinstance(news.get_parent().specific, NewsIndexPage)
    assert isinstance(news.get_parent().get_parent().specific, HomePage)


def test_news_index_and_standard_page_factories_build(home_page):
    assert NewsIndexPageFactory().get_parent().specific == home_page
    assert StandardPageFactory().get_parent().specific == home_page


def test_image_factory_builds_in_the_root_collection(db):
    image = ImageFactory()
    assert image.collection.is_root()
    assert image.width == 120
