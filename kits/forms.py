"""The image form of the admin (WAGTAILIMAGES_IMAGE_FORM_BASE): Wagtail's, refusing an SVG file
that carries anything active (scripts, event handlers, references to other files or addresses)
or that cannot be read safely, with a French message. Logos may then be SVG (drawn as vectors
in the kits) without an uploaded file ever acting when it is opened."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.images.forms import BaseImageForm

from core.text import SingleLineFieldsMixin

from .svg import UnsafeSvg, clean_svg, is_svg


class KitLanguageForm(forms.Form):
    """The language a page's kit is printed in (its admin page): Breton, alone or beside
    French, is offered only under a department that publishes in Breton."""

    language = forms.ChoiceField(label=gettext_lazy("Language of the kit"), required=False)

    def __init__(self, page, *args, **kwargs):
        from .services import kit_language_choices

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = kit_language_choices(page)


class ImageForm(SingleLineFieldsMixin, BaseImageForm):
    """Its title is one line, like every admin model form's (core/text.py): Wagtail's image
    form is built by its own field callback, which the admin's override does not reach."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if "file" not in self.changed_data or not file or not is_svg(file.name):
            return file  # an image edited without a new file is not read again
        file.seek(0)
        data = file.read()
        file.seek(0)
        try:
            cleaned = clean_svg(data)
        except UnsafeSvg as error:
            raise forms.ValidationError(str(error), code="unsafe_svg") from error
        if cleaned.removed:
            raise forms.ValidationError(
                _(
                    "This SVG file contains scripts, links or references to other files "
                    "(%(found)s): export it again without them, or send a PNG image."
                )
                % {"found": ", ".join(dict.fromkeys(cleaned.removed[:3]))},
                code="unsafe_svg",
            )
        return file
