"""The referent's forms: recording a request, closing it with its outcome and hours."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import SingleLineFieldsMixin
from volunteers.forms import live_gestures, normalise_phone

from .models import HelpRequest

MAX_HOURS = Decimal(200)


class HelpRequestForm(SingleLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = HelpRequest
        fields = [
            "commune",
            "gesture",
            "need",
            "wanted_on",
            "availability",
            "place",
            "channel",
            "beneficiary_name",
            "beneficiary_phone",
            "beneficiary_email",
            "beneficiary_address",
        ]
        widgets = {
            "wanted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "need": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["commune"].empty_label = None
        self.fields["gesture"].queryset = live_gestures()
        self.fields["gesture"].empty_label = _("None in particular")

    def clean_need(self) -> str:
        need = self.cleaned_data["need"].strip()
        if len(need) < 10:
            raise forms.ValidationError(_("Describe the help needed in a few words."))
        return need

    def clean_beneficiary_phone(self) -> str:
        value = self.cleaned_data["beneficiary_phone"].strip()
        return normalise_phone(value) if value else ""

    def clean(self):
        data = super().clean()
        unreachable = not (data.get("beneficiary_phone") or data.get("beneficiary_email"))
        mistyped = self.has_error("beneficiary_phone") or self.has_error("beneficiary_email")
        if unreachable and not mistyped:
            raise forms.ValidationError(
                _("Give a telephone number or an e-mail address to reach the beneficiary.")
            )
        return data


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=HelpRequest.Outcome.choices)
    hours = forms.DecimalField(
        label=_("Hours given"),
        min_value=Decimal(0),
        max_value=MAX_HOURS,
        decimal_places=1,
        initial=Decimal(1),
    )
