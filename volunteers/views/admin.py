"""The volunteers in the Wagtail admin: a listing of the referents' volunteers, with filters,
a detail view with notes and hours, a CSV export scoped the same way, the counts per commune
for every role that sees counts only, and the moderators' list of communes where volunteers
wait. Who may do what: access.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.spreadsheets import csv_response
from snippets.models import Gesture
from territories.models import Commune

from .. import access, notes, services
from .. import hours as hours_service
from ..forms import live_gestures
from ..models import Availability, Registration

PER_PAGE = 50


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    commune = forms.ModelChoiceField(
        label=gettext_lazy("Commune"), queryset=Commune.objects.none(), required=False
    )
    gesture = forms.ModelChoiceField(
        label=gettext_lazy("Gesture"), queryset=Gesture.objects.none(), required=False
    )
    availability = forms.ChoiceField(
        label=gettext_lazy("Availability"),
        choices=[("", "---------"), *Availability.choices],
        required=False,
    )

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["gesture"].queryset = live_gestures()

    def filter(self, volunteers):
        if not self.is_valid():
            return volunteers
        data = self.cleaned_data
        if data["q"]:
            for word in data["q"].split():
                volunteers = volunteers.filter(
                    models_q(first_name__icontains=word)
                    | models_q(last_name__icontains=word)
                    | models_q(email__icontains=word)
                )
        if data["commune"]:
            volunteers = volunteers.filter(commune=data["commune"])
        if data["gesture"]:
            volunteers = volunteers.filter(gestures=data["gesture"])
        if data["availability"]:
            volunteers = volunteers.filter(availability__contains=f",{data['availability']},")
        return volunteers


def models_q(**kwargs):
    from django.db.models import Q

    return Q(**kwargs)


def _require(request, action: str) -> None:
    if not access.may(request.user, action):
        raise PermissionDenied


def _scoped(request, action: str):
    _require(request, action)
    volunteers = access.listed_volunteers(request.user)
    communes = access.referent_communes(request.user).select_related("department")
    form = FilterForm(request.GET or None, communes=communes)
    return form, form.filter(volunteers)


def index(request):
    if not access.may(request.user, access.LIST) and access.may(request.user, access.COUNTS):
        return redirect("volunteers_admin:counts")  # the roles that see counts only
    form, volunteers = _scoped(request, access.LIST)
    volunteers = volunteers.select_related("commune").prefetch_related("gestures")
    page = Paginator(volunteers, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "volunteers/admin/index.html",
        {
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
            "may_prospect": access.may_prospect(request.user),
        },
    )


def counts(request):
    """How many volunteers per commune of the viewer's scope, never who."""
    _require(request, access.COUNTS)
    return TemplateResponse(
        request,
        "volunteers/admin/counts.html",
        {
            "communes": access.counted_communes(request.user)[:1000],
            "may_list": access.may(request.user, access.LIST),
            "may_prospect": access.may_prospect(request.user),
        },
    )


class RecordHoursForm(forms.Form):
    """The referent records the hours a volunteer gave at an action they held a place in."""

    registration = forms.ModelChoiceField(
        label=gettext_lazy("Action"), queryset=Registration.objects.none()
    )
    hours = forms.DecimalField(
        label=gettext_lazy("Hours given"),
        min_value=hours_service.MIN_HOURS,
        max_value=hours_service.MAX_HOURS,
        decimal_places=1,
    )

    def __init__(self, *args, volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["registration"]
        field.queryset = Registration.objects.filter(
            volunteer=volunteer,
            status=Registration.Status.REGISTERED,
            action__start__lte=timezone.now(),
        ).select_related("action")
        field.label_from_instance = lambda registration: (
            f"{registration.action.title} — "
            f"{timezone.localtime(registration.action.start):%d/%m/%Y}"
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("New note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write the note before adding it.")},
    )


