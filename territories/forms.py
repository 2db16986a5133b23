"""The "where do you live?" form part: a postal code, then one of the communes it serves.

Other apps subclass `PostalCodeCommuneForm` (or copy its two fields into their own form and
call `clean_postal_code_and_commune`). Without JavaScript, the person types the postal code and
submits; the form comes back with the communes of that code to choose from (or picks the only
one). With JavaScript, the postal code field's `data-communes-url` gives the API address that
lists the communes of a code (`/api/v2/communes/?postal_code=53000`).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import Commune
from .services import communes_with_postal_code, known_postal_code, normalise_postal_code


class PostalCodeCommuneForm(forms.Form):
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "postal-code",
                "data-communes-url": reverse_lazy("wagtailapi:communes:listing"),
            }
        ),
    )
    # Its choices are the communes of the postal code typed, set in __init__.
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=_("Choose your commune"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        postal_code = (
            self.data.get(self.add_prefix("postal_code"))
            if self.is_bound
            else self.get_initial_for_field(self.fields["postal_code"], "postal_code")
        )
        try:
            code = normalise_postal_code(str(postal_code or ""))
        except ValidationError:
            code = None
        if code is not None:
            self.fields["commune"].queryset = communes_with_postal_code(code)
            self.fields["commune"].error_messages["invalid_choice"] = _(
                "Choose one of the communes of the postal code %(code)s."
            ) % {"code": code}

    def clean_postal_code(self) -> str:
        return known_postal_code(self.cleaned_data["postal_code"])

    def clean(self):
        cleaned_data = super().clean()
        self.clean_postal_code_and_commune()
        return cleaned_data

    def clean_postal_code_and_commune(self) -> None:
        """The commune must be one of the postal code's; the only one is chosen for the person."""
        if self.has_error("postal_code"):
            # The communes can only be checked against a valid postal code.
            self.errors.pop("commune", None)
            self.cleaned_data.pop("commune", None)
            return
        if self.has_error("commune") or self.cleaned_data.get("commune") is not None:
            return
        communes = list(self.fields["commune"].queryset[:2])
        if len(communes) == 1:
            self.cleaned_data["commune"] = communes[0]
        else:
            self.add_error(
                "commune",
                ValidationError(
                    _("Choose your commune among those of the postal code %(code)s."),
                    code="commune_required",
                    params={"code": self.cleaned_data["postal_code"]},
                ),
            )
