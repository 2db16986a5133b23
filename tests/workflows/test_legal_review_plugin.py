"""The example of a department's own task type (plugins/legal_review): Finistère adds a review
by its legal service to the shared initiatives' workflow; Mayenne's items skip it."""

import pytest
from django.core import mail
from wagtail.models import TaskState, Workflow, WorkflowTask

from onboarding import services as onboarding
from pages.models import InitiativePage
from plugins.legal_review.models import LegalReviewTask
from tests.conftest import member_of
from workflows import dashboard
from workflows.models import NationalModerationTask


@pytest.fixture
def legal_service(db, finistere):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Finistère — service juridique")
    group.permissions.add(
        onboarding._permissions([onboarding.ACCESS_ADMIN])[onboarding.ACCESS_ADMIN]
    )
    return group


@pytest.fixture
def lawyer(legal_service):
    return member_of(legal_service, "juriste-finistere")


@pytest.fixture
def legal_step(legal_service, finistere, quimper_page):
    """The administrator adds the step after the referents', as in Settings → Workflows."""
    task = LegalReviewTask.objects.create(
        name="Service juridique du Finistère", department=finistere, reviewers=legal_service
    )
    workflow = Workflow.objects.get(name="Modération des initiatives")
    steps = list(WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order"))
    for position, step in enumerate(steps):
        step.sort_order = position if position < 2 else position + 1
        step.save()
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=2)
    return task


def current_task(page):
    return InitiativePage.objects.get(pk=page.pk).current_workflow_task.specific


def test_finisteres_items_go_through_its_legal_service(
    submit, act, legal_step, lawyer, quimper_page, finistere_referent, moderator
):
    page = submit(quimper_page)
    page = act(page, finistere_referent)
    assert current_task(page) == legal_step
    assert [m.subject for m in mail.outbox if lawyer.email in m.to] == [
        "À relire : Le café des voisins"
    ]
    # Only the legal service acts at this step; it sees the item on its dashboard.
    assert legal_step.get_actions(page, moderator) == []
    assert legal_step.get_actions(page, finistere_referent) == []
    assert [name for name, *_ in legal_step.get_actions(page, lawyer)] == [
        "reject",
        "approve",
        "approve",
    ]
    assert list(legal_step.get_task_states_user_can_moderate(lawyer)) == [
        page.current_workflow_task_state
    ]
    page = act(page, lawyer, comment="Rien à signaler.")
    assert isinstance(current_task(page), NationalModerationTask)
    page = act(page, moderator)
    assert page.live


def test_other_departments_skip_it(submit, legal_step, lawyer, laval_page, mayenne_referent, act):
    page = submit(laval_page)
    page = act(page, mayenne_referent)
    assert isinstance(current_task(page), NationalModerationTask)
    assert TaskState.objects.get(task=legal_step).status == TaskState.STATUS_SKIPPED
    assert not [m for m in mail.outbox if lawyer.email in m.to]


def test_the_admin_offers_the_task_type(client, administrator):
    client.force_login(administrator)
    html = client.get("/admin/workflows/tasks/select_type/").content.decode()
    assert "Contrôle par le service juridique" in html
    # Installed, it changes nothing until used: no such step in the default workflows.
    assert not LegalReviewTask.objects.exists()
    assert dashboard.scope_of(administrator).everything
