"""What the moderation does when Wagtail publishes or deletes an initiative: its photos become
public with it, or are deleted with it, also those only in a revision awaiting moderation
(photos.py). Connected in apps.py."""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published

from pages.models import InitiativePage, InitiativePhoto

from . import photos
from .models import PendingPhoto


def _published(sender, instance, **kwargs):
    photos.publish_photos(instance)


def _photo_deleted(sender, instance, **kwargs):
    # Taken out of its initiative, or deleted with it (a submission turned down for good, or
    # abandoned): a photo nobody approved goes, with its file and renditions, once committed.
    # Another copy of the page (a copy, a translation) may still show it: then it stays.
    image_id = instance.image_id

    def delete():
        if not InitiativePhoto.objects.filter(image_id=image_id).exists():
            photos.delete_pending_images([image_id])

    transaction.on_commit(delete)


def connect() -> None:
    page_published.connect(_published, sender=InitiativePage, dispatch_uid="workflows-photos")
    post_delete.connect(_photo_deleted, sender=InitiativePhoto, dispatch_uid="workflows-photos")
    # A photo only in a revision (sent again for a published initiative) has no InitiativePhoto
    # row: its initiative deleted (a submission purged, retention.py), it goes by its link.
    post_delete.connect(_photo_deleted, sender=PendingPhoto, dispatch_uid="workflows-pending")
