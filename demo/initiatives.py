"""The demo's initiatives, in every state of their moderation, in several communes (Laval
among them): a draft, one flagged by the automated check, one waiting for Mayenne's referents,
some waiting for the national moderators, one sent back with a comment, live ones.

They go through the real workflow ("Modération des initiatives"): submitted as the public form
does, checked by the automated check (run here, not left to the job queue, so that the demo is
the same on every machine), then approved or sent back by the demo's referent of Mayenne and
its moderator. Some are dated a few days back, so that the moderation dashboard shows items
waiting over 72 hours and decisions in past weeks.

`load()` is idempotent: an initiative already there (by its slug) is left as it is; a second
call saves nothing and returns 0. Call it after the demo's pages and accounts.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, PageLogEntry, TaskState, WorkflowState

from onboarding.models import TerritoryGroup
from pages.models import CommunePage, InitiativePage
from workflows import services
from workflows.models import DepartmentReferentTask

DRAFT = "draft"
FLAGGED = "flagged"
AT_REFERENTS = "referents"
AT_MODERATORS = "moderators"
REJECTED = "rejected"
LIVE = "live"


@dataclass(frozen=True)
class DemoInitiative:
    commune: str  # INSEE code of a demo commune
    slug: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    tips: str
    state: str
    organisation: str = ""
    people_helped: int | None = None
    hours_given: int | None = None
    volunteers: int | None = None
    days_ago: int = 0  # how long ago it was submitted (and decided)
    comment: str = ""  # the reviewer's comment


# Invented submitters (@example.org), seen by the moderators only.
INITIATIVES = (
    DemoInitiative(
        commune="53130",
        slug="le-cafe-des-voisins-du-quartier-ferrie",
        title="Le café des voisins du quartier Ferrié",
        summary="Chaque samedi matin, un café offert à la médiathèque pour faire connaissance "
        "entre voisins et repérer ceux qui auraient besoin d'un coup de main.",
        paragraphs=(
            "Depuis l'automne, une dizaine de bénévoles accueillent les habitants du quartier "
            "autour d'un café, chaque samedi de 10 h à midi.",
            "Les échanges ont déjà permis d'organiser des accompagnements aux courses et des "
            "visites à des personnes âgées isolées.",
        ),
        tips="Commencer petit, dans un lieu prêté par la mairie, et toujours à la même heure.",
        state=LIVE,
        organisation="Association Voisins de Ferrié",
        people_helped=140,
        hours_given=320,
        volunteers=12,
        days_ago=20,
        comment="Très belle initiative, bien décrite.",
    ),
    DemoInitiative(
        commune="53130",
        slug="un-repas-partage-par-mois",
        title="Un repas partagé par mois",
        summary="Un dimanche par mois, les habitants d'une résidence cuisinent ensemble et "
        "invitent les voisins qui vivent seuls.",
        paragraphs=(
            "Chacun apporte un plat ; la salle commune de la résidence est prêtée par le bailleur.",
            "Les enfants préparent les invitations et les déposent dans les boîtes aux lettres.",
        ),
        tips="Prévoir un calendrier sur six mois pour que chacun puisse s'organiser.",
        state=AT_REFERENTS,
        organisation="Conseil de quartier",
        people_helped=45,
        volunteers=8,
        days_ago=4,
    ),
    DemoInitiative(
        commune="53130",
        slug="les-courses-du-mercredi",
        title="Les courses du mercredi",
        summary="Des bénévoles font les courses des voisins qui ne peuvent plus se déplacer.",
        paragraphs=(
            "Les demandes arrivent à l'accueil de la mairie ; un binôme de bénévoles passe "
            "chaque mercredi après-midi.",
        ),
        tips="Toujours un binôme, et un carnet pour noter les dépenses.",
        state=AT_MODERATORS,
        people_helped=30,
        hours_given=150,
        volunteers=6,
        days_ago=2,
        comment="Vu par le département : rien à redire.",
    ),
    DemoInitiative(
        commune="53062",
        slug="un-numero-pour-les-voisins",
        title="Un numéro pour les voisins",
        summary="Une habitante propose son aide pour les démarches en ligne.",
        paragraphs=(
            "Appelez Jeanne au 06 39 98 12 34 ou écrivez à jeanne.exemple@example.org : elle "
            "vient chez vous, 12 rue des Tilleuls.",
        ),
        tips="Passer par la mairie plutôt que par un numéro personnel.",
        state=FLAGGED,
        days_ago=5,
    ),
    DemoInitiative(
        commune="53147",
        slug="la-grainotheque-de-la-mediatheque",
        title="La grainothèque de la médiathèque",
        summary="Des graines à emprunter et à rendre après la récolte, et des ateliers de "
        "jardinage animés par des bénévoles.",
        paragraphs=(
            "Les jardiniers du quartier déposent leurs graines ; chacun peut en emprunter "
            "gratuitement.",
        ),
        tips="Étiqueter chaque sachet avec la date et le lieu de récolte.",
        state=LIVE,
        organisation="Médiathèque municipale",
        people_helped=200,
        volunteers=5,
        days_ago=10,
    ),
    DemoInitiative(
        commune="29232",
        slug="les-jardins-partages-de-kerfeunteun",
        title="Les jardins partagés de Kerfeunteun",
        summary="Des parcelles cultivées ensemble ; une partie des légumes va à l'épicerie "
        "solidaire.",
        paragraphs=(
            "Vingt familles entretiennent les parcelles ; les bénévoles accueillent les "
            "écoles le jeudi matin.",
        ),
        tips="Une charte simple, signée par chaque jardinier dès la première saison.",
        state=AT_MODERATORS,
        organisation="Les Jardins de Kerfeunteun",
        people_helped=60,
        hours_given=400,
        volunteers=20,
        days_ago=1,
    ),
    DemoInitiative(
        commune="29019",
        slug="une-tournee-des-voisins-isoles",
        title="Une tournée des voisins isolés",
        summary="Des visites chaque semaine chez les personnes âgées isolées du quartier.",
        paragraphs=("Des bénévoles rendent visite aux personnes âgées du quartier.",),
        tips="",
        state=REJECTED,
        days_ago=8,
        comment="Pouvez-vous préciser qui organise les visites et ajouter une photo ? "
        "Merci de décrire aussi comment les personnes sont repérées.",
    ),
    DemoInitiative(
        commune="17300",
        slug="reparer-plutot-que-jeter",
        title="Réparer plutôt que jeter",
        summary="Un atelier de réparation chaque premier samedi du mois, avec des bénévoles "
        "bricoleurs.",
        paragraphs=(
            "Petits appareils, vélos, vêtements : les bénévoles réparent avec les habitants, "
            "qui repartent en sachant faire.",
        ),
        tips="Afficher à l'entrée ce qu'on répare et ce qu'on ne répare pas.",
        state=LIVE,
        organisation="Atelier du Gabut",
        people_helped=310,
        hours_given=520,
        volunteers=15,
        days_ago=15,
    ),
    DemoInitiative(
        commune="53130",
        slug="une-boite-a-livres-au-square",
        title="Une boîte à livres au square",
        summary="Installer une boîte à livres au square, entretenue par les habitants.",
        paragraphs=("Le projet est en cours d'écriture.",),
        tips="",
        state=DRAFT,
    ),
)


def load() -> int:
    """Creates the initiatives that are missing; returns how many were created."""
    saved = 0
    for initiative in INITIATIVES:
        with transaction.atomic():
            saved += ensure_initiative(initiative)
    return saved


def commune_page(code: str) -> CommunePage | None:
    return CommunePage.objects.filter(commune__code=code, locale=Locale.get_default()).first()


def ensure_initiative(initiative: DemoInitiative) -> int:
    territory_page = commune_page(initiative.commune)
    if territory_page is None:
        return 0
    index = services.initiatives_index_of(territory_page, create=True)
    if InitiativePage.objects.child_of(index).filter(slug=initiative.slug).exists():
        return 0
    body = [
        {"type": "paragraph", "value": f"<p>{paragraph}</p>"} for paragraph in initiative.paragraphs
    ]
    page = InitiativePage(
        title=initiative.title,
        slug=initiative.slug,
        summary=initiative.summary,
        body=json.dumps(body),
        tips=initiative.tips,
        people_helped=initiative.people_helped,
        hours_given=initiative.hours_given,
        volunteers=initiative.volunteers,
        contact_name=initiative.organisation,
        submitted_by_name="Camille Exemple",
        submitted_by_email="camille.exemple@example.org",
        submitted_by_organisation=initiative.organisation,
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(log_action=True)
    if initiative.state != DRAFT:
        moderate(page, initiative)
        backdate(page, initiative.days_ago)
    return 1


def moderate(page: InitiativePage, initiative: DemoInitiative) -> None:
    """Submits it as the public form does and takes it to its demo state."""
    workflow = page.get_workflow()
    if workflow is None:
        return
    workflow.start(page, user=None)
    page = InitiativePage.objects.get(pk=page.pk)
    # The automated check, now rather than by the job queue (which will find it done).
    services.run_check(page.current_workflow_task_state.pk)
    if initiative.state in (FLAGGED, AT_REFERENTS):
        return
    referent = first_reviewer(services.referent_groups_of(page))
    moderator = first_reviewer(moderator_groups())
    page = InitiativePage.objects.get(pk=page.pk)
    if _at_referents(page):
        if referent is None:
            return
        act(page, referent, "approve", initiative.comment if initiative.state != REJECTED else "")
        page = InitiativePage.objects.get(pk=page.pk)
    if initiative.state == AT_MODERATORS or moderator is None:
        return
    if initiative.state == REJECTED:
        act(page, moderator, "reject", initiative.comment)
    else:
        act(page, moderator, "approve", "")


def _at_referents(page: InitiativePage) -> bool:
    return isinstance(page.current_workflow_task, DepartmentReferentTask)


def act(page: InitiativePage, user, action: str, comment: str) -> None:
    task_state = page.current_workflow_task_state
    if task_state is None:
        return
    task_state.task.specific.on_action(task_state, user, action, comment=comment)


def moderator_groups():
    from django.contrib.auth.models import Group

    return Group.objects.filter(territory_group__role=TerritoryGroup.Role.MODERATORS)


def first_reviewer(groups):
    found = services.reviewers(groups)
    return found[0] if found else None


def backdate(page: InitiativePage, days: int) -> None:
    """Moves its moderation `days` back in time (the dashboard's ages and weekly figures)."""
    if not days:
        return
    shift = datetime.timedelta(days=days)
    states = WorkflowState.objects.for_instance(page)
    for state in states:
        WorkflowState.objects.filter(pk=state.pk).update(created_at=state.created_at - shift)
        for task_state in TaskState.objects.filter(workflow_state=state):
            TaskState.objects.filter(pk=task_state.pk).update(
                started_at=task_state.started_at - shift,
                finished_at=task_state.finished_at - shift if task_state.finished_at else None,
            )
    for entry in PageLogEntry.objects.filter(page=page, action__startswith="wagtail.workflow"):
        PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=entry.timestamp - shift)
    if page.live:
        moment = timezone.now() - shift
        InitiativePage.objects.filter(pk=page.pk).update(
            first_published_at=moment, last_published_at=moment
        )
