"""The one field of the enrolment and verification pages, and the admin's log-in form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's log-in form (WAGTAILADMIN_USER_LOGIN_FORM), whose password field has no label
    of its own: Django then shows its name, "Password", on the French page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


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
