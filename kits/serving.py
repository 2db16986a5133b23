"""How a stored kit document reaches the browser, once a view has found it current: not through
Django's workers when something faster can send it (issue 18).

- On the local disk behind nginx (`KITS_ACCEL_REDIRECT`, e.g. "/_kits/"): an empty answer whose
  X-Accel-Redirect names the file under nginx's internal location (deploy/nginx/), which sends
  it; without the setting, Django streams the file itself (development, tests).
- In the bucket (object storage): a redirect to the object's signed address, which expires;
  the bucket sends the file, under the name Django chose (the address asks for it).

In every case the answer carries the document's ETag (its content's fingerprint) and its
file name, and a request that already has it (If-None-Match) gets 304 without the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.utils.http import content_disposition_header, parse_etags
from storages.backends.s3 import S3Storage

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .documents import DocumentKind
    from .models import KitDocument

# The folder of the kits' files in the storage (models.document_path): nginx's internal
# location points at it, so the address after its prefix is the file's name within it.
KITS_FOLDER = "kits/"
# How long the bucket's signed address of a document lasts: long enough to be followed at
# once, short enough that a copied address stops working soon.
SIGNED_URL_SECONDS = 15 * 60


def serve(
    request: HttpRequest,
    document: KitDocument,
    kind: DocumentKind,
    slug: str,
    *,
    attachment: bool,
    to_bucket: bool = True,
) -> HttpResponse:
    """`to_bucket`: False for the admin's previews, shown in its pages (an <object> whose
    redirect to another origin the admin's Content-Security-Policy may refuse): streamed."""
    etag = f'"{document.fingerprint}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")) or (
        request.headers.get("If-None-Match", "").strip() == "*"
    ):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    filename = f"{slug}-{kind.filename}"
    disposition = content_disposition_header(attachment, filename)
    storage = document.file.storage
    name = document.file.name
    if to_bucket and isinstance(storage, S3Storage):
        url = storage.url(
            name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": kind.content_type,
            },
            expire=SIGNED_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
        # The address expires: a browser must not keep the redirect and follow it later.
        response["Cache-Control"] = "no-store"
    elif (
        isinstance(storage, FileSystemStorage)
        and settings.KITS_ACCEL_REDIRECT
        and name.startswith(KITS_FOLDER)
    ):
        response = HttpResponse(content_type=kind.content_type)
        response["X-Accel-Redirect"] = settings.KITS_ACCEL_REDIRECT + name[len(KITS_FOLDER) :]
        response["Content-Disposition"] = disposition
    else:
        response = FileResponse(
            document.file.open("rb"),
            content_type=kind.content_type,
            as_attachment=attachment,
            filename=filename,
        )
    response["ETag"] = etag
    return response
