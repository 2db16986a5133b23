"""Stored kit documents: one file per page and kind, reused while its fingerprint matches and
its file is whole. Each build writes a file of a new name (core/files.py)."""

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

    class Meta:
        verbose_name = _("kit document")
        verbose_name_plural = _("kit documents")
        constraints = [
            models.UniqueConstraint(fields=["page", "kind"], name="kits_one_document_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} {self.kind}"
