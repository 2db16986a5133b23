"""The honeypot of the public forms: a field people never see and robots fill in, so that a
robot's post is recognised without a captcha.

One behaviour for a caught robot, in every form: the page answers exactly as it answers a person
whose post succeeded (the same redirect or page, the same thanks), and nothing is saved or sent.
The robot learns nothing it could use to adapt. Rate limits still apply to it as to anyone: a
form that counts a success counts the robot's post too, before answering.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .text import SingleLineFieldsMixin

FIELD_NAME = "website"


class HoneypotForm(SingleLineFieldsMixin, forms.Form):
    """A public form with the honeypot, drawn last by `templates/includes/honeypot.html`: out
    of sight, inside an aria-hidden container, never focused (tabindex -1) nor filled by the
    browser. Its one-line fields refuse line breaks (core/text.py)."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Last, whatever the order of the subclass's fields: a person never reaches it.
        self.fields[FIELD_NAME] = self.fields.pop(FIELD_NAME)

    def caught_robot(self) -> bool:
        """True when the hidden field was filled in: the post is a robot's."""
        return bool(str(self.data.get(self.add_prefix(FIELD_NAME), "")).strip())
