"""The one field of the enrolment and verification pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={
            "required": _("Enter the code."),
            "max_length": _("This code is too long."),
        },
    )


class FirstCodeForm(CodeForm):
    code = forms.CharField(
        label=_("6-digit code shown by the app"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "required": _("Enter the code."),
            "max_length": _("This code is too long."),
        },
    )
