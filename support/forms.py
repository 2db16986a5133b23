"""The help centre's forms: the search, the public contact form (honeypot, one-line fields,
the commune found by its optional postal code as at sign-up), and the admin's answer and
state forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotForm
from territories.forms import PostalCodeCommuneForm

from .models import Audience, Ticket


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the help centre"), max_length=200, required=False)


class ContactForm(HoneypotForm, PostalCodeCommuneForm):
    """Name, e-mail, audience, the commune if any (by its postal code), subject and message."""

    name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("The answer is sent to it. Only the people who answer you see it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    audience = forms.ChoiceField(label=_("You are"), choices=Audience.choices)
    subject = forms.CharField(label=_("Subject"), max_length=150, min_length=3)
    message = forms.CharField(
        label=_("Your question"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    field_order = ["name", "email", "audience", "postal_code", "commune", "subject", "message"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        postal_code = self.fields["postal_code"]
        postal_code.required = False
        postal_code.label = _("Postal code of your commune (optional)")
        postal_code.help_text = _("Your question then goes to your commune's team, if it has one.")

    def clean_postal_code(self) -> str:
        if not self.cleaned_data["postal_code"].strip():
            return ""
        return super().clean_postal_code()

    def clean_postal_code_and_commune(self) -> None:
        if not self.cleaned_data.get("postal_code") and not self.has_error("postal_code"):
            self.cleaned_data["commune"] = None
            self.errors.pop("commune", None)
            return
        super().clean_postal_code_and_commune()

    def clean_subject(self) -> str:
        return " ".join(self.cleaned_data["subject"].split())


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        min_length=2,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Sent by e-mail to the person who asked, and kept with the ticket."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("State"),
        choices=[
            (Ticket.Status.IN_PROGRESS, _("In progress")),
            (Ticket.Status.CLOSED, _("Closed")),
        ],
    )
