"""Which page can live under which: the tree HomePage > DepartmentPage > CommunePage."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from pages.models import (
    CommunePage,
    DepartmentPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_only_the_root_takes_the_national_home(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(DepartmentPage, HomePage)

    def test_there_is_only_one_national_home(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_departments_live_under_the_national_home_only(self):
        self.assertCanCreateAt(HomePage, DepartmentPage)
        self.assertCanNotCreateAt(DepartmentPage, DepartmentPage)
        self.assertCanNotCreateAt(CommunePage, DepartmentPage)
        self.assertCanNotCreateAt(Page, DepartmentPage)

    def test_communes_live_under_a_department_only(self):
        self.assertCanCreateAt(DepartmentPage, CommunePage)
        self.assertCanNotCreateAt(HomePage, CommunePage)
        self.assertCanNotCreateAt(CommunePage, CommunePage)

    def test_news_at_every_level(self):
        for parent in (HomePage, DepartmentPage, CommunePage):
            self.assertCanCreateAt(parent, NewsIndexPage)
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(CommunePage, NewsPage)
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)

    def test_standard_pages_at_every_level(self):
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        for parent in (HomePage, DepartmentPage, CommunePage, StandardPage):
            self.assertCanCreateAt(parent, StandardPage)
        self.assertAllowedSubpageTypes(NewsPage, set())
