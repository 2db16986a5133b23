"""The demo's initiatives: every state of the moderation, in several communes, Laval among
them; loading twice changes nothing; the drafts and waiting ones are not public."""

import pytest
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from demo import initiatives
from pages.models import InitiativePage
from workflows import dashboard
from workflows.models import (
    AutomatedCheckTask,
    DepartmentReferentTask,
    NationalModerationTask,
)


@pytest.fixture
def loaded(demo):
    """How many initiatives load_demo created."""
    return demo.initiatives_saved


def page(slug):
    return InitiativePage.objects.get(slug=slug)


def by_state(state):
    return [item for item in initiatives.INITIATIVES if item.state == state]


def test_load_creates_every_initiative(loaded):
    assert loaded == len(initiatives.INITIATIVES)
    assert InitiativePage.objects.count() == len(initiatives.INITIATIVES)
    communes = {item.commune for item in initiatives.INITIATIVES}
    assert "53130" in communes and len(communes) >= 4
    assert {item.state for item in initiatives.INITIATIVES} == {
        initiatives.DRAFT,
        initiatives.FLAGGED,
        initiatives.AT_REFERENTS,
        initiatives.AT_MODERATORS,
        initiatives.REJECTED,
        initiatives.LIVE,
    }


def test_load_twice_changes_nothing(loaded):
    states = WorkflowState.objects.count()
    assert initiatives.load() == 0
    assert InitiativePage.objects.count() == len(initiatives.INITIATIVES)
    assert WorkflowState.objects.count() == states

    each_initiative_is_in_its_state()


def each_initiative_is_in_its_state():
    for item in by_state(initiatives.DRAFT):
        draft = page(item.slug)
        assert not draft.live and draft.current_workflow_state is None
    for item in by_state(initiatives.FLAGGED):
        flagged = page(item.slug)
        state = flagged.current_workflow_task_state.specific
        assert isinstance(state.task.specific, AutomatedCheckTask)
        assert any("téléphone" in reason for reason in state.reasons)
        assert PageLogEntry.objects.filter(page=flagged, action="workflows.flagged").exists()
    for item in by_state(initiatives.AT_REFERENTS):
        assert isinstance(page(item.slug).current_workflow_task, DepartmentReferentTask)
    for item in by_state(initiatives.AT_MODERATORS):
        assert isinstance(page(item.slug).current_workflow_task, NationalModerationTask)
    for item in by_state(initiatives.REJECTED):
        rejected = page(item.slug)
        assert rejected.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        task_state = rejected.current_workflow_state.current_task_state
        assert task_state.status == TaskState.STATUS_REJECTED
        assert task_state.comment == item.comment
        assert not rejected.live
    for item in by_state(initiatives.LIVE):
        live = page(item.slug)
        assert live.live and not live.has_unpublished_changes
    # Nothing clean was flagged by mistake.
    clean = [i.slug for i in initiatives.INITIATIVES if i.state != initiatives.FLAGGED]
    for slug in clean:
        assert not PageLogEntry.objects.filter(page__slug=slug, action="workflows.flagged").exists()


def test_laval_has_live_and_waiting_initiatives(loaded, client):
    each_initiative_is_in_its_state()
    laval = [item for item in initiatives.INITIATIVES if item.commune == "53130"]
    assert {item.state for item in laval} >= {
        initiatives.LIVE,
        initiatives.AT_REFERENTS,
        initiatives.AT_MODERATORS,
        initiatives.DRAFT,
    }
    live = page(by_state(initiatives.LIVE)[0].slug)
    response = client.get(live.url)
    assert response.status_code == 200
    assert "camille.exemple@example.org" not in response.content.decode()


def test_the_dashboard_shows_the_demo(loaded):
    from django.contrib.auth import get_user_model

    moderator = get_user_model().objects.get(username="moderation")
    referent = get_user_model().objects.get(username="mayenne.referent")
    board = dashboard.dashboard(dashboard.scope_of(moderator))
    titles = [item.title for item in board.items]
    for item in by_state(initiatives.FLAGGED) + by_state(initiatives.AT_MODERATORS):
        assert item.title in titles
    assert board.overdue >= 2
    assert sum(week.approved for week in board.weeks) == len(by_state(initiatives.LIVE))
    assert sum(week.rejected for week in board.weeks) == len(by_state(initiatives.REJECTED))
    # Mayenne's referent: Mayenne's items only.
    mine = dashboard.waiting_items(dashboard.scope_of(referent))
    assert mine and {item.department for item in mine} == {"Mayenne"}
