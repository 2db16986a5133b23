"""Stored kit documents: one file per page and kind, served while nothing it shows has changed
since it was built (or last checked) and its file is whole. Each build writes a file of a new
name (core/files.py).

Whether a document is current is decided without reading what it shows (issue 18): what may
change a kit counts on its documents (`changes`, kits/signals.py), and the job that builds or
checks a document records the count it saw before reading the content (`built_for`). A download
compares the two numbers, never the content."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .documents import KINDS


def document_path(instance: "KitDocument", filename: str) -> str:
    return f"kits/{instance.page_id}/{filename}"


class KitDocument(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="kit_documents",
        verbose_name=_("page"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=[(kind.slug, kind.label) for kind in KINDS]
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    built_at = models.DateTimeField(_("built at"))
    # What was written, read back when it was built: a stored file of another size (emptied,
    # cut short) is never served (services.whole).
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    # How many times something the kit shows may have changed (raised by kits/signals.py and
    # the daily refresh), and the count the document was built or checked for: it is current
    # while both are equal. Only an UPDATE adding to `changes` writes it (never a save()).
    changes = models.PositiveIntegerField(_("changes"), default=0)
    built_for = models.PositiveIntegerField(_("built for change"), default=0)
    # The drawing code it was built with (documents.TEMPLATE_VERSION): a release that draws
    # differently rebuilds every document on its next download.
    template_version = models.CharField(_("template version"), max_length=20, default="")
    # When the first of the actions it prints is over: it is out of date from then on.
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("kit document")
        verbose_name_plural = _("kit documents")
        constraints = [
            models.UniqueConstraint(fields=["page", "kind"], name="kits_one_document_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} {self.kind}"


class KitLanguage(models.TextChoices):
    """The languages a kit may be printed in: the page's own by default; Breton, alone or
    beside French, under a department that publishes in Breton (pages/languages.py)."""

    PAGE = "", _("The page's language")
    ENGLISH = "en", _("English")
    BRETON = "br", _("Breton")
    FRENCH_BRETON = "fr-br", _("Bilingual French–Breton")


class KitSettings(models.Model):
    """The choices of a page's kit, made on the kit's admin page."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="kit_settings",
        verbose_name=_("page"),
    )
    language = models.CharField(
        _("language of the kit"), max_length=10, choices=KitLanguage.choices, blank=True
    )

    class Meta:
        verbose_name = _("kit settings")
        verbose_name_plural = _("kit settings")

    def __str__(self) -> str:
        return f"{self.page_id} {self.language}"
