"""The reusable form part: a postal code, then one of its communes."""

from django import forms

from territories.forms import PostalCodeCommuneForm
from territories.models import Commune


def test_the_only_commune_of_a_postal_code_is_chosen(imported_mayenne):
    form = PostalCodeCommuneForm(data={"postal_code": "53 000"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["postal_code"] == "53000"
    assert form.cleaned_data["commune"].code == "53130"


def test_a_postal_code_of_several_communes_asks_which_as_a_step_not_an_error(imported_mayenne):
    form = PostalCodeCommuneForm(data={"postal_code": "53240"})
    assert not form.is_valid()
    assert form.commune_to_choose
    assert form.errors == {}  # a normal step: no error, no red summary
    # The form comes back with these communes to choose from, and none other, each named with
    # the postal code typed; the commune field says why and takes the focus.
    choices = [label for value, label in form.fields["commune"].choices if value]
    assert len(choices) == 10
    assert "Andouillé (53240)" in choices
    html = str(form["commune"])
    assert "autofocus" in html
    assert 'aria-describedby="id_commune_helptext"' in html
    assert form["commune"].help_text == (
        "The postal code 53240 serves several communes: choose yours, then send the form again."
    )


def test_the_commune_step_leaves_the_focus_to_the_error_summary(imported_mayenne):
    class WithName(PostalCodeCommuneForm):
        name = forms.CharField()

    form = WithName(data={"postal_code": "53240"})
    assert not form.is_valid()
    assert form.commune_to_choose
    assert list(form.errors) == ["name"]
    assert "autofocus" not in str(form["commune"])


def test_communes_are_named_with_their_postal_code_not_their_insee_code(imported_mayenne):
    form = PostalCodeCommuneForm(initial={"postal_code": "53000"})
    assert [label for value, label in form.fields["commune"].choices if value] == ["Laval (53000)"]
    assert "53130" not in str(form["commune"])


def test_one_of_the_communes_of_the_postal_code_is_accepted(imported_mayenne):
    andouille = Commune.objects.get(name="Andouillé")
    form = PostalCodeCommuneForm(data={"postal_code": "53240", "commune": andouille.pk})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == andouille


def test_a_commune_of_another_postal_code_is_refused(imported_mayenne):
    laval = Commune.objects.get(code="53130")
    form = PostalCodeCommuneForm(data={"postal_code": "53240", "commune": laval.pk})
    assert not form.is_valid()
    assert form.errors == {"commune": ["Choose one of the communes of the postal code 53240."]}


def test_a_malformed_postal_code_is_the_only_error(imported_mayenne):
    laval = Commune.objects.get(code="53130")
    form = PostalCodeCommuneForm(data={"postal_code": "530", "commune": laval.pk})
    assert not form.is_valid()
    assert form.errors == {"postal_code": ["A postal code has five digits, e.g. 53000."]}


def test_an_unknown_postal_code_says_so(imported_mayenne):
    form = PostalCodeCommuneForm(data={"postal_code": "99999"})
    assert not form.is_valid()
    assert form.errors == {"postal_code": ["No commune has the postal code 99999."]}


def test_a_missing_postal_code_is_required(imported_mayenne):
    form = PostalCodeCommuneForm(data={})
    assert not form.is_valid()
    assert list(form.errors) == ["postal_code"]


def test_an_unbound_form_offers_no_commune_until_a_postal_code_is_known(imported_mayenne):
    assert list(PostalCodeCommuneForm().fields["commune"].queryset) == []
    form = PostalCodeCommuneForm(initial={"postal_code": "53000"})
    assert [c.name for c in form.fields["commune"].queryset] == ["Laval"]


def test_the_postal_code_field_tells_the_script_where_to_find_the_communes(imported_mayenne):
    html = str(PostalCodeCommuneForm()["postal_code"])
    assert 'data-communes-url="/api/v2/communes/"' in html
    assert 'autocomplete="postal-code"' in html
    assert 'data-commune-select="id_commune"' in html
    assert 'data-message-one="{commune}: your commune is chosen."' in html
    prefixed = str(PostalCodeCommuneForm(prefix="where")["postal_code"])
    assert 'data-commune-select="id_where-commune"' in prefixed


class SignUpForm(PostalCodeCommuneForm):
    """How another app uses it: its own fields, the postal code and commune checked alike."""

    first_name = forms.CharField()


def test_a_subclass_keeps_the_checks_and_adds_its_fields(imported_mayenne):
    form = SignUpForm(data={"first_name": "Anne", "postal_code": "53000"}, prefix="signup")
    assert not form.is_valid()  # the prefix is missing from the data
    form = SignUpForm(
        data={"signup-first_name": "Anne", "signup-postal_code": "53000"}, prefix="signup"
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"].name == "Laval"
