"""Helpers to run the moderation (submit, act on the current task) on the suite's engaged
departments, Mayenne (Laval) and Finistère (Quimper), and its people (tests/conftest.py)."""

import pytest

from pages.models import InitiativePage
from workflows import services

CLEAN = services.Submission(
    title="Le café des voisins",
    summary="Chaque samedi, les voisins se retrouvent autour d'un café à la médiathèque.",
    description="Une dizaine de bénévoles accueillent les habitants.\n\nTout le monde est invité.",
    tips="Commencer petit, avec un lieu prêté par la mairie.",
    name="Camille Martin",
    email="camille@example.org",
    organisation="Association Voisins de Laval",
    people_helped=120,
    hours_given=300,
    volunteers=12,
)


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """Submit an initiative as the public form does, running the jobs queued on commit."""

    def submit_initiative(territory_page, submission=CLEAN, photos=None) -> InitiativePage:
        with django_capture_on_commit_callbacks(execute=True):
            page = services.submit_initiative(submission, territory_page, photos=photos)
        return InitiativePage.objects.get(pk=page.pk)

    return submit_initiative


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """`user` approves or rejects the current task of `page`, as the admin's action does."""

    def act_on(page, user, action="approve", comment=""):
        page = InitiativePage.objects.get(pk=page.pk)
        task_state = page.current_workflow_task_state
        task = task_state.task.specific
        with django_capture_on_commit_callbacks(execute=True):
            task.on_action(task_state, user, action, comment=comment)
        return InitiativePage.objects.get(pk=page.pk)

    return act_on


@pytest.fixture
def make_initiatives(laval_page):
    """`count` live initiatives under Laval's initiatives index, each with a credited photo."""
    from pages.models import InitiativePhoto
    from tests.factories.pages import ImageFactory

    def make(count, parent=None, photo=True):
        index = services.initiatives_index_of(parent or laval_page, create=True)
        pages = []
        for number in range(count):
            page = InitiativePage(
                title=f"Initiative {number}",
                summary="Un café chaque samedi.",
                tips="Commencer petit.",
                people_helped=10 + number,
                submitted_by_name="Camille Martin",
                submitted_by_email="camille@example.org",
            )
            if photo:
                page.photos.add(InitiativePhoto(image=ImageFactory(), credit="Mairie de Laval"))
            index.add_child(instance=page)
            page.save_revision().publish()
            pages.append(page)
        return pages

    return make
