"""The moderation dashboard: the home page's panel and the report (/admin/moderation/), scoped
to what each reviewer may see, with the items waiting over 72 hours highlighted, the weekly
figures, the CSV export; a bounded number of queries; every action in Wagtail's history."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, TaskState

from pages.models import InitiativePage
from tests.spreadsheets import csv_text
from workflows import dashboard, services
from workflows.wagtail_hooks import ModerationPanel

from .conftest import CLEAN

REPORT = "/admin/moderation/"


def proposal(title):
    return services.Submission(**{**CLEAN.__dict__, "title": title})


@pytest.fixture
def two_departments(submit, laval_page, quimper_page, mayenne_referent, finistere_referent):
    laval = submit(laval_page, proposal("Le café des voisins de Laval"))
    quimper = submit(quimper_page, proposal("Les jardins partagés de Quimper"))
    return laval, quimper


def backdate(page, hours):
    """The item reached its current step `hours` ago."""
    state = InitiativePage.objects.get(pk=page.pk).current_workflow_task_state
    earlier = timezone.now() - datetime.timedelta(hours=hours)
    TaskState.objects.filter(pk=state.pk).update(started_at=earlier)


def test_a_moderator_sees_every_department(client, two_departments, moderator):
    client.force_login(moderator)
    html = client.get(REPORT).content.decode()
    assert "Le café des voisins de Laval" in html
    assert "Les jardins partagés de Quimper" in html
    assert "Mayenne" in html and "Finistère" in html
    assert "Rapport de modération" in html


def test_a_referent_sees_only_their_department(client, two_departments, mayenne_referent):
    client.force_login(mayenne_referent)
    html = client.get(REPORT).content.decode()
    assert "Le café des voisins de Laval" in html
    assert "Les jardins partagés de Quimper" not in html
    # Even when asking for another department: a clear message, their own items only.
    finistere_id = two_departments[1].get_parent().get_parent().specific.commune.department_id
    response = client.get(REPORT, {"department": finistere_id})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Les jardins partagés de Quimper" not in html
    assert "Ce département ne fait pas partie de ceux que vous pouvez voir" in html
    # Nonsense gives the same message, never a 500.
    assert client.get(REPORT, {"department": "abc"}).status_code == 200


def test_editors_have_no_dashboard(client, two_departments, laval_editor):
    client.force_login(laval_editor)
    response = client.get(REPORT)  # Wagtail sends them back to the admin's home
    assert response.status_code == 302
    assert response.url == "/admin/"
    home = client.get("/admin/").content.decode()
    assert "Ouvrir le rapport de modération" not in home
    assert 'href="/admin/moderation/"' not in home


def test_the_home_page_panel_highlights_items_waiting_over_72_hours(
    client, two_departments, moderator
):
    laval, _ = two_departments
    backdate(laval, hours=80)
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    assert "2 éléments en attente de modération" in html
    assert "1 depuis plus de 72 heures" in html
    assert 'class="moderation-overdue"' in html
    assert "3 j 8 h" in html
    assert 'href="/admin/moderation/"' in html  # the menu item and the panel's link


def test_the_report_orders_by_age_and_counts_by_department(two_departments, moderator):
    laval, quimper = two_departments
    backdate(quimper, hours=100)
    backdate(laval, hours=10)
    board = dashboard.dashboard(dashboard.scope_of(moderator))
    assert [item.title for item in board.items] == [quimper.title, laval.title]
    assert [item.overdue for item in board.items] == [True, False]
    assert [item.step for item in board.items] == ["Référents du département"] * 2
    assert [(c.department, c.waiting, c.overdue) for c in board.by_department] == [
        ("Finistère", 1, 1),
        ("Mayenne", 1, 0),
    ]


def test_flagged_items_carry_their_reasons(submit, laval_page, mayenne_referent, moderator):
    flagged = services.Submission(
        **{**CLEAN.__dict__, "description": "Appelez Jeanne au 06 39 98 12 34."}
    )
    submit(laval_page, flagged)
    [item] = dashboard.waiting_items(dashboard.scope_of(moderator))
    assert item.step == "Vérification automatique"
    assert any("téléphone" in reason for reason in item.flagged)


def test_approved_and_rejected_per_week(
    client, act, two_departments, mayenne_referent, finistere_referent, moderator
):
    laval, quimper = two_departments
    laval = act(laval, mayenne_referent)
    act(laval, moderator)  # published
    act(quimper, finistere_referent, action="reject", comment="Une photo, s'il vous plaît.")
    scope = dashboard.scope_of(moderator)
    this_week = dashboard.weekly_decisions(scope)[0]
    assert this_week.start == dashboard.week_start(timezone.now())
    assert (this_week.approved, this_week.rejected) == (1, 1)
    assert len(dashboard.weekly_decisions(scope)) == dashboard.WEEKS
    # A referent counts only their department's decisions.
    mine = dashboard.weekly_decisions(dashboard.scope_of(finistere_referent))[0]
    assert (mine.approved, mine.rejected) == (0, 1)


def test_csv_export(client, two_departments, mayenne_referent):
    laval, _ = two_departments
    backdate(laval, hours=73)
    client.force_login(mayenne_referent)
    response = client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = csv_text(response)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Titre", "Type", "Département", "Étape"]
    assert rows[1][0] == "Le café des voisins de Laval"
    assert rows[1][2] == "Mayenne"
    assert rows[1][7] == "oui"
    assert "Les jardins partagés de Quimper" not in text
    assert ["Semaine du", "Approuvés", "Modifications demandées"] in rows


def test_gestures_appear_as_national_items(
    db, moderator, mayenne_referent, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale

    from snippets import services as idea_box
    from snippets.models import GestureCategory

    category = GestureCategory.objects.create(
        name="Voisinage", slug="voisinage", locale=Locale.get_default()
    )
    with django_capture_on_commit_callbacks(execute=True):
        idea_box.suggest_gesture(
            title="Porter les courses",
            summary="Aider un voisin à porter ses courses.",
            how_to="Proposer son aide.",
            category=category,
            kind="neighbourly",
            name="Lou Bernard",
            email="lou@example.org",
            address="192.0.2.20",
        )
    [item] = dashboard.waiting_items(dashboard.scope_of(moderator))
    assert (item.title, item.department, item.step) == (
        "Porter les courses",
        "National",
        "Modération Voisins Solidaires",
    )
    assert item.edit_url.startswith("/admin/snippets/")
    assert dashboard.waiting_items(dashboard.scope_of(mayenne_referent)) == []


def test_queries_do_not_grow_with_the_items(
    client,
    submit,
    laval_page,
    quimper_page,
    mayenne_referent,
    moderator,
    django_assert_max_num_queries,
):
    def count_queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.force_login(moderator)
    submit(laval_page, proposal("Une"))
    submit(quimper_page, proposal("Deux"))
    small = count_queries(REPORT)
    panel = ModerationPanel(dashboard.scope_of(moderator), moderator)
    with CaptureQueriesContext(connection) as captured:
        panel.render_html({})
    small_panel = len(captured)
    for number in range(8):
        submit(laval_page if number % 2 else quimper_page, proposal(f"Initiative {number}"))
    with django_assert_max_num_queries(small):
        assert client.get(REPORT).status_code == 200
    with django_assert_max_num_queries(small_panel):
        assert "10 éléments en attente" in panel.render_html({})
    client.force_login(mayenne_referent)
    with django_assert_max_num_queries(small + 5):
        assert "Initiative 1" in client.get(REPORT).content.decode()


def test_every_action_is_in_wagtails_history(
    act, two_departments, mayenne_referent, finistere_referent, moderator
):
    laval, quimper = two_departments
    laval = act(laval, mayenne_referent, comment="Très bien.")
    act(laval, moderator)
    act(quimper, finistere_referent, action="reject", comment="Une photo, s'il vous plaît.")
    laval_actions = list(
        PageLogEntry.objects.filter(page=laval)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    assert ("wagtail.workflow.start", None) in laval_actions
    assert ("wagtail.workflow.approve", None) in laval_actions  # the automated check
    assert ("wagtail.workflow.approve", "referent-mayenne") in laval_actions
    assert ("wagtail.workflow.approve", "moderatrice") in laval_actions
    assert ("wagtail.publish", "moderatrice") in laval_actions
    rejection = PageLogEntry.objects.get(page=quimper, action="wagtail.workflow.reject")
    assert rejection.user == finistere_referent
    assert rejection.data["comment"] == "Une photo, s'il vous plaît."
    approval = PageLogEntry.objects.get(
        page=laval, action="wagtail.workflow.approve", user=mayenne_referent
    )
    assert approval.data["comment"] == "Très bien."
    assert not ModelLogEntry.objects.filter(action__startswith="wagtail.workflow").exists()
