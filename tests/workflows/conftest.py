"""Two engaged departments — Mayenne (Laval) and Finistère (Quimper) — with people in each role,
and helpers to run the moderation: submit, act on the current task."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from onboarding import services as onboarding
from onboarding.models import TerritoryGroup
from pages.models import InitiativePage
from territories.factories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from workflows import services

Role = TerritoryGroup.Role


@pytest.fixture(autouse=True)
def fresh_cache():
    """The proposals' rate limit lives in the cache: each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mayenne(db):
    return DepartmentFactory(code="53", name="Mayenne", slug="mayenne")


@pytest.fixture
def finistere(db):
    return DepartmentFactory(code="29", name="Finistère", slug="finistere")


@pytest.fixture
def laval(mayenne):
    commune = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=commune)
    return commune


@pytest.fixture
def quimper(finistere):
    commune = CommuneFactory(code="29232", name="Quimper", slug="quimper", department=finistere)
    PostalCodeFactory(code="29000", commune=commune)
    return commune


@pytest.fixture
def laval_page(home_page, laval):
    return onboarding.onboard_commune("53130")


@pytest.fixture
def quimper_page(home_page, quimper):
    return onboarding.onboard_commune("29232")


def member_of(group, username):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="motdepasse-123"
    )
    user.groups.add(group)
    return user


@pytest.fixture
def laval_editor(laval_page, laval):
    return member_of(onboarding.group_of(laval, Role.EDITORS), "editeur-laval")


@pytest.fixture
def mayenne_editor(laval_page, mayenne):
    return member_of(onboarding.group_of(mayenne, Role.EDITORS), "editeur-mayenne")


@pytest.fixture
def mayenne_referent(laval_page, mayenne):
    return member_of(onboarding.group_of(mayenne, Role.REFERENTS), "referent-mayenne")


@pytest.fixture
def finistere_referent(quimper_page, finistere):
    return member_of(onboarding.group_of(finistere, Role.REFERENTS), "referent-finistere")


@pytest.fixture
def moderator(db):
    return member_of(onboarding.national_groups(), "moderatrice")


@pytest.fixture
def other_moderator(moderator):
    return member_of(onboarding.national_groups(), "moderateur")


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser(
        username="admin", email="admin@example.org", password="motdepasse-123"
    )


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
    from pages.factories import ImageFactory
    from pages.models import InitiativePhoto

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
