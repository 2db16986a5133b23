"""The requests for help in the Wagtail admin (/admin/entraide/): the list the viewer may
see, recording a request, its page with the suggested volunteers, putting one in touch and
closing it. Thin: the rules are in services.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from volunteers import access
from volunteers.models import Volunteer

from . import services
from .forms import CloseForm, HelpRequestForm
from .models import HelpRequest

PER_PAGE = 50


def _allowed(request) -> None:
    if not services.may_see_requests(request.user):
        raise PermissionDenied


def index(request):
    _allowed(request)
    requests = services.visible_requests(request.user).select_related("commune", "gesture")
    status = request.GET.get("status", "")
    if status in HelpRequest.Status.values:
        requests = requests.filter(status=status)
    else:
        status = ""
    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("p"))
    communes = set(services.referent_communes(request.user).values_list("pk", flat=True))
    return TemplateResponse(
        request,
        "helprequests/admin/index.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": HelpRequest.Status.choices,
            "may_record": bool(communes),
            "contact_communes": communes,
        },
    )


def create(request):
    _allowed(request)
    communes = services.referent_communes(request.user).order_by("name")
    if not communes.exists():
        raise PermissionDenied
    form = HelpRequestForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        help_request = services.record(form.save(commit=False), request.user)
        messages.success(request, _("The request is recorded."))
        return redirect("helprequests_admin:detail", help_request.pk)
    return TemplateResponse(request, "helprequests/admin/create.html", {"form": form})


def _visible(request, pk: int) -> HelpRequest:
    _allowed(request)
    return get_object_or_404(
        services.visible_requests(request.user).select_related(
            "commune", "gesture__category", "recorded_by"
        ),
        pk=pk,
    )


def detail(request, pk: int, close_form: CloseForm | None = None):
    help_request = _visible(request, pk)
    handles = services.sees_contacts(request.user, help_request)
    open_ = help_request.status != HelpRequest.Status.CLOSED
    return TemplateResponse(
        request,
        "helprequests/admin/detail.html",
        {
            "help_request": help_request,
            "sees_contacts": handles,
            "contacts": help_request.contacts.select_related("volunteer"),
            # The volunteers' names are for those who see the commune's volunteers (its and its
            # department's referents: volunteers/access.py), not for the national staff.
            "names_volunteers": access.referent_communes(request.user)
            .filter(pk=help_request.commune_id)
            .exists(),
            "suggestions": services.suggestions(help_request) if handles and open_ else [],
            "close_form": close_form or CloseForm(),
            "is_open": open_,
        },
        status=400 if close_form is not None else 200,
    )


@require_POST
def put_in_touch(request, pk: int):
    help_request = _visible(request, pk)
    if not services.sees_contacts(request.user, help_request):
        raise PermissionDenied
    chosen = request.POST.get("volunteer", "")
    volunteer = Volunteer.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if volunteer is None:
        messages.error(request, _("Choose one of the suggested volunteers."))
        return redirect("helprequests_admin:detail", pk)
    try:
        services.put_in_touch(help_request, volunteer, request.user)
    except services.HelpRequestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is put in touch.") % {"name": volunteer.full_name})
    return redirect("helprequests_admin:detail", pk)


@require_POST
def close(request, pk: int):
    help_request = _visible(request, pk)
    if not services.sees_contacts(request.user, help_request):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, close_form=form)
    try:
        services.close(
            help_request, outcome=form.cleaned_data["outcome"], hours=form.cleaned_data["hours"]
        )
    except services.HelpRequestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The request is closed."))
    return redirect("helprequests_admin:detail", pk)
