"""The sign-up form ("Je donne une heure par mois") and the e-mail forms of the registration
link and of the volunteer space's link."""

import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from core.honeypot import HoneypotForm
from core.vocabulary import ActionKind
from snippets.models import Gesture
from territories.forms import PostalCodeCommuneForm

from .gestures import any_version_of, offered_gestures
from .models import Availability

PHONE_RE = re.compile(r"^0[1-9]\d{8}$")


def normalise_phone(value: str) -> str:
    """A French number, typed with spaces, dots or dashes, or +33: kept as 10 digits."""
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if not PHONE_RE.match(digits):
        raise ValidationError(
            _("Enter a French telephone number, e.g. 06 12 34 56 78."), code="phone"
        )
    return digits


class GestureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


def live_gestures():
    """The live French gestures: those a volunteer's choice is stored as (volunteers/gestures.py),
    which the referents' filters and forms offer."""
    return (
        Gesture.objects.filter(live=True, locale=Locale.get_default())
        .select_related("category")
        .order_by("category__order", "category__name", "title")
    )


@dataclass
class GestureGroup:
    """One category of gestures on the form: a collapsible group, open when one of its gestures
    is ticked (or the choice has an error), so that what is chosen is seen."""

    category: object
    gestures: list  # [(gesture, checked)]
    open: bool = False
    lang: str = ""  # the category's language, when not the page's (French, not translated)

    @property
    def chosen(self) -> int:
        return sum(1 for _gesture, checked in self.gestures if checked)


def offer_gestures(form: forms.Form, gestures=None) -> list[Gesture]:
    """Sets what `form`'s gestures field offers: `gestures` (volunteers/gestures.py's
    `offered_gestures` by default: in the active language), any of their versions accepted."""
    offered = list(gestures if gestures is not None else offered_gestures())
    form.fields["gestures"].queryset = any_version_of(offered)
    return offered


class SignUpForm(HoneypotForm, PostalCodeCommuneForm):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Telephone (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    gestures = GestureChoiceField(
        label=_("The gestures you would like to do"),
        queryset=Gesture.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of action"),
        choices=ActionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=_("When you are available"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("Your skills (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    heard_from = forms.CharField(
        label=_("How did you hear of L'Heure Civique? (optional)"), max_length=200, required=False
    )
    charter = forms.BooleanField(
        label=_("I have read and accept the volunteer charter"),
        error_messages={"required": _("Accept the volunteer charter to sign up.")},
    )
    contact_consent = forms.BooleanField(
        label=_("I agree to be contacted by my mairie about actions and requests for help"),
        error_messages={"required": _("Your mairie needs your consent to contact you.")},
    )
    language = forms.ChoiceField(
        label=_("Language of our messages to you"),
        choices=settings.LANGUAGES,
        required=False,  # the language of the page, when not sent (the API)
    )
    field_order = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "language",
        "postal_code",
        "commune",
        "gestures",
        "kinds",
        "availability",
        "skills",
        "heard_from",
        "charter",
        "contact_consent",
    ]

    def __init__(self, *args, gestures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["language"].initial = translation.get_language()
        self.gesture_list = offer_gestures(self, gestures)

    def gesture_groups(self) -> list[GestureGroup]:
        """The gestures grouped by category, in the order of `gesture_list`, for the template
        (templates/volunteers/_gestures.html)."""
        if self.is_bound:
            chosen = set(self.data.getlist(self.add_prefix("gestures")))
        else:
            chosen = {str(pk) for pk in self.initial.get("gestures", [])}
        groups: dict = {}
        for gesture in self.gesture_list:
            # A French gesture shown untranslated joins its category's translation's group.
            lang = getattr(gesture, "lang", "")
            group = groups.setdefault(
                gesture.category.translation_key, GestureGroup(gesture.category, [], lang=lang)
            )
            if group.lang and not lang:
                group.category, group.lang = gesture.category, ""
            checked = str(gesture.pk) in chosen
            group.gestures.append((gesture, checked))
            group.open = group.open or checked
        if self.is_bound and self.has_error("gestures"):
            for group in groups.values():
                group.open = True
        return list(groups.values())

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        return normalise_phone(value) if value else ""


class RegistrationLinkForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail"), max_length=254)


class LinkRequestForm(HoneypotForm):
    """The e-mail of the volunteer space's link request."""

    email = forms.EmailField(label=_("Your e-mail"), max_length=254)


class LinkTokenForm(forms.Form):
    """The token of an e-mailed link (what follows its last `/` in the address), sent by a
    front end on another site through the API instead of the link's own page."""

    token = forms.CharField(label=_("The token of the e-mailed link"), max_length=2000)


class EmailsForm(forms.Form):
    """The volunteer space's choice: the reminders, follow-ups and news, stopped or resumed."""

    emails = forms.ChoiceField(
        label=_("The reminders, follow-ups and news"),
        choices=[("stop", _("Stop them")), ("resume", _("Resume them"))],
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I want my data erased"),
        error_messages={"required": _("Confirm that you want your data erased.")},
    )
