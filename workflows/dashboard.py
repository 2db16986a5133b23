"""The moderation dashboard: what waits for moderation (by age and department, those waiting
over 72 hours first), how many items were approved and how many changes were requested each
week, for the admin's home page, its report view and its CSV export.

Who sees what (`scope_of`): the moderators and administrators see everything; a department's
referents see the items of their department(s) only; anybody else sees nothing.

A fixed number of SQL queries, whatever the number of items: the waiting workflow states,
their pages (or snippets: one query per model), the department pages above them, the
automated check's reasons; then two queries for the weekly figures.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page, TaskState, WorkflowState

from onboarding.models import TerritoryGroup
from onboarding.roles import is_moderator
from pages.models import DepartmentPage
from pages.tree import DEPARTMENT_PATH_LENGTH

OVERDUE_AFTER = datetime.timedelta(hours=72)
WEEKS = 8


@dataclass(frozen=True)
class Scope:
    """Everything (`everything`), or the items of these departments (ids)."""

    everything: bool = False
    department_ids: tuple[int, ...] = ()


def scope_of(user) -> Scope | None:
    """What `user` may see on the dashboard; None: nothing (no dashboard at all)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser or is_moderator(user):
        return Scope(everything=True)
    departments = tuple(
        TerritoryGroup.objects.filter(
            role=TerritoryGroup.Role.REFERENTS, department__isnull=False, group__user=user
        )
        .order_by("department_id")
        .values_list("department_id", flat=True)
        .distinct()
    )
    return Scope(department_ids=departments) if departments else None


def department_paths(department_ids) -> list[str]:
    return list(
        DepartmentPage.objects.filter(department_id__in=department_ids).values_list(
            "path", flat=True
        )
    )


def _pages_within(paths: list[str]) -> QuerySet:
    """The ids (as text, like a workflow state's object_id) of the pages below these paths."""
    inside = Q(pk__in=[])
    for path in paths:
        inside |= Q(path__startswith=path)
    return (
        Page.objects.filter(inside)
        .annotate(id_text=Cast("pk", output_field=CharField(max_length=20)))
        .values("id_text")
    )


def scoped_states(scope: Scope, department_id: int | None = None) -> QuerySet[WorkflowState]:
    """The workflow states `scope` may see (any status), of one department if given."""
    states = WorkflowState.objects.all()
    departments = None
    if not scope.everything:
        departments = set(scope.department_ids)
    if department_id is not None:
        departments = {department_id} if departments is None else departments & {department_id}
    if departments is None:
        return states
    page_type = ContentType.objects.get_for_model(Page)
    return states.filter(
        base_content_type=page_type,
        object_id__in=_pages_within(department_paths(departments)),
    )


@dataclass
class WaitingItem:
    title: str
    kind: str
    department: str
    department_id: int | None
    step: str
    submitted_at: datetime.datetime
    waiting_since: datetime.datetime
    age: datetime.timedelta
    overdue: bool
    flagged: list[str]
    edit_url: str
    task_state_id: int | None = None
    task_id: int | None = None
    object_key: tuple = ()

    @property
    def age_hours(self) -> int:
        return int(self.age.total_seconds() // 3600)

    @property
    def age_label(self) -> str:
        days, hours = divmod(self.age_hours, 24)
        if days:
            return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
        return _("%(hours)s h") % {"hours": hours}


@dataclass
class DepartmentCount:
    department: str
    department_id: int | None
    waiting: int = 0
    overdue: int = 0


@dataclass
class Week:
    start: datetime.date
    approved: int = 0
    rejected: int = 0


@dataclass
class Dashboard:
    items: list[WaitingItem] = field(default_factory=list)
    by_department: list[DepartmentCount] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)


