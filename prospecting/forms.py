"""The pipeline's forms: its filter (a commune typed, never picked among hundreds), where a
commune stands and whom to write to, and planning a presentation."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.text import SingleLineFieldsMixin
from pages.agenda.recurrence import PARIS
from volunteers.forms import normalise_phone

from .models import Prospect


class PipelineFilterForm(forms.Form):
    commune = forms.CharField(
        label=gettext_lazy("Commune"),
        help_text=gettext_lazy("Its name or its postal code."),
        max_length=100,
        required=False,
    )
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        choices=[("", pgettext_lazy("prospect state", "All")), *Prospect.State.choices],
        required=False,
    )

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].widget.attrs.update(
            {
                "autocomplete": "off",
                "data-suggestions-url": reverse(
                    "prospecting_admin:commune_suggestions", args=[department.code]
                ),
                "data-message-count": _(
                    "{count} communes suggested: choose one with the up and down arrows, "
                    "then Enter."
                ),
                "data-message-none": _("No commune of this department matches."),
            }
        )


class ProspectForm(SingleLineFieldsMixin, forms.ModelForm):
    """Where a commune stands and whom to write to. Engaged is set by engaging; planned, by
    planning (which sends the invitation)."""

    class Meta:
        model = Prospect
        fields = ["state", "contact_name", "contact_email", "contact_phone", "presenter", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.state
        self.fields["state"].choices = [
            (value, label)
            for value, label in Prospect.State.choices
            if value not in (Prospect.State.ENGAGED, Prospect.State.PLANNED) or value == current
        ]

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data["contact_phone"].strip()
        return normalise_phone(phone) if phone else ""


class PresentationForm(SingleLineFieldsMixin, forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label=gettext_lazy("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of presentation"), choices=Prospect.Kind.choices
    )
    place = forms.CharField(
        label=gettext_lazy("Place or video link"), max_length=300, required=False
    )
    presenter = forms.CharField(label=gettext_lazy("Presented by"), max_length=150, required=False)

    def clean(self):
        data = super().clean()
        day, time = data.get("day"), data.get("time")
        if day and time:
            at = dt.datetime.combine(day, time).replace(tzinfo=PARIS)
            if at <= timezone.now():
                raise forms.ValidationError(_("The presentation must be planned in the future."))
            data["at"] = at
        return data
