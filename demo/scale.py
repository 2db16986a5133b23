"""France at full size for measuring (issue 18), behind `manage.py generate_scale_data`: engaged
communes with their pages and agendas, volunteers, a year of actions (some repeating) and
registrations, written in bulk so that 35,000 communes and a million volunteers take minutes;
on demand (`past_years`), the history a site keeps: years of one-off actions over, at the same
yearly rate, marked over as the nightly job marks them.

Territories: the reference file (territories/data/) holds all of France's communes, imported
when missing, so no invented commune is needed. Communes are engaged here without onboarding's
one-by-one steps: their page and agenda through `pages.bulk.add_children` (the tree stays
valid: `fixtree` finds nothing), their two groups and the editors' page permissions in bulk, but
no collection of their own (nobody uploads images in a generated territory). Departments are
engaged by onboarding itself (at most 101).

Generated rows are marked: volunteers' addresses end in @scale.invalid, actions' slugs begin
with "scale-" (those over with "scale-past-"), commune pages carry GENERATED_INTRO. A second
run tops up to the numbers asked and never deletes anything. Everyone is invented.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale, Page

from core.vocabulary import ActionKind
from onboarding import services as onboarding
from onboarding.models import TerritoryGroup
from onboarding.roles import group_name
from pages.agenda import occurrences
from pages.agenda.queries import ACTIONS_SLUG, ACTIONS_TITLE
from pages.agenda.recurrence import PARIS
from pages.bulk import add_children
from pages.models import ActionIndexPage, ActionPage, CommunePage, DepartmentPage
from pages.tree import COMMUNE_DEPTH, DEPARTMENT_PATH_LENGTH
from territories.models import Commune
from territories.services import import_territories
from volunteers.models import Registration, Volunteer

DOMAIN = "scale.invalid"
ACTION_SLUG_PREFIX = "scale-"
PAST_SLUG_PREFIX = f"{ACTION_SLUG_PREFIX}past-"
GENERATED_INTRO = "Commune engagée générée pour mesurer la plateforme à l'échelle de la France."
BATCH = 5000
# France's size: what the issue asks the platform to hold.
FRANCE = {"communes": 35_000, "volunteers": 1_000_000, "actions": 100_000, "registrations": 200_000}

FIRST_NAMES = ("Camille", "Dominique", "Claude", "Sacha", "Maxime", "Alix", "Morgane", "Yannick")
LAST_NAMES = ("Morvan", "Le Gall", "Perrin", "Chauvin", "Lebreton", "Guérin", "Tessier", "Roux")
ACTION_TITLES = (
    "Ramassage des déchets au bord de l'eau",
    "Lecture à voix haute à la médiathèque",
    "Café des voisins",
    "Coup de main au jardin partagé",
    "Atelier numérique pour les aînés",
    "Collecte pour l'épicerie solidaire",
)

Progress = Callable[[str, int, float], None]
"""Called as `progress(step, rows written, seconds)` after each step."""


@dataclass
class ScaleReport:
    written: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def scaled(scale: float) -> dict[str, int]:
    """France's numbers times `scale` (at least one of each)."""
    return {name: max(1, round(count * scale)) for name, count in FRANCE.items()}


def generate(
    *,
    communes: int,
    volunteers: int,
    actions: int,
    registrations: int,
    departments: list[str] | None = None,
    past_years: int = 0,
    seed: int = 18,
    progress: Progress | None = None,
) -> ScaleReport:
    """Tops the database up to these numbers of engaged communes (within `departments`, all of
    France when None), generated volunteers, generated actions and their registrations, and
    `past_years` × `actions` one-off actions over in the years before today."""
    rng = random.Random(seed)
    report = ScaleReport()

    def step(name: str, function: Callable[[], int]) -> None:
        started = time.perf_counter()
        written = function()
        report.written[name] = written
        report.seconds[name] = time.perf_counter() - started
        if progress is not None:
            progress(name, written, report.seconds[name])

    step("territories", lambda: _territories(communes, departments))
    step("commune pages", lambda: _engage_communes(communes, departments))
    step("actions", lambda: _actions(actions, rng))
    step("past actions", lambda: _past_actions(actions * past_years, past_years, rng))
    step("occurrences", occurrences.rebuild)
    step("actions over", occurrences.mark_ended)
    step("volunteers", lambda: _volunteers(volunteers, rng))
    step("registrations", lambda: _registrations(registrations, rng))
    cache.clear()  # the chrome, feeds and footers cached before the communes came
    analyze()
    return report


