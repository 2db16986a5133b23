"""The photos of a public submission: private until the initiative is published (issue 14).

A photo sent through the public form is stored under the private prefix (core/privatemedia.py)
in the one collection "Soumissions en attente de modération", which no group is given any
permission on: it is in no editor's image library or chooser, in no API, at no public address.
One collection for every territory rather than one each: nobody is meant to browse it (who may
see a photo is decided per photo, from its initiative, by `may_see_photo`), so a collection per
territory would only add groups' permissions to get wrong. Its reviewers see it through the
admin's `pending_photo` view, found through its `PendingPhoto` row (the initiative it was sent
for), also when it is only in a revision sent again for an initiative already published.
Published with its initiative, it moves to the territory's collection under a public name;
deleted with it (or taken out of it), it is deleted with its file and renditions; left in a
submission abandoned or turned down, it is purged with it (retention.py).
"""

from __future__ import annotations

import logging
import posixpath
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from core.privatemedia import PRIVATE_PREFIX, is_private, private_name
from onboarding.models import TerritoryCollection
from pages.models import InitiativePage, InitiativePhoto
from pages.models.initiatives import may_see_submitter

from .models import PendingPhoto

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

logger = logging.getLogger("workflows.photos")

PENDING_COLLECTION = "Soumissions en attente de modération"


def pending_collection() -> Collection:
    """The private collection of the photos awaiting moderation, made when missing."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PENDING_COLLECTION).first()
    if collection is None:
        collection = root.add_child(instance=Collection(name=PENDING_COLLECTION))
    return collection


def store_pending_photo(upload: UploadedFile, title: str):
    """A photo of a submission, stored privately (a new name nobody can guess)."""
    extension = posixpath.splitext(upload.name or "")[1].lstrip(".")
    name = default_storage.save(private_name(extension), upload)
    return get_image_model().objects.create(
        title=title[:255], file=name, collection=pending_collection()
    )


def link_to_initiative(page: InitiativePage, images) -> None:
    """Each pending image of `images` linked to the initiative it was sent for."""
    PendingPhoto.objects.bulk_create(PendingPhoto(image=image, page=page) for image in images)


def is_pending(image) -> bool:
    return image is not None and is_private(image.file.name)


def territory_collection_of(territory_page: Page) -> Collection:
    """The public collection of a territory's images (the root's for a national page)."""
    key = {}
    page = territory_page.specific
    if getattr(page, "commune_id", None):
        key = {"commune_id": page.commune_id}
    elif getattr(page, "department_id", None):
        key = {"department_id": page.department_id}
    territory = TerritoryCollection.objects.filter(**key).first() if key else None
    return territory.collection if territory else Collection.get_first_root_node()


def publish_photos(page: InitiativePage) -> int:
    """The pending photos of a published initiative made public: each file copied to a public
    name, the image moved to the territory's collection, its private renditions deleted (made
    again from the public file) and the private file deleted once committed. How many."""
    photos = list(
        InitiativePhoto.objects.filter(page=page, image__file__startswith=PRIVATE_PREFIX)
        .select_related("image")
        .order_by("pk")
    )
    if not photos:
        return 0
    index = page.get_parent()
    territory_page = index.get_parent() if index is not None else None
    collection = (
        territory_collection_of(territory_page)
        if territory_page is not None
        else Collection.get_first_root_node()
    )
    for photo in photos:
        image = photo.image
        private = image.file.name
        extension = posixpath.splitext(private)[1]
        with image.open_file() as source:
            public = image.file.storage.save(
                image.get_upload_to(f"initiative-{page.pk}-{image.pk}{extension}"), source
            )
        image.file.name = public
        image.collection = collection
        image.save(update_fields=["file", "collection"])
        image.renditions.all().delete()  # their files go with them (Wagtail's signal)
        transaction.on_commit(lambda name=private: _delete_file(name))
    PendingPhoto.objects.filter(image_id__in=[photo.image_id for photo in photos]).delete()
    return len(photos)


def delete_pending_images(image_ids: list[int]) -> int:
    """The pending images among `image_ids` deleted: their files and renditions too (Wagtail
    deletes an image's and a rendition's file once the deletion is committed)."""
    images = get_image_model().objects.filter(pk__in=image_ids, file__startswith=PRIVATE_PREFIX)
    deleted = 0
    for image in images:
        image.delete()
        deleted += 1
    return deleted


def _delete_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except Exception:  # a file left behind is not worth failing a publication for
        logger.exception("could not delete the private file %s", name)


def may_see_photo(user, page: Page) -> bool:
    """Who may see a photo awaiting moderation: those who review its initiative (the
    department's referents, the national moderators, the administrators) and those who may
    edit the page itself (its territory's editors): the people who see its draft anyway."""
    if not (user.is_authenticated and user.is_active):
        return False
    return may_see_submitter(user, page) or page.permissions_for_user(user).can_edit()


def pending_photo_for(user, image_id: int):
    """The pending image `image_id`, when `user` may see it; else None (a 404, whatever the
    reason: whether it exists is not told). Its initiative is the one it was sent for (the
    photo may be only in a revision awaiting moderation), else the page that shows it."""
    pending = (
        PendingPhoto.objects.filter(image_id=image_id, image__file__startswith=PRIVATE_PREFIX)
        .select_related("image", "page")
        .first()
    )
    if pending is None:
        pending = (
            InitiativePhoto.objects.filter(
                image_id=image_id, image__file__startswith=PRIVATE_PREFIX
            )
            .select_related("image", "page")
            .order_by("pk")
            .first()
        )
    if pending is None or not may_see_photo(user, pending.page):
        return None
    return pending.image
