"""The "where do you live?" form part: a postal code, then one of the communes it serves.

Other apps subclass `PostalCodeCommuneForm` (or copy its two fields into their own form and
call `clean_postal_code_and_commune`). Communes are named with the postal code people know,
"Laval (53000)", never with their INSEE code.

With JavaScript, `static/js/postal-code-communes.js` reads the postal code field's
`data-communes-url` (`/api/v2/communes/?postal_code=53000`) and fills the commune choice as the
person types. Without it, the person types the postal code and submits: the only commune of the
code is chosen for them; when the code serves several, the form comes back with them to choose
from. That is a normal step, not an error: `commune_to_choose` is set, `is_valid()` is False, the
commune field says why in its help and takes the focus (unless an error summary comes first).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.text import SingleLineFieldsMixin

from .models import Commune
from .services import communes_with_postal_code, known_postal_code, normalise_postal_code


class CommuneChoiceField(forms.ModelChoiceField):
    """The communes of one postal code, each named with that code: "Laval (53000)"."""

    postal_code = ""

    def label_from_instance(self, obj: Commune) -> str:
        # The communes come with their postal codes prefetched (communes_with_postal_code).
        code = self.postal_code or next((p.code for p in obj.postal_codes.all()), "")
        return f"{obj.name} ({code})" if code else obj.name


class PostalCodeCommuneForm(SingleLineFieldsMixin, forms.Form):
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
    commune = CommuneChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=_("Choose your commune"),
    )

    # What the script says (aria-live) as it fills the commune choice: {commune}, {count} and
    # {code} are replaced by the script. Translated here, on the server.
    script_messages = {
        "data-message-one": _("{commune}: your commune is chosen."),
        "data-message-several": _(
            "The postal code {code} serves {count} communes: choose yours in the list."
        ),
        "data-message-searching": _("Looking for the communes of {code}…"),
    }

    commune_to_choose = False

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
        commune = self.fields["commune"]
        if code is not None:
            commune.queryset = communes_with_postal_code(code)
            commune.postal_code = code
            commune.error_messages["invalid_choice"] = _(
                "Choose one of the communes of the postal code %(code)s."
            ) % {"code": code}
        # The fields are deep copies per form: these attributes are this form's own.
        self.fields["postal_code"].widget.attrs.update(
            {
                "data-commune-select": self["commune"].auto_id,
                # The code whose communes the page offers: the script asks again for another.
                "data-communes-of": code or "",
                **self.script_messages,
            }
        )

    @property
    def commune_choices_known(self) -> bool:
        """Whether the commune field has communes to offer (a postal code of the form's data
        or initial values): the page hides it until then, the script shows it once filled."""
        return bool(self.fields["commune"].postal_code)

    def is_valid(self) -> bool:
        return super().is_valid() and not self.commune_to_choose

    def questions(self) -> dict[str, list[str]]:
        """What the form still asks though the page shows it as no error (the commune among
        the postal code's several): the API answers it as the field's error
        (core/submissions.py), since it has no second step to show."""
        if self.commune_to_choose:
            return {"commune": [str(self.fields["commune"].help_text)]}
        return {}

    def clean_postal_code(self) -> str:
        return known_postal_code(self.cleaned_data["postal_code"])

    def clean(self):
        cleaned_data = super().clean()
        self.clean_postal_code_and_commune()
        return cleaned_data

    def clean_postal_code_and_commune(self) -> None:
        """The commune must be one of the postal code's; the only one is chosen for the person.
        When the code serves several and none is chosen, the form asks which, calmly: no error,
        `commune_to_choose` is set (and `is_valid()` is False)."""
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
            return
        self.commune_to_choose = True
        field = self.fields["commune"]
        field.help_text = _(
            "The postal code %(code)s serves several communes: choose yours, then send the "
            "form again."
        ) % {"code": self.cleaned_data["postal_code"]}
        # The bound field copied the help when it was made (in __init__): it gets it too.
        self["commune"].help_text = field.help_text
        if not self._errors:
            field.widget.attrs["autofocus"] = True
