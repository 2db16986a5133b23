"""The volunteers in the Wagtail admin: a listing of the referents' volunteers, with filters
(the commune typed, with suggestions), a detail view with notes and hours, a CSV export scoped
the same way and streamed (exports.py), the counts per commune for every role that sees counts
only, and the moderators' list of communes where volunteers wait. Who may do what: access.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.spreadsheets import csv_response
from snippets.models import Gesture
from territories.services import (
    by_relevance,
    commune_label,
    find_communes,
    search_communes,
    with_postal_codes,
)

from .. import access, exports, notes, services
from .. import hours as hours_service
from ..forms import live_gestures
from ..models import Availability, Registration

PER_PAGE = 50


class FilterForm(forms.Form):
    """The listing's and the export's filters. The commune is typed, never chosen in a list of
    every commune of the viewer (a department has hundreds, the country 35,000): a name, part of
    one, a postal code or a suggestion's label ("Laval (53000)", from `commune_suggestions`,
    which static/js/commune-suggestions.js offers as it is typed)."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    commune = forms.CharField(
        label=gettext_lazy("Commune"),
        help_text=gettext_lazy("Its name or its postal code."),
        max_length=100,
        required=False,
    )
    gesture = forms.ModelChoiceField(
        label=gettext_lazy("Gesture"), queryset=Gesture.objects.none(), required=False
    )
    availability = forms.ChoiceField(
        label=gettext_lazy("Availability"),
        choices=[("", "---------"), *Availability.choices],
        required=False,
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = communes
        self.fields["gesture"].queryset = live_gestures()
        self.fields["commune"].widget.attrs.update(
            {
                "autocomplete": "off",
                "data-suggestions-url": reverse("volunteers_admin:commune_suggestions"),
                "data-message-count": _(
                    "{count} communes suggested: choose one with the up and down arrows, "
                    "then Enter."
                ),
                "data-message-none": _("No commune of your territory matches."),
            }
        )

    def clean_commune(self):
        text = " ".join(self.cleaned_data["commune"].split())
        if not text:
            return None
        communes = find_communes(self.communes, text)
        if not communes.exists():
            raise forms.ValidationError(
                _(
                    "No commune of your territory matches “%(text)s”: type its name or its "
                    "postal code."
                ),
                code="unknown_commune",
                params={"text": text},
            )
        return communes

    def filter(self, volunteers):
        """`volunteers` filtered; none when a filter is wrong (the form says why), rather than
        all of them under a filter the viewer believes applied."""
        if not self.is_bound:
            return volunteers
        if not self.is_valid():
            return volunteers.none()
        data = self.cleaned_data
        if data["q"]:
            for word in data["q"].split():
                volunteers = volunteers.filter(
                    Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(email__icontains=word)
                )
        if data["commune"] is not None:
            volunteers = volunteers.filter(commune__in=data["commune"])
        if data["gesture"]:
            volunteers = volunteers.filter(gestures=data["gesture"])
        if data["availability"]:
            volunteers = volunteers.filter(availability__contains=f",{data['availability']},")
        return volunteers


def _require(request, action: str) -> None:
    if not access.may(request.user, action):
        raise PermissionDenied


def _scoped(request, action: str):
    _require(request, action)
    volunteers = access.listed_volunteers(request.user)
    form = FilterForm(request.GET or None, communes=access.referent_communes(request.user))
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


def export(request):
    _form, volunteers = _scoped(request, access.EXPORT)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return csv_response(
        exports.volunteer_rows(volunteers),
        f"volontaires-{stamp}.csv",
        delimiter=";",
        excel_bom=True,
        streaming=True,
    )


SUGGESTIONS = 10


def commune_suggestions(request):
    """The communes of the viewer's territory whose name or postal code matches `q` (two
    characters at least), for the commune filter: `{"items": [{"label": "Laval (53000)"}]}`."""
    _require(request, access.LIST)
    text = " ".join(request.GET.get("q", "")[:100].split())
    communes = []
    if len(text) >= 2:
        communes = with_postal_codes(
            by_relevance(search_communes(access.referent_communes(request.user), text), text)
        )[:SUGGESTIONS]
    return JsonResponse({"items": [{"label": commune_label(commune)} for commune in communes]})


def waiting(request):
    if not access.may_prospect(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "volunteers/admin/waiting.html",
        {"communes": services.waiting_counts()[:500], "heading": _("Volunteers waiting")},
    )
