"""Two reviewers acting on one step at once, or one reviewer clicking twice: the step is acted
on once (published once, its people told once); the second finds it done, does nothing, and
lands on the report with a calm "already handled"."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from wagtail.models import PageLogEntry, TaskState

from pages.models import InitiativePage
from tests.concurrency import at_once, failures
from workflows import services
from workflows.models import NationalModerationTask

from .conftest import CLEAN

SUBMITTER = CLEAN.email
REPORT = "/admin/moderation/"


def at_national_step(laval_page, capture=None) -> InitiativePage:
    """Submitted as the public form does (`capture` runs the automated check queued on commit,
    outside a transactional test); Mayenne has no referent, so its step is skipped."""
    if capture is None:
        page = services.submit_initiative(CLEAN, laval_page)
    else:
        with capture(execute=True):
            page = services.submit_initiative(CLEAN, laval_page)
    page = InitiativePage.objects.get(pk=page.pk)
    assert isinstance(page.current_workflow_task.specific, NationalModerationTask)
    return page


def published(page) -> int:
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish").count()


def to_submitter():
    return [message.subject for message in mail.outbox if SUBMITTER in message.to]


def test_a_second_approval_of_the_same_step_changes_nothing(
    laval_page, moderator, other_moderator, django_capture_on_commit_callbacks
):
    page = at_national_step(laval_page, django_capture_on_commit_callbacks)
    # Both reviewers opened the item before either acted: each holds the step in progress.
    theirs = [TaskState.objects.get(pk=page.current_workflow_task_state.pk) for _ in range(2)]
    task = theirs[0].task.specific
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = task.on_action(theirs[0], moderator, "approve", comment="")
        second = task.on_action(theirs[1], other_moderator, "reject", comment="Non.")

    assert first == second == f"/admin/moderation/acted/{theirs[0].pk}/"
    page = InitiativePage.objects.get(pk=page.pk)
    assert page.live
    assert published(page) == 1
    assert TaskState.objects.get(pk=theirs[0].pk).finished_by == moderator
    assert sorted(to_submitter()) == [
        "Publiée : Le café des voisins",
        "Une étape franchie : Le café des voisins",
    ]


def test_the_second_reviewer_is_told_it_was_already_handled(
    client, laval_page, moderator, other_moderator, django_capture_on_commit_callbacks
):
    page = at_national_step(laval_page, django_capture_on_commit_callbacks)
    state = page.current_workflow_task_state
    task = state.task.specific
    task.on_action(TaskState.objects.get(pk=state.pk), moderator, "approve", comment="")
    client.force_login(other_moderator)
    response = client.get(f"/admin/moderation/acted/{state.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == REPORT
    assert [str(m) for m in response.context["messages"]] == [
        "« Le café des voisins » a déjà été traité par quelqu’un d’autre : rien de plus "
        "n’a été fait."
    ]


# serialized_rollback: the flush after a transactional test would otherwise also empty what
# the data migrations created (locales, site, workflows) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_two_moderators_acting_at_once(laval_page, moderator, other_moderator, action):
    page = at_national_step(laval_page)
    url = f"/admin/pages/workflow/action/{page.pk}/{action}/{page.current_workflow_task_state.pk}/"
    people = [moderator, other_moderator]
    mail.outbox.clear()

    def act(n):
        client = Client()
        client.force_login(people[n])
        response = client.post(url, {"comment": ""})
        return response, client.get(response["Location"], follow=True)

    results = at_once(2, act)

    assert failures(results) == []
    assert [response.status_code for response, _ in results] == [302, 302]
    assert [landing.status_code for _, landing in results] == [200, 200]
    # The pages themselves: under threads, the test client's captured contexts mix.
    pages = [landing.content.decode() for _, landing in results]
    # The second finds the step done: in the middle of the first's action (PostgreSQL), ours;
    # once it is over (SQLite lets one writer in at a time), Wagtail's own, before acting.
    already = ("déjà été traité par quelqu’un d’autre", "n&#x27;est pas en attente de modération")
    told = sorted(any(text in html for text in already) for html in pages)
    if connection.vendor == "postgresql":
        assert told == [False, True]
    else:
        # SQLite: which of the two messages the second reads, and on which page of its redirects,
        # depends on when its read meets the first's write; what must hold is below (one effect).
        assert told in ([False, False], [False, True])
    page = InitiativePage.objects.get(pk=page.pk)
    if action == "approve":
        assert page.live and published(page) == 1
        assert sorted(to_submitter()) == [
            "Publiée : Le café des voisins",
            "Une étape franchie : Le café des voisins",
        ]
        done = "Vous avez approuvé « Le café des voisins », désormais en ligne."
    else:
        assert not page.live and published(page) == 0
        assert to_submitter() == ["Modifications demandées : Le café des voisins"]
        done = "Vous avez demandé des modifications sur « Le café des voisins »"
    assert sorted(done in html for html in pages) == [False, True]
