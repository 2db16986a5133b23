"""Mailings in the Wagtail admin (/admin/envois/): the list of the viewer's mailings, writing
one, its page (preview, figures, test send to oneself, schedule or cancel the schedule).
Thin: the rules are in services.py; who may write for whom in services.senders_for."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onboarding.roles import Role, has_role

from . import services
from .forms import MailingForm, ScheduleForm, sender_choices
from .models import Mailing

PER_PAGE = 50
Status = Mailing.Status


def may_write_mailings(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    # A referent writes to their territory's volunteers (services.senders_for), read from
    # the user's groups once a request: the admin's menu asks on every page.
    return services.is_national(user) or has_role(user, Role.REFERENTS)


def _allowed(request) -> None:
    if not may_write_mailings(request.user):
        raise PermissionDenied


def _mailing(request, pk: int) -> Mailing:
    _allowed(request)
    return get_object_or_404(
        services.mailings_of(request.user).select_related(
            "commune", "department", "call_to_action_page"
        ),
        pk=pk,
    )


def index(request):
    _allowed(request)
    mailings = (
        services.mailings_of(request.user)
        .select_related("commune", "department")
        .annotate(copies=Count("deliveries"))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(mailings, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "mailings/admin/index.html", {"page_obj": page})


def edit(request, pk: int | None = None):
    mailing = _mailing(request, pk) if pk is not None else Mailing()
    if mailing.status not in (Status.DRAFT, Status.SCHEDULED):
        messages.error(request, _("A mailing being sent or sent cannot be changed."))
        return redirect("mailings_admin:detail", mailing.pk)
    if pk is None and not sender_choices(request.user):
        raise PermissionDenied
    form = MailingForm(request.POST or None, instance=mailing, user=request.user)
    if request.method == "POST" and form.is_valid():
        mailing = form.save()
        messages.success(request, _("The mailing is saved."))
        return redirect("mailings_admin:detail", mailing.pk)
    return TemplateResponse(
        request,
        "mailings/admin/edit.html",
        {"form": form, "mailing": mailing},
        status=400 if request.method == "POST" else 200,
    )


def detail(request, pk: int, schedule_form: ScheduleForm | None = None):
    mailing = _mailing(request, pk)
    preview = services.render_for(
        mailing,
        request.user,
        theme=services.theme_of(mailing),
        button_url=services.call_to_action_url(mailing),
        unsubscribe_url="#",
    )
    return TemplateResponse(
        request,
        "mailings/admin/detail.html",
        {
            "mailing": mailing,
            "preview": preview,
            "figures": services.figures_of(mailing),
            "segment_size": services.segment(mailing).count()
            if mailing.status == Status.DRAFT
            else None,
            "schedule_form": schedule_form or ScheduleForm(),
            "editable": mailing.status in (Status.DRAFT, Status.SCHEDULED),
        },
        status=400 if schedule_form is not None else 200,
    )


@require_POST
def test_send(request, pk: int):
    mailing = _mailing(request, pk)
    if services.send_test(mailing, request.user):
        sent_to = {"email": request.user.email}
        messages.success(request, _("A test copy is sent to %(email)s.") % sent_to)
    else:
        messages.error(request, _("Your account has no e-mail address."))
    return redirect("mailings_admin:detail", pk)


@require_POST
def schedule(request, pk: int):
    mailing = _mailing(request, pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, schedule_form=form)
    if mailing.status not in (Status.DRAFT, Status.SCHEDULED):
        messages.error(request, _("This mailing is already being sent."))
    else:
        services.schedule(mailing, form.cleaned_data["at"])
        messages.success(request, _("The mailing is scheduled."))
    return redirect("mailings_admin:detail", pk)


@require_POST
def unschedule(request, pk: int):
    mailing = _mailing(request, pk)
    services.unschedule(mailing)
    if mailing.status == Status.DRAFT:
        messages.success(request, _("The mailing is a draft again."))
    else:
        messages.error(request, _("This mailing is already being sent."))
    return redirect("mailings_admin:detail", pk)
