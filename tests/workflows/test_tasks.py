"""The task types and the default workflows: automated check, department referents (dynamic
assignment), national moderators; nobody approves their own submission."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import PageLogEntry, TaskState, Workflow, WorkflowContentType

from pages.models import InitiativePage
from workflows import services
from workflows.models import (
    AutomatedCheckTask,
    DepartmentReferentTask,
    ModerationSettings,
    NationalModerationTask,
)

from .conftest import CLEAN


def current_task(page):
    return InitiativePage.objects.get(pk=page.pk).current_workflow_task


def test_the_migration_creates_both_workflows(db):
    initiatives = WorkflowContentType.objects.get(content_type__model="initiativepage").workflow
    gestures = WorkflowContentType.objects.get(content_type__model="gesture").workflow
    for workflow in (initiatives, gestures):
        steps = [task.specific_class for task in workflow.tasks]
        assert steps == [AutomatedCheckTask, DepartmentReferentTask, NationalModerationTask]
    assert Workflow.objects.filter(name="Modération des initiatives", active=True).exists()
    national = NationalModerationTask.objects.get()
    assert [group.name for group in national.groups.all()] == ["Voisins Solidaires — modération"]


def test_news_of_the_same_tree_have_no_workflow(laval_page):
    assert laval_page.get_workflow() is None
    assert InitiativePage(title="x").get_workflow().name == "Modération des initiatives"


def test_a_clean_initiative_passes_the_check_and_waits_for_its_referents(
    submit, laval_page, mayenne_referent
):
    page = submit(laval_page)
    assert not page.live
    assert isinstance(current_task(page), DepartmentReferentTask)
    check = TaskState.objects.get(task__in=AutomatedCheckTask.objects.all()).specific
    assert check.status == TaskState.STATUS_APPROVED
    assert check.reasons == []


def test_a_flagged_initiative_waits_with_its_reasons(
    submit, laval_page, mayenne_referent, moderator
):
    flagged = services.Submission(
        **{
            **CLEAN.__dict__,
            "description": "Appelez Jeanne au 06 39 98 12 34 ou jeanne.exemple@courriel.example, "
            "12 rue des Lilas. Voir https://arnaque.example.com",
        }
    )
    page = submit(laval_page, flagged)
    state = page.current_workflow_task_state.specific
    assert isinstance(state.task.specific, AutomatedCheckTask)
    assert state.status == TaskState.STATUS_IN_PROGRESS
    comment = state.get_comment()
    assert "numéro de téléphone" in comment
    assert "adresse e-mail" in comment
    assert "adresse postale" in comment
    assert "arnaque.example.com" in comment
    assert "arnaque" in comment  # a watched word too
    # The moderators (the task's group) may act on it, a referent may not.
    assert [name for name, *_ in state.task.specific.get_actions(page, moderator)] == [
        "reject",
        "approve",
        "approve",
    ]
    assert state.task.specific.get_actions(page, mayenne_referent) == []
    # In the item's history, and on the moderators' dashboard.
    assert PageLogEntry.objects.filter(page=page, action="workflows.flagged").exists()
    reviewable = services.task_states_reviewable(state.task.specific, moderator)
    assert list(reviewable.values_list("pk", flat=True)) == [state.pk]


def test_watched_words_are_editable(submit, laval_page, mayenne_referent):
    settings = ModerationSettings.load()
    settings.watched_words = "médiathèque"
    settings.save()
    page = submit(laval_page)
    assert "médiathèque" in page.current_workflow_task_state.specific.get_comment()


def test_a_photo_without_credit_is_flagged(laval_page):
    from pages.models import InitiativePhoto
    from tests.factories.pages import ImageFactory

    page = InitiativePage(title="x", summary="y")
    page.photos.add(InitiativePhoto(image=ImageFactory(), credit=""))
    assert "Une photo n'a pas de crédit." in services.check_item(page)


def test_referents_of_the_items_department_only(
    submit, act, laval_page, quimper_page, mayenne_referent, finistere_referent
):
    laval_item = submit(laval_page)
    quimper_item = submit(quimper_page)
    referent_task = current_task(laval_item)
    assert referent_task.get_actions(laval_item, mayenne_referent)
    assert referent_task.get_actions(laval_item, finistere_referent) == []
    assert current_task(quimper_item).get_actions(quimper_item, finistere_referent)
    assert current_task(quimper_item).get_actions(quimper_item, mayenne_referent) == []
    with pytest.raises(PermissionDenied):
        act(laval_item, finistere_referent)
    # Their dashboards list only their own department's items.
    assert [
        s.workflow_state.object_id
        for s in services.task_states_reviewable(referent_task, mayenne_referent)
    ] == [str(laval_item.pk)]
    assert [
        s.workflow_state.object_id
        for s in services.task_states_reviewable(referent_task, finistere_referent)
    ] == [str(quimper_item.pk)]


def test_a_national_initiative_skips_the_referents(submit, home_page, moderator):
    page = submit(home_page)
    assert page.get_parent().url_path.endswith("/initiatives/")
    assert isinstance(current_task(page), NationalModerationTask)


def test_the_whole_way_to_live(submit, act, laval_page, mayenne_referent, moderator):
    page = submit(laval_page)
    page = act(page, mayenne_referent, comment="Très bien.")
    assert isinstance(current_task(page), NationalModerationTask)
    page = act(page, moderator)
    assert page.live
    assert page.url_path.endswith("/mayenne/laval/initiatives/le-cafe-des-voisins/")


def test_nobody_approves_their_own_submission(
    django_capture_on_commit_callbacks, laval_page, moderator, other_moderator, mayenne_referent
):
    index = services.initiatives_index_of(laval_page, create=True)
    page = index.add_child(
        instance=InitiativePage(title="Mon initiative", summary="Un résumé", live=False)
    )
    page.save_revision(user=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        page.get_workflow().start(page, user=moderator)
    page = InitiativePage.objects.get(pk=page.pk)
    page.current_workflow_task_state.approve(user=mayenne_referent)
    task = current_task(page)
    assert isinstance(task, NationalModerationTask)
    assert task.get_actions(page, moderator) == []
    assert task.get_actions(page, other_moderator)
    with pytest.raises(PermissionDenied):
        task.on_action(page.current_workflow_task_state, moderator, "approve")


def test_the_ids_of_the_body_blocks_are_not_read_as_phone_numbers(laval_page):
    from workflows.services import check_item

    page = InitiativePage(title="Un titre", summary="Un résumé")
    # A block id whose digits happen to look like a French number, as random ids sometimes do.
    page.body = [("paragraph", "<p>Un texte sans coordonnées.</p>")]
    page.body.raw_data[0]["id"] = "9c0612-3456-78ab-cdef"
    assert check_item(page) == []
