"""The assistance's tickets in the Wagtail admin (/admin/assistance/): the list the viewer
handles, a ticket with its answers, answering by e-mail and changing its state. Thin: the
rules are in services.py. A ticket out of the viewer's scope is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import AnswerForm, StatusForm
from .models import Ticket

PER_PAGE = 50


def _allowed(request) -> None:
    if not services.may_handle_tickets(request.user):
        raise PermissionDenied


def index(request):
    _allowed(request)
    tickets = services.visible_tickets(request.user).select_related(
        "commune", "routed_commune", "routed_department"
    )
    status = request.GET.get("status", "")
    if status in Ticket.Status.values:
        tickets = tickets.filter(status=status)
    else:
        status = ""
    page = Paginator(tickets, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "support/admin/index.html",
        {"page_obj": page, "status": status, "statuses": Ticket.Status.choices},
    )


def _visible(request, pk: int) -> Ticket:
    _allowed(request)
    return get_object_or_404(
        services.visible_tickets(request.user).select_related(
            "commune", "routed_commune", "routed_department"
        ),
        pk=pk,
    )


def detail(request, pk: int, answer_form: AnswerForm | None = None):
    ticket = _visible(request, pk)
    return TemplateResponse(
        request,
        "support/admin/detail.html",
        {
            "ticket": ticket,
            "answers": ticket.answers.select_related("author"),
            "answer_form": answer_form or AnswerForm(),
            "status_form": StatusForm(),
            "may_answer": ticket.status != Ticket.Status.CLOSED and ticket.erased_at is None,
        },
        status=400 if answer_form is not None else 200,
    )


@require_POST
def answer(request, pk: int):
    ticket = _visible(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, answer_form=form)
    try:
        services.answer(ticket, form.cleaned_data["body"], request.user)
    except services.TicketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The answer is sent by e-mail."))
    return redirect("support_admin:detail", pk)


@require_POST
def change_status(request, pk: int):
    ticket = _visible(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the states offered."))
        return redirect("support_admin:detail", pk)
    try:
        services.move_to(ticket, form.cleaned_data["status"])
    except services.TicketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The ticket's state is changed."))
    return redirect("support_admin:detail", pk)
