"""The moderation report in the admin (/admin/moderation/): the waiting items by age and
department, the weekly figures, a CSV export; and a submission's photos awaiting moderation,
shown to their reviewers only. Rules are in dashboard.py and photos.py."""

from __future__ import annotations

import mimetypes

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import TaskState, WorkflowState

from core.spreadsheets import csv_response
from territories.models import Department

from . import dashboard, photos, services

ITEMS_PER_PAGE = 50


class DepartmentFilterForm(forms.Form):
    department = forms.TypedChoiceField(
        label=gettext_lazy("Department"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, scope: dashboard.Scope, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.order_by("code")
        if not scope.everything:
            departments = departments.filter(pk__in=scope.department_ids)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (department.pk, f"{department.code} — {department.name}") for department in departments
        ]


def moderation_report(request: HttpRequest) -> HttpResponse:
    scope = dashboard.scope_of(request.user)
    if scope is None:
        raise PermissionDenied
    form = DepartmentFilterForm(request.GET or None, scope=scope)
    department_id = None
    if form.is_bound and form.is_valid():
        department_id = form.cleaned_data["department"]
    board = dashboard.dashboard(scope, department_id)
    if request.GET.get("export") == "csv":
        filename = f"moderation-{timezone.localdate().isoformat()}.csv"
        return csv_response(dashboard.csv_rows(board), filename, excel_bom=True, streaming=True)
    page = Paginator(board.items, ITEMS_PER_PAGE).get_page(request.GET.get("p"))
    # Only links the user may follow (no "you do not have permission" at the end of one).
    page.object_list = dashboard.with_links(list(page.object_list), request.user)
    query = request.GET.copy()
    query.pop("p", None)
    query.pop("export", None)
    return render(
        request,
        "workflows/admin/moderation_report.html",
        {
            "board": board,
            "items_page": page,
            "form": form,
            "query": query.urlencode(),
            "overdue_hours": int(dashboard.OVERDUE_AFTER.total_seconds() // 3600),
        },
    )


def moderation_acted(request: HttpRequest, task_state_id: int) -> HttpResponse:
    """After an approval or a request for changes: what happened, in green, on a page the
    reviewer may see (the report, else the admin's home)."""
    task_state = (
        TaskState.objects.filter(pk=task_state_id)
        .exclude(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("workflow_state", "revision")
        .first()
    )
    if task_state is not None and task_state.finished_by_id != request.user.pk:
        # Another reviewer acted first (at the same moment, or a while before the click):
        # nothing more was done. Said only to those who may review the item at that step.
        if _may_have_acted(task_state, request.user):
            title = task_state.revision.object_str if task_state.revision else ""
            messages.info(
                request,
                _("“%(title)s” was already handled by someone else: nothing more was done.")
                % {"title": title},
            )
    elif task_state is not None:
        title = task_state.revision.object_str if task_state.revision else ""
        if task_state.status == TaskState.STATUS_REJECTED:
            message = _("You requested changes on “%(title)s”: its author has been told.")
        elif task_state.workflow_state.status == WorkflowState.STATUS_APPROVED:
            message = _("You approved “%(title)s”: it is now published.")
        else:
            message = _("You approved “%(title)s”: the next step begins.")
        messages.success(request, message % {"title": title})
    if dashboard.scope_of(request.user) is not None:
        return redirect("workflows_moderation_report")
    return redirect("wagtailadmin_home")


def _may_have_acted(task_state: TaskState, user) -> bool:
    task = task_state.task.specific
    obj = task_state.workflow_state.content_object
    return hasattr(task, "reviewers_of") and services.may_review(task, obj, user)


def moderation_open(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """The link of the reviewers' e-mails, which outlive the step they were sent for: the
    item's editor while the reader may open it; otherwise where it stands, on the report."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    obj = model._default_manager.filter(pk=object_id).first() if model else None
    if obj is None:
        messages.info(request, _("This item no longer exists."))
    else:
        obj = getattr(obj, "specific", obj)
        edit_url = dashboard.editor_url_for(obj, request.user)
        if edit_url:
            return redirect(edit_url)
        state = obj.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            message = _("“%(title)s” no longer waits for you: it is at the step “%(step)s”.")
            step = state.current_task_state.task.name if state.current_task_state else ""
        elif state is not None:
            message = _("“%(title)s” waits for its author's changes.")
            step = ""
        else:
            message = _("“%(title)s” is no longer in moderation.")
            step = ""
        title = getattr(obj, "title", None) or str(obj)
        messages.info(request, message % {"title": title, "step": step})
    if dashboard.scope_of(request.user) is not None:
        return redirect("workflows_moderation_report")
    return redirect("wagtailadmin_home")


def pending_photo(request: HttpRequest, image_id: int) -> HttpResponse:
    """A photo awaiting moderation, for those who may see its initiative's draft (the editor's
    chooser shows it from here); a 404 for everyone else, and once it is public."""
    image = photos.pending_photo_for(request.user, image_id)
    if image is None:
        raise Http404
    content_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        content_type = "application/octet-stream"  # the public form takes photos only
    response = FileResponse(
        image.file.storage.open(image.file.name, "rb"), content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
