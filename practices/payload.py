"""What a practice's API answer carries besides its columns: its files to download, with their
absolute addresses. The return annotation is the field's type in the OpenAPI document."""

from __future__ import annotations

from typing_extensions import TypedDict

from core.addresses import absolute
from core.serializers import WholeObjectField


class AttachmentSummary(TypedDict):
    id: int
    title: str
    download_url: str


class AttachmentsField(WholeObjectField):
    """The practice's documents in their order; in a page's own answer only (a listing gives
    null: it would ask once per page)."""

    def to_representation(self, page) -> list[AttachmentSummary] | None:
        view = self.context.get("view")
        if getattr(view, "action", None) != "detail_view":
            return None
        attachments = page.attachments.select_related("document").order_by("sort_order")
        return [
            {
                "id": attachment.document.pk,
                "title": attachment.document.title,
                "download_url": absolute(attachment.document.url),
            }
            for attachment in attachments
        ]
