"""`manage.py generate_scale_data` (issue 18) at a thousandth of France: engaged communes with
their pages and agendas, actions, volunteers and registrations, written in bulk with the page
tree valid (`fixtree` finds nothing, a page added afterwards the Wagtail way fits in), the
search index filled, the occurrences table written, and a second run writing nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page

from demo.scale import ACTION_SLUG_PREFIX, DOMAIN, GENERATED_INTRO, PAST_SLUG_PREFIX
from onboarding.roles import is_engaged
from pages.models import ActionIndexPage, ActionPage, CommunePage, Occurrence
from volunteers.models import Registration, Volunteer

pytestmark = pytest.mark.django_db

ARGS = ["--scale=0.001", "--departments=53"]  # 35 communes of Mayenne, 100 actions...


def generate(*extra: str) -> str:
    out = io.StringIO()
    call_command("generate_scale_data", *ARGS, *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def tree_problems() -> str:
    out = io.StringIO()
    call_command("fixtree", interactive=False, stdout=out)
    return out.getvalue()


@pytest.fixture
def generated(home_page, site):
    return generate()


def test_generates_a_thousandth_of_france_with_a_valid_tree(generated, client):
    assert "commune pages: 35 written" in generated
    assert Page.find_problems() == ([], [], [], [], [])
    problems = tree_problems()
    assert "Incorrect" not in problems and "Orphaned" not in problems
    assert "Remaining problems" not in problems
    communes = CommunePage.objects.filter(intro=GENERATED_INTRO).select_related("commune")
    assert communes.count() == 35
    commune = communes.order_by("path").first()
    assert is_engaged(commune.commune)
    assert ActionIndexPage.objects.child_of(commune).live().count() == 1
    assert client.get(commune.url).status_code == 200
    assert client.get(commune.url + "actions/").status_code == 200
    actions = ActionPage.objects.filter(slug__startswith=ACTION_SLUG_PREFIX)
    assert actions.live().count() == 100
    assert actions.exclude(rrule="").count() == 30  # weekly and monthly series
    action = actions.order_by("path").first()
    assert client.get(action.url).status_code == 200
    assert Occurrence.objects.filter(action__in=actions).count() > 100
    assert Volunteer.objects.filter(email__endswith=f"@{DOMAIN}").count() == 1000
    assert Registration.objects.filter(volunteer__email__endswith=f"@{DOMAIN}").count() == 200


def test_the_search_index_holds_the_generated_pages(generated):
    commune = CommunePage.objects.filter(intro=GENERATED_INTRO).order_by("path").first()
    assert commune in CommunePage.objects.live().search(commune.title)
    action = ActionPage.objects.filter(slug=f"{ACTION_SLUG_PREFIX}7").get()
    assert action in ActionPage.objects.live().search(action.title.split(" (")[0])


def test_wagtail_adds_pages_after_the_generated_ones(generated):
    agenda = ActionIndexPage.objects.filter(depth=5).order_by("path").last()
    generated_last = agenda.get_children().order_by("path").last()
    added = agenda.add_child(
        instance=ActionPage(
            title="Ajoutée à la main",
            description="Une heure pour les voisins.",
            kind="collective",
            address="Place de la Mairie",
            start=generated_last.specific.start,
            end=generated_last.specific.end,
        )
    )
    assert added.path > generated_last.path
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_second_run_tops_up_and_writes_nothing_more(generated):
    pages = Page.objects.count()
    again = generate()
    assert "commune pages: 0 written" in again and "actions: 0 written" in again
    assert "volunteers: 0 written" in again and "registrations: 0 written" in again
    assert Page.objects.count() == pages
    more = generate("--communes=40000")  # 40 communes: five more, after the others
    assert "commune pages: 5 written" in more
    assert Page.find_problems() == ([], [], [], [], [])


def test_generates_years_of_actions_over_on_demand(home_page, site, client):
    """`--past-years=2`: a site's history, as many one-off actions over a year as to come,
    marked over as the nightly job marks them; what is to come is generated as before."""
    out = generate("--past-years=2")
    assert "past actions: 200 written" in out and "actions over: 200 written" in out
    past = ActionPage.objects.filter(slug__startswith=PAST_SLUG_PREFIX)
    assert past.count() == past.filter(ended=True, rrule="").count() == 200
    coming = ActionPage.objects.filter(slug__startswith=ACTION_SLUG_PREFIX).exclude(
        slug__startswith=PAST_SLUG_PREFIX
    )
    assert coming.count() == 100 and not coming.filter(ended=True).exists()
    assert Page.find_problems() == ([], [], [], [], [])
    answer = client.get("/api/v2/actions/", {"limit": 50}).json()
    assert answer["meta"] == {"total_count": 100, "total_count_exact": True}
    assert not {item["id"] for item in answer["items"]} & set(past.values_list("pk", flat=True))
    again = generate("--past-years=2")
    assert "past actions: 0 written" in again and "actions: 0 written" in again
    with pytest.raises(CommandError, match="--past-years"):
        generate("--past-years=11")


@override_settings(DEBUG=False, DEMO_PASSWORD="")
def test_refuses_to_run_in_production(home_page):
    with pytest.raises(CommandError, match="never in production"):
        generate()
    assert not Volunteer.objects.exists()