def _visible_volunteer(request, pk: int, action: str = access.LIST):
    _require(request, action)
    return get_object_or_404(
        access.listed_volunteers(request.user).select_related("commune__department"), pk=pk
    )


def _detail_page(request, volunteer, *, hours_form=None, note_form=None, status=200):
    registrations = Registration.objects.filter(volunteer=volunteer).select_related("action")
    return TemplateResponse(
        request,
        "volunteers/admin/detail.html",
        {
            "volunteer": volunteer,
            "gestures": volunteer.gestures.select_related("category"),
            "registrations": registrations,
            "notes": notes.notes_of(volunteer),
            "hours_form": hours_form or RecordHoursForm(volunteer=volunteer),
            "note_form": note_form or NoteForm(),
        },
        status=status,
    )


def detail(request, pk: int):
    volunteer = _visible_volunteer(request, pk)
    if request.method != "POST":
        return _detail_page(request, volunteer)
    _require(request, access.ANNOTATE)
    form = RecordHoursForm(request.POST, volunteer=volunteer)
    if not form.is_valid():
        return _detail_page(request, volunteer, hours_form=form, status=400)
    hours_service.record_hours(form.cleaned_data["registration"], form.cleaned_data["hours"])
    messages.success(request, _("The hours given are recorded."))
    return redirect("volunteers_admin:detail", pk=volunteer.pk)


@require_POST
def add_note(request, pk: int):
    volunteer = _visible_volunteer(request, pk, access.ANNOTATE)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, volunteer, note_form=form, status=400)
    notes.add_note(volunteer, request.user, form.cleaned_data["text"])
    messages.success(request, _("The note is added."))
    return redirect("volunteers_admin:detail", pk=volunteer.pk)


@require_POST
def delete_note(request, pk: int, note: int):
    volunteer = _visible_volunteer(request, pk, access.ANNOTATE)
    if not notes.delete_note(volunteer, note):
        raise Http404
    messages.success(request, _("The note is deleted."))
    return redirect("volunteers_admin:detail", pk=volunteer.pk)


CSV_COLUMNS = [
    ("first_name", gettext_lazy("First name")),
    ("last_name", gettext_lazy("Last name")),
    ("email", gettext_lazy("E-mail")),
    ("phone", gettext_lazy("Telephone")),
    ("commune", gettext_lazy("Commune")),
    ("gestures", gettext_lazy("Gestures")),
    ("kinds", gettext_lazy("Kinds of action")),
    ("availability", gettext_lazy("Availability")),
    ("skills", gettext_lazy("Skills")),
    ("confirmed", gettext_lazy("Confirmed on")),
    ("created", gettext_lazy("Signed up on")),
]


def export(request):
    _form, volunteers = _scoped(request, access.EXPORT)
    volunteers = volunteers.select_related("commune").prefetch_related("gestures")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return csv_response(
        _csv_rows(volunteers), f"volontaires-{stamp}.csv", delimiter=";", excel_bom=True
    )


def _csv_rows(volunteers):
    yield [label for _name, label in CSV_COLUMNS]
    for volunteer in volunteers:
        confirmed = volunteer.confirmed_at
        yield [
            volunteer.first_name,
            volunteer.last_name,
            volunteer.email,
            volunteer.phone,
            f"{volunteer.commune.name} ({volunteer.commune.code})",
            ", ".join(gesture.title for gesture in volunteer.gestures.all()),
            ", ".join(volunteer.kind_labels()),
            ", ".join(volunteer.availability_labels()),
            volunteer.skills,
            timezone.localtime(confirmed).strftime("%Y-%m-%d %H:%M") if confirmed else "",
            timezone.localtime(volunteer.created_at).strftime("%Y-%m-%d %H:%M"),
        ]


def waiting(request):
    if not access.may_prospect(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "volunteers/admin/waiting.html",
        {"communes": services.waiting_counts()[:500], "heading": _("Volunteers waiting")},
    )
