"""The prospecting pipeline in the Wagtail admin (/admin/prospection/): the departments the
viewer follows, a department's communes ranked by the volunteers waiting there, and a commune's
page (where it stands, its contact, planning a presentation, engaging it). Thin: the rules are
in services.py; another department's pipeline is a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.addresses import absolute
from onboarding.roles import departments_engaging_for
from onboarding.services import OnboardingError
from territories.models import Commune, Department
from territories.services import commune_label, find_communes, search_communes, with_postal_codes

from . import services
from .forms import PipelineFilterForm, PresentationForm, ProspectForm

PER_PAGE = 50
SUGGESTIONS = 10


def index(request):
    departments = services.departments_of(request.user).order_by("code")
    if not departments.exists():
        raise PermissionDenied
    if departments.count() == 1:
        return redirect("prospecting_admin:department", departments.get().code)
    return TemplateResponse(request, "prospecting/admin/index.html", {"departments": departments})


def _department(request, code: str) -> Department:
    department = get_object_or_404(Department, code=code)
    if not services.may_prospect(request.user, department):
        raise PermissionDenied
    return department


def department(request, code: str):
    department = _department(request, code)
    form = PipelineFilterForm(request.GET or None, department=department)
    communes, state = None, ""
    if form.is_valid():
        text = " ".join(form.cleaned_data["commune"].split())
        if text:
            communes = find_communes(Commune.objects.filter(department=department), text)
        state = form.cleaned_data["state"]
    rows = services.pipeline(department, communes=communes, state=state)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    for commune in page:
        commune.pipeline_state = services.state_of(commune)
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "prospecting/admin/department.html",
        {
            "department": department,
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
            "states": dict(services.State.choices),
        },
    )


def commune_suggestions(request, code: str):
    """The department's communes matching `q` (two characters at least), for the filter:
    `{"items": [{"label": "Laval (53000)"}]}` (static/js/commune-suggestions.js)."""
    department = _department(request, code)
    text = " ".join(request.GET.get("q", "")[:100].split())
    communes = []
    if len(text) >= 2:
        communes = with_postal_codes(
            search_communes(Commune.objects.filter(department=department), text)
        ).order_by("name", "code")[:SUGGESTIONS]
    return JsonResponse({"items": [{"label": commune_label(commune)} for commune in communes]})


def _commune(request, code: str, insee: str) -> tuple[Department, Commune]:
    department = _department(request, code)
    commune = services.pipeline(department, communes=Commune.objects.filter(code=insee)).first()
    if commune is None:
        raise Http404
    return department, commune


def commune(request, code: str, insee: str):
    department, commune = _commune(request, code, insee)
    prospect = services.prospect_of(commune)
    form = ProspectForm(request.POST or None, instance=prospect, prefix="prospect")
    if request.method == "POST" and services.state_of(commune) == services.State.ENGAGED:
        messages.error(request, _("This commune is already engaged."))
        return redirect("prospecting_admin:commune", department.code, commune.code)
    if request.method == "POST" and form.is_valid():
        services.record(form.instance, request.user)
        messages.success(request, _("%(commune)s is updated.") % {"commune": commune.name})
        return redirect("prospecting_admin:commune", department.code, commune.code)
    return _commune_page(request, department, commune, form=form)


def _commune_page(request, department, commune, *, form=None, plan_form=None, status=200):
    prospect = services.prospect_of(commune)
    initial = {"presenter": prospect.presenter, "place": prospect.presentation_place}
    if prospect.presentation_kind:
        initial["kind"] = prospect.presentation_kind
    return TemplateResponse(
        request,
        "prospecting/admin/commune.html",
        {
            "department": department,
            "commune": commune,
            "prospect": prospect,
            "state": services.state_of(commune),
            "form": form or ProspectForm(instance=prospect, prefix="prospect"),
            "plan_form": plan_form or PresentationForm(initial=initial, prefix="plan"),
            "may_engage": departments_engaging_for(request.user).filter(pk=department.pk).exists(),
        },
        status=status,
    )


@require_POST
def plan(request, code: str, insee: str):
    department, commune = _commune(request, code, insee)
    form = PresentationForm(request.POST, prefix="plan")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_presentation(
                commune,
                request.user,
                at=data["at"],
                kind=data["kind"],
                place=data["place"],
                presenter=data["presenter"],
                url=absolute("/"),
            )
        except services.ProspectingError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The presentation is planned; the invitation is sent to the mairie's contact."),
            )
            return redirect("prospecting_admin:commune", department.code, commune.code)
    return _commune_page(request, department, commune, plan_form=form, status=400)


@require_POST
def engage(request, code: str, insee: str):
    department, commune = _commune(request, code, insee)
    try:
        services.engage(commune, request.user)
    except OnboardingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(commune)s is engaged: its page and its groups are created.")
            % {"commune": commune.name},
        )
    return redirect("prospecting_admin:commune", department.code, commune.code)