def waiting_items(
    scope: Scope, department_id: int | None = None, now: datetime.datetime | None = None
) -> list[WaitingItem]:
    """The items in moderation (not those sent back for changes), the longest waiting first.
    An item's age counts from when it reached its current step."""
    from .models import AutomatedCheckTaskState

    now = now or timezone.now()
    states = list(
        scoped_states(scope, department_id)
        .filter(status=WorkflowState.STATUS_IN_PROGRESS)
        .select_related("current_task_state__task", "content_type", "base_content_type")
    )
    page_type = ContentType.objects.get_for_model(Page)
    by_type: dict[ContentType, list[str]] = defaultdict(list)
    for state in states:
        by_type[state.base_content_type].append(state.object_id)

    objects: dict[tuple[int, str], object] = {}
    for content_type, ids in by_type.items():
        model = content_type.model_class()
        if model is None:
            continue
        found = model._default_manager.filter(pk__in=ids)
        if content_type == page_type:
            found = found.only("pk", "title", "path", "content_type_id", "depth")
        else:
            related = [name for name in ("commune__department", "department") if _has(model, name)]
            found = found.select_related(*related) if related else found
        for obj in found:
            objects[(content_type.pk, str(obj.pk))] = obj

    pages = [obj for obj in objects.values() if isinstance(obj, Page)]
    departments = _departments_above(pages)
    flagged = dict(
        AutomatedCheckTaskState.objects.filter(
            pk__in=[state.current_task_state_id for state in states if state.current_task_state_id]
        ).values_list("pk", "reasons")
    )

    finder = AdminURLFinder()
    items = []
    for state in states:
        obj = objects.get((state.base_content_type_id, state.object_id))
        if obj is None:
            continue
        if isinstance(obj, Page):
            department = departments.get(obj.path[:DEPARTMENT_PATH_LENGTH])
            edit_url = reverse("wagtailadmin_pages:edit", args=[obj.pk])
            kind = state.content_type.model_class()._meta.verbose_name
        else:
            commune = getattr(obj, "commune", None)
            department = commune.department if commune else getattr(obj, "department", None)
            edit_url = finder.get_edit_url(obj) or ""
            kind = obj._meta.verbose_name
        task_state = state.current_task_state
        since = task_state.started_at if task_state else state.created_at
        age = max(now - since, datetime.timedelta(0))
        items.append(
            WaitingItem(
                title=getattr(obj, "title", None) or str(obj),
                kind=str(kind),
                department=department.name if department else _("National"),
                department_id=department.pk if department else None,
                step=task_state.task.name if task_state else "",
                submitted_at=state.created_at,
                waiting_since=since,
                age=age,
                overdue=age > OVERDUE_AFTER,
                flagged=list(flagged.get(state.current_task_state_id) or []),
                edit_url=edit_url,
                task_state_id=state.current_task_state_id,
                task_id=task_state.task_id if task_state else None,
                object_key=(state.base_content_type_id, state.object_id),
            )
        )
    items.sort(key=lambda item: (item.waiting_since, item.title))
    return items


def links_for(items: list[WaitingItem], user) -> dict[int, str]:
    """For each item (by its index in `items`), the admin address `user` may open: the editor
    when they review the item at its current step (Wagtail lets a step's reviewers in) or may
    edit it anyway; nothing otherwise, rather than a link to "you do not have permission".
    A fixed number of queries: one per step in use, one for the pages, one per snippet model."""
    from wagtail.models import Task
    from wagtail.permission_policies import ModelPermissionPolicy
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if not items or not user.is_active:
        return {}
    if user.is_superuser:
        return {number: item.edit_url for number, item in enumerate(items) if item.edit_url}
    reviewable: set[int] = set()
    state_ids = [item.task_state_id for item in items if item.task_state_id]
    task_ids = {item.task_id for item in items if item.task_id}
    for task in Task.objects.filter(pk__in=task_ids).specific():
        states = task.get_task_states_user_can_moderate(user)
        reviewable.update(states.filter(pk__in=state_ids).values_list("pk", flat=True))
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = [int(item.object_key[1]) for item in items if item.object_key[0] == page_type.pk]
    editable_pages = set()
    if page_ids:
        editable_pages = {
            str(pk)
            for pk in PagePermissionPolicy()
            .instances_user_has_permission_for(user, "change")
            .filter(pk__in=page_ids)
            .values_list("pk", flat=True)
        }
    editable_models: dict[int, bool] = {}
    links = {}
    for number, item in enumerate(items):
        if not item.edit_url:
            continue
        content_type_id, object_id = item.object_key
        if item.task_state_id in reviewable:
            may_open = True
        elif content_type_id == page_type.pk:
            may_open = object_id in editable_pages
        else:
            if content_type_id not in editable_models:
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                viewset = getattr(model, "snippet_viewset", None)
                policy = viewset.permission_policy if viewset else ModelPermissionPolicy(model)
                editable_models[content_type_id] = policy.user_has_permission(user, "change")
            may_open = editable_models[content_type_id]
        if may_open:
            links[number] = item.edit_url
    return links