def analyze() -> None:
    """Fresh planner statistics after the bulk writes (PostgreSQL). Autovacuum catches up in
    its own time: until then the planner believes the page tree still holds the demo's few
    hundred rows and chooses nested loops that read it thousands of times (the home page's
    latest initiatives took 33 s at a twentieth of France, 0.3 s after ANALYZE)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _territories(wanted: int, departments: list[str] | None) -> int:
    present = Commune.objects.filter(kind=Commune.Kind.COMMUNE)
    if departments is not None:
        present = present.filter(department__code__in=departments)
    if present.count() >= wanted:
        return 0
    return import_territories(departments=departments).communes.created


def _engage_communes(wanted: int, departments: list[str] | None) -> int:
    """Engages communes (in code order) until `wanted` have a page: their page, agenda, groups."""
    locale = Locale.get_default()
    missing = wanted - CommunePage.objects.filter(locale=locale).count()
    if missing <= 0:
        return 0
    candidates = (
        Commune.objects.filter(kind=Commune.Kind.COMMUNE)
        .exclude(pk__in=CommunePage.objects.values("commune_id"))
        .select_related("department")
        .order_by("code")
    )
    if departments is not None:
        candidates = candidates.filter(department__code__in=departments)
    chosen = list(candidates[:missing])
    department_pages = {
        page.department_id: page for page in DepartmentPage.objects.filter(locale=locale)
    }
    for code in sorted(
        {c.department.code for c in chosen if c.department_id not in department_pages}
    ):
        page = onboarding.onboard_department(code)
        department_pages[page.department_id] = page
    taken = _child_slugs(department_pages.values())
    pairs = []
    for commune in chosen:
        parent = department_pages[commune.department_id]
        slug = commune.slug
        if slug in taken[parent.path]:
            slug = f"{slug}-{commune.code}"
        taken[parent.path].add(slug)
        page = CommunePage(title=commune.name, slug=slug, commune=commune, intro=GENERATED_INTRO)
        pairs.append((parent, page))
    with transaction.atomic():
        pages = add_children(pairs)
        add_children(
            [(page, ActionIndexPage(title=ACTIONS_TITLE, slug=ACTIONS_SLUG)) for page in pages]
        )
        _groups([(commune, page) for commune, page in zip(chosen, pages, strict=True)])
    return len(pages)


def _child_slugs(parents) -> dict[str, set[str]]:
    """The slugs of the department pages' children, by the parent's path (one query)."""
    taken: dict[str, set[str]] = {parent.path: set() for parent in parents}
    rows = Page.objects.filter(depth=COMMUNE_DEPTH).values_list("path", "slug")
    for path, slug in rows.iterator(chunk_size=BATCH):
        taken.setdefault(path[:DEPARTMENT_PATH_LENGTH], set()).add(slug)
    return taken


def _groups(engaged: list[tuple[Commune, CommunePage]]) -> None:
    """Each commune's editors and referents groups (what `is_engaged` looks for), the editors'
    permissions on its page, and both groups' access to the admin: as onboarding gives them."""
    codenames = [name.split(".", 1) for name in onboarding.EDITOR_PAGE_PERMISSIONS]
    page_permissions = list(
        Permission.objects.filter(
            Q(pk__in=[])
            | Q(*[Q(content_type__app_label=a, codename=c) for a, c in codenames], _connector=Q.OR)
        )
    )
    app_label, codename = onboarding.ACCESS_ADMIN.split(".", 1)
    access_admin = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    roles = (TerritoryGroup.Role.EDITORS, TerritoryGroup.Role.REFERENTS)
    for at in range(0, len(engaged), BATCH):
        chunk = engaged[at : at + BATCH]
        groups = Group.objects.bulk_create(
            [Group(name=group_name(commune, role)) for commune, _page in chunk for role in roles]
        )
        TerritoryGroup.objects.bulk_create(
            [
                TerritoryGroup(group=group, role=role, commune=commune)
                for (commune, _page), pair in zip(chunk, _pairs(groups), strict=True)
                for group, role in zip(pair, roles, strict=True)
            ]
        )
        GroupPagePermission.objects.bulk_create(
            [
                GroupPagePermission(group=pair[0], page=page, permission=permission)
                for (_commune, page), pair in zip(chunk, _pairs(groups), strict=True)
                for permission in page_permissions
            ]
        )
        Group.permissions.through.objects.bulk_create(
            [Group.permissions.through(group=group, permission=access_admin) for group in groups]
        )


def _pairs(groups: list[Group]) -> list[tuple[Group, Group]]:
    return list(zip(groups[::2], groups[1::2], strict=True))


