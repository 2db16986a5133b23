"""The photos of the submissions still awaiting moderation when this release arrives were stored
in their territory's public collection, at a public address (issue 14): they are moved as a new
submission's are (workflows/photos.py), under private/ in the collection "Soumissions en attente
de modération", their renditions deleted. Only the images the public form made (no uploader)
and no other page shows. A file that cannot be moved is logged and left as it was."""

import logging
import posixpath
import re
import secrets

from django.core.files.storage import default_storage
from django.db import migrations

logger = logging.getLogger("workflows.migrations")

PRIVATE_PREFIX = "private/"
PENDING_COLLECTION = "Soumissions en attente de modération"


def hide_pending_photos(apps, schema_editor):
    from wagtail.models import Collection

    InitiativePage = apps.get_model("pages", "InitiativePage")
    InitiativePhoto = apps.get_model("pages", "InitiativePhoto")
    Image = apps.get_model("wagtailimages", "Image")
    Rendition = apps.get_model("wagtailimages", "Rendition")

    pending = InitiativePage.objects.filter(live=False).exclude(submitted_by_email="")
    ids = set(
        InitiativePhoto.objects.filter(page__in=pending, image__uploaded_by_user__isnull=True)
        .exclude(image__file__startswith=PRIVATE_PREFIX)
        .values_list("image_id", flat=True)
    )
    ids -= set(
        InitiativePhoto.objects.filter(image_id__in=ids)
        .exclude(page__in=pending)
        .values_list("image_id", flat=True)
    )
    if not ids:
        return
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PENDING_COLLECTION).first()
    if collection is None:
        collection = root.add_child(instance=Collection(name=PENDING_COLLECTION))
    for image in Image.objects.filter(pk__in=ids).order_by("pk"):
        public = image.file.name
        extension = re.sub(r"[^a-z0-9]", "", posixpath.splitext(public)[1].lower())[:5] or "bin"
        name = f"{PRIVATE_PREFIX}submissions/pending-{secrets.token_hex(12)}.{extension}"
        try:
            with default_storage.open(public, "rb") as source:
                name = default_storage.save(name, source)
        except Exception:
            logger.exception("could not move the photo of image %s to private", image.pk)
            continue
        for rendition in Rendition.objects.filter(image_id=image.pk):
            _delete(rendition.file.name)
            rendition.delete()
        Image.objects.filter(pk=image.pk).update(file=name, collection_id=collection.pk)
        _delete(public)


def _delete(name):
    try:
        default_storage.delete(name)
    except Exception:
        logger.exception("could not delete %s", name)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0004_notifications_moved_to_core"),
        ("pages", "0009_accessibility_statement_and_sitemap"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(hide_pending_photos, migrations.RunPython.noop)]
