"""The idea box's public forms: the filters of /gestes/ and "Suggest a gesture"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotForm
from core.text import one_line
from core.vocabulary import ActionKind, Beneficiary, Place

from .models import Gesture, GestureCategory
from .services import DURATION_CHOICES, GestureFilters


def duration_label(minutes: int) -> str:
    if minutes < 60:
        return _("%(minutes)s minutes or less") % {"minutes": minutes}
    if minutes == 60:
        return _("One hour or less")
    return _("%(hours)s hours or less") % {"hours": minutes // 60}


class GestureFilterForm(forms.Form):
    """The GET form of /gestes/: every field is optional; an unknown value is reported and
    ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    categorie = forms.ChoiceField(label=_("Category"), required=False)
    type = forms.ChoiceField(
        label=_("Kind of action"),
        required=False,
        choices=[("", _("All kinds"))] + list(ActionKind.choices),
    )
    duree = forms.TypedChoiceField(
        label=_("Duration"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any duration"))],
    )
    lieu = forms.ChoiceField(
        label=_("Where"), required=False, choices=[("", _("Anywhere"))] + list(Place.choices)
    )
    pour = forms.ChoiceField(
        label=_("Who it helps"),
        required=False,
        choices=[("", _("Anyone"))] + list(Beneficiary.choices),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categorie"].choices = [("", _("All categories"))] + [
            (category.slug, category.name) for category in categories
        ]
        self.fields["duree"].choices = [("", _("Any duration"))] + [
            (minutes, duration_label(minutes)) for minutes in DURATION_CHOICES
        ]

    def filters(self) -> GestureFilters:
        """The valid filters; a field with an unknown value filters nothing."""
        data = self.cleaned_data if self.is_bound else {}
        return GestureFilters(
            q=" ".join(data.get("q", "").split()) if "q" in data else "",
            category=data.get("categorie") or "",
            kind=data.get("type") or "",
            max_duration=data.get("duree"),
            place=data.get("lieu") or "",
            helps=data.get("pour") or "",
        )


class GestureSuggestionForm(HoneypotForm):
    """A gesture proposed by a visitor; it stays a draft until moderated."""

    title = forms.CharField(
        label=_("Title of the gesture"),
        max_length=120,
        min_length=5,
        help_text=_('Start with a verb, e.g. "Read the newspaper to an older neighbour".'),
    )
    summary = forms.CharField(
        label=_("In one sentence"),
        max_length=200,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    how_to = forms.CharField(
        label=_("How to do it"),
        max_length=3000,
        min_length=30,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("How to start, whom to contact, a precaution if useful."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=GestureCategory.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Kind of action"), choices=ActionKind.choices)
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("Only the moderators see your name and e-mail; they are never published."),
    )

    def clean_summary(self) -> str:
        # One sentence, kept on one line (its field is a text area for reading ease): a line
        # break typed in it becomes a space.
        return one_line(self.cleaned_data["summary"])

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:
            self.fields["category"].queryset = categories

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        return title

    def clean(self):
        cleaned = super().clean()
        title = cleaned.get("title")
        category = cleaned.get("category")
        if title and category:
            exists = Gesture.objects.filter(
                locale_id=category.locale_id, title__iexact=title, live=True
            ).exists()
            if exists:
                self.add_error("title", _("This gesture is already in the idea box."))
        return cleaned