def _actions(wanted: int, rng: random.Random) -> int:
    """Actions in the communes' agendas over the coming year: a fifth weekly for two to three
    months, a tenth monthly six times, the others once."""
    generated = ActionPage.objects.filter(slug__startswith=ACTION_SLUG_PREFIX).exclude(
        slug__startswith=PAST_SLUG_PREFIX
    )
    done = generated.count()
    if wanted <= done:
        return 0
    agendas = list(ActionIndexPage.objects.filter(depth=COMMUNE_DEPTH + 1).order_by("path"))
    if not agendas:
        return 0
    today = timezone.now().astimezone(PARIS).date()
    kinds = list(ActionKind.values)
    pairs = []
    for number in range(done, wanted):
        day = today + dt.timedelta(days=rng.randrange(1, 366))
        start = dt.datetime.combine(day, dt.time(rng.randrange(9, 18)), tzinfo=PARIS)
        action = ActionPage(
            title=f"{rng.choice(ACTION_TITLES)} ({number})",
            slug=f"{ACTION_SLUG_PREFIX}{number}",
            description="Une heure pour les voisins, près de chez vous.",
            kind=rng.choice(kinds),
            address="Place de la Mairie",
            start=start,
            end=start + dt.timedelta(hours=2),
        )
        shape = number % 10
        if shape in (0, 5):
            action.recurrence_frequency = "weekly"
            action.recurrence_until = day + dt.timedelta(weeks=rng.randrange(8, 14))
        elif shape == 3:
            action.recurrence_frequency = "monthly"
            action.recurrence_count = 6
        action.keep_recurrence()
        pairs.append((agendas[number % len(agendas)], action))
    written = 0
    for at in range(0, len(pairs), BATCH):
        with transaction.atomic():
            written += len(add_children(pairs[at : at + BATCH]))
    return written


def _past_actions(wanted: int, years: int, rng: random.Random) -> int:
    """One-off actions over, spread over the `years` before today in the communes' agendas: a
    site's history, which what is to come must not read (`ActionPage.ended`)."""
    done = ActionPage.objects.filter(slug__startswith=PAST_SLUG_PREFIX).count()
    if wanted <= done:
        return 0
    agendas = list(ActionIndexPage.objects.filter(depth=COMMUNE_DEPTH + 1).order_by("path"))
    if not agendas:
        return 0
    today = timezone.now().astimezone(PARIS).date()
    kinds = list(ActionKind.values)
    pairs = []
    for number in range(done, wanted):
        day = today - dt.timedelta(days=rng.randrange(1, 365 * years + 1))
        start = dt.datetime.combine(day, dt.time(rng.randrange(9, 18)), tzinfo=PARIS)
        action = ActionPage(
            title=f"{rng.choice(ACTION_TITLES)} ({number})",
            slug=f"{PAST_SLUG_PREFIX}{number}",
            description="Une heure donnée aux voisins.",
            kind=rng.choice(kinds),
            address="Place de la Mairie",
            start=start,
            end=start + dt.timedelta(hours=2),
        )
        pairs.append((agendas[number % len(agendas)], action))
    written = 0
    for at in range(0, len(pairs), BATCH):
        with transaction.atomic():
            written += len(add_children(pairs[at : at + BATCH]))
    return written


def _volunteers(wanted: int, rng: random.Random) -> int:
    """Volunteers of the engaged communes, nine in ten confirmed."""
    done = Volunteer.objects.filter(email__endswith=f"@{DOMAIN}").count()
    if wanted <= done:
        return 0
    communes = list(CommunePage.objects.values_list("commune_id", flat=True).order_by("pk"))
    if not communes:
        return 0
    now = timezone.now()
    written = 0
    for at in range(done, wanted, BATCH):
        rows = [
            Volunteer(
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                email=f"benevole-{number}@{DOMAIN}",
                commune_id=communes[number % len(communes)],
                charter_accepted_at=now,
                contact_consent=True,
                confirmed_at=None if number % 10 == 9 else now,
            )
            for number in range(at, min(at + BATCH, wanted))
        ]
        Volunteer.objects.bulk_create(rows)
        written += len(rows)
    return written


def _registrations(wanted: int, rng: random.Random) -> int:
    """Generated volunteers registered for generated actions, drawn at random."""
    done = Registration.objects.filter(volunteer__email__endswith=f"@{DOMAIN}").count()
    if wanted <= done:
        return 0
    volunteer_ids = list(
        Volunteer.objects.filter(email__endswith=f"@{DOMAIN}").values_list("pk", flat=True)
    )
    action_ids = list(
        ActionPage.objects.filter(slug__startswith=ACTION_SLUG_PREFIX).values_list("pk", flat=True)
    )
    if not volunteer_ids or not action_ids:
        return 0
    wanted = min(wanted, len(volunteer_ids) * len(action_ids))
    now = timezone.now()
    before = Registration.objects.count()
    while done < wanted:
        rows = [
            Registration(
                volunteer_id=rng.choice(volunteer_ids),
                action_id=rng.choice(action_ids),
                status=Registration.Status.REGISTERED,
                requested_at=now,
            )
            for _ in range(min(BATCH, wanted - done))
        ]
        Registration.objects.bulk_create(rows, ignore_conflicts=True)  # a pair drawn twice
        done = Registration.objects.filter(volunteer__email__endswith=f"@{DOMAIN}").count()
    return Registration.objects.count() - before
