"""Engaging a department or a commune also creates its agenda, the "actions" page."""

from onboarding import services
from pages.models import ActionIndexPage, CommunePage, DepartmentPage


def test_engaging_a_commune_creates_its_agenda_and_its_department_s(client, home_page, laval):
    services.onboard_commune("53130")
    commune_page = CommunePage.objects.get(commune=laval)
    department_page = DepartmentPage.objects.get(department=laval.department)
    for parent, url in (
        (commune_page, "/mayenne/laval/actions/"),
        (department_page, "/mayenne/actions/"),
    ):
        index = ActionIndexPage.objects.child_of(parent).get()
        assert index.live and index.slug == "actions"
        assert index.url == url
        assert client.get(url).status_code == 200


def test_engaging_twice_makes_one_agenda(home_page, laval, chateau_gontier):
    services.onboard_commune("53130")
    services.onboard_commune("53130")
    services.onboard_commune("53062")
    services.onboard_department("53")
    assert ActionIndexPage.objects.count() == 3  # Mayenne, Laval, Château-Gontier


def test_a_department_page_made_before_gets_its_agenda(home_page, mayenne):
    services.onboard_department("53")
    ActionIndexPage.objects.all().delete()
    services.onboard_department("53")
    assert ActionIndexPage.objects.child_of(DepartmentPage.objects.get()).count() == 1
