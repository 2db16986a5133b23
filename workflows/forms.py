"""The public "Propose an initiative" form: no account, a honeypot, photos checked."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotForm
from territories.forms import PostalCodeCommuneForm

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_FIELDS = [("photo_1", "credit_1"), ("photo_2", "credit_2")]
# An initiative's figures (people helped, hours, volunteers): far above any real one, and far
# below what the database's integer holds (a larger number was a 500, found by the fuzzing).
LARGEST_FIGURE = 1_000_000


def check_photo(upload) -> None:
    """A JPEG, PNG or WebP image of at most 5 MB (Django's ImageField already opened it)."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB."), code="photo_size")
    image = getattr(upload, "image", None)
    if image is None or image.format not in PHOTO_FORMATS:
        raise ValidationError(_("Send a JPEG, PNG or WebP photo."), code="photo_type")
    width, height = image.size
    if width * height > MAX_PHOTO_PIXELS:
        raise ValidationError(_("The photo has too many pixels."), code="photo_pixels")


class InitiativeProposalForm(HoneypotForm):
    title = forms.CharField(label=_("Name of the initiative"), max_length=150)
    summary = forms.CharField(
        label=_("In a few words"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label=_("What happens, who takes part, how it started"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    tips = forms.CharField(
        label=_("Tips for other communes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    people_helped = forms.IntegerField(
        label=_("People helped"), min_value=0, max_value=LARGEST_FIGURE, required=False
    )
    hours_given = forms.IntegerField(
        label=_("Hours given"), min_value=0, max_value=LARGEST_FIGURE, required=False
    )
    volunteers = forms.IntegerField(
        label=_("Volunteers"), min_value=0, max_value=LARGEST_FIGURE, required=False
    )
    photo_1 = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, 5 MB at most. Only photos you may publish."),
        validators=[check_photo],
    )
    credit_1 = forms.CharField(label=_("Credit of the photo"), max_length=150, required=False)
    photo_2 = forms.ImageField(label=_("Another photo"), required=False, validators=[check_photo])
    credit_2 = forms.CharField(label=_("Credit of the other photo"), max_length=150, required=False)
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("For the moderators only: it is never published."),
    )
    email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_("To follow the moderation of your initiative. Never published."),
    )
    organisation = forms.CharField(
        label=_("Your mairie or association"), max_length=150, required=False
    )

    def clean(self):
        cleaned_data = super().clean()
        for photo, credit in PHOTO_FIELDS:
            if cleaned_data.get(photo) and not (cleaned_data.get(credit) or "").strip():
                self.add_error(credit, _("Say who took the photo."))
        return cleaned_data

    def photos(self) -> list[tuple]:
        return [
            (self.cleaned_data[photo], self.cleaned_data[credit].strip())
            for photo, credit in PHOTO_FIELDS
            if self.cleaned_data.get(photo)
        ]


class NationalInitiativeProposalForm(PostalCodeCommuneForm, InitiativeProposalForm):
    """The national form: the commune of the initiative, found by its postal code."""

    field_order = ["postal_code", "commune"]


class InitiativeChangesForm(InitiativeProposalForm):
    """The submitter's changes, through their follow-up link: the same proposal, prefilled; the
    e-mail address stays the one the link was sent to, the commune where it was proposed."""

    email = None
