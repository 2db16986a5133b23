"""The admin forms that engage a department or a commune: one text field each, checked by the
onboarding services (which give the error messages)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EngageDepartmentForm(forms.Form):
    department = forms.CharField(
        label=_("Department"),
        max_length=3,
        help_text=_("Its INSEE code, e.g. 53 for Mayenne, 2A for Corse-du-Sud."),
        widget=forms.TextInput(attrs={"list": "departments", "autocomplete": "off"}),
    )


class EngageCommuneForm(forms.Form):
    commune = forms.CharField(
        label=_("Commune"),
        max_length=100,
        help_text=_("Its INSEE code (e.g. 53130 for Laval), its name or its postal code."),
        widget=forms.TextInput(attrs={"list": "communes", "autocomplete": "off"}),
    )