def editor_url_for(obj, user) -> str:
    """The editor of one item if `user` may open it (as Wagtail's editor decides), else ""."""
    if not user.is_active:
        return ""
    if isinstance(obj, Page):
        if obj.permissions_for_user(user).can_edit():
            return reverse("wagtailadmin_pages:edit", args=[obj.pk])
        return ""
    from wagtail.permission_policies import ModelPermissionPolicy

    viewset = getattr(type(obj), "snippet_viewset", None)
    policy = viewset.permission_policy if viewset else ModelPermissionPolicy(type(obj))
    task = getattr(obj, "current_workflow_task", None)
    if policy.user_has_permission(user, "change") or (
        task is not None and task.user_can_access_editor(obj, user)
    ):
        return AdminURLFinder().get_edit_url(obj) or ""
    return ""


def with_links(items: list[WaitingItem], user) -> list[WaitingItem]:
    """The items, each `edit_url` kept only where `user` may go (see `links_for`)."""
    links = links_for(items, user)
    for number, item in enumerate(items):
        item.edit_url = links.get(number, "")
    return items


def _has(model, path: str) -> bool:
    name = path.split("__")[0]
    return any(f.name == name and f.is_relation for f in model._meta.get_fields())


def _departments_above(pages: list[Page]) -> dict:
    paths = {page.path[:DEPARTMENT_PATH_LENGTH] for page in pages}
    if not paths:
        return {}
    return {
        page.path: page.department
        for page in DepartmentPage.objects.filter(path__in=paths).select_related("department")
    }


def counts_by_department(items: list[WaitingItem]) -> list[DepartmentCount]:
    counts: dict[int | None, DepartmentCount] = {}
    for item in items:
        count = counts.setdefault(
            item.department_id, DepartmentCount(item.department, item.department_id)
        )
        count.waiting += 1
        count.overdue += item.overdue
    return sorted(counts.values(), key=lambda c: (-c.overdue, -c.waiting, c.department))


def week_start(moment: datetime.datetime) -> datetime.date:
    day = timezone.localtime(moment).date()
    return day - datetime.timedelta(days=day.weekday())


def weekly_decisions(
    scope: Scope,
    department_id: int | None = None,
    weeks: int = WEEKS,
    now: datetime.datetime | None = None,
) -> list[Week]:
    """Per week (Monday, Europe/Paris), the latest first: the items approved at the last step
    (published) and the changes requested at any step."""
    now = now or timezone.now()
    first = week_start(now) - datetime.timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    states = scoped_states(scope, department_id)
    approved = (
        states.filter(status=WorkflowState.STATUS_APPROVED)
        .annotate(finished=Max("task_states__finished_at"))
        .filter(finished__gte=since)
        .values_list("finished", flat=True)
    )
    rejected = TaskState.objects.filter(
        status=TaskState.STATUS_REJECTED,
        finished_at__gte=since,
        workflow_state__in=states.values("pk"),
    ).values_list("finished_at", flat=True)
    approved_by_week = Counter(week_start(moment) for moment in approved)
    rejected_by_week = Counter(week_start(moment) for moment in rejected)
    result = []
    for number in range(weeks):
        start = first + datetime.timedelta(weeks=weeks - 1 - number)
        result.append(Week(start, approved_by_week[start], rejected_by_week[start]))
    return result


def dashboard(scope: Scope, department_id: int | None = None) -> Dashboard:
    items = waiting_items(scope, department_id)
    return Dashboard(
        items=items,
        by_department=counts_by_department(items),
        weeks=weekly_decisions(scope, department_id),
    )


def csv_rows(board: Dashboard) -> Iterator[list]:
    """The waiting items, then the weekly figures, as rows of a spreadsheet (written by
    core/spreadsheets.py)."""
    yield [
        _("Title"),
        _("Type"),
        _("Department"),
        _("Step"),
        _("Submitted"),
        _("Waiting since"),
        _("Hours waiting"),
        _("Over 72 hours"),
        _("Flagged"),
    ]
    for item in board.items:
        yield [
            item.title,
            item.kind,
            item.department,
            item.step,
            timezone.localtime(item.submitted_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(item.waiting_since).strftime("%Y-%m-%d %H:%M"),
            item.age_hours,
            _("yes") if item.overdue else _("no"),
            "; ".join(item.flagged),
        ]
    yield []
    yield [_("Week of"), _("Approved"), _("Changes requested")]
    for week in board.weeks:
        yield [week.start.isoformat(), week.approved, week.rejected]
