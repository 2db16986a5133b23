"""Submissions nobody will finish: an initiative proposed through the public form, never
published, whose submitter did not send it again after changes were requested (or whose
moderation was cancelled) is deleted SUBMISSION_RETENTION_DAYS after the last thing that
happened to it, with its photos, their files and renditions (signal_handlers.py) and the
submitter's name and e-mail (CNIL: kept no longer than their purpose). A photo sent again for an
initiative already published, left in a revision that was never approved, goes the same way.
Nothing under review is touched, however old. The daily job of core/schedules.py."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from core.privatemedia import PRIVATE_PREFIX
from pages.models import InitiativePage, InitiativePhoto

from . import photos
from .models import PendingPhoto

logger = logging.getLogger("workflows.retention")


def retention() -> datetime.timedelta:
    return datetime.timedelta(days=settings.SUBMISSION_RETENTION_DAYS)


def _still_moving(page_ref, since: datetime.datetime):
    """Pages under review, or whose moderation did something since `since` (a submission, a
    request for changes, a cancellation): the purge leaves them."""
    of_page = {
        "base_content_type__model": "page",
        "base_content_type__app_label": "wagtailcore",
        "object_id": Cast(page_ref, output_field=CharField()),
    }
    in_workflow = {f"workflow_state__{key}": value for key, value in of_page.items()}
    return Exists(
        WorkflowState.objects.filter(**of_page).filter(
            Q(status=WorkflowState.STATUS_IN_PROGRESS) | Q(created_at__gte=since)
        )
    ) | Exists(TaskState.objects.filter(**in_workflow, finished_at__gte=since))


def abandoned_submissions(now: datetime.datetime | None = None):
    since = (now or timezone.now()) - retention()
    return (
        InitiativePage.objects.filter(
            live=False,
            first_published_at__isnull=True,
            alias_of__isnull=True,
            owner__isnull=True,  # made by the public form, by nobody logged in
            latest_revision_created_at__lt=since,
        )
        .exclude(submitted_by_email="")
        .exclude(_still_moving(OuterRef("pk"), since))
    )


def abandoned_photos(now: datetime.datetime | None = None):
    """Pending photos of initiatives already published, sent in a revision never approved."""
    since = (now or timezone.now()) - retention()
    return (
        PendingPhoto.objects.filter(created_at__lt=since, image__file__startswith=PRIVATE_PREFIX)
        .exclude(Exists(InitiativePhoto.objects.filter(image_id=OuterRef("image_id"))))
        .exclude(_still_moving(OuterRef("page_id"), since))
    )


def purge_abandoned_submissions(now: datetime.datetime | None = None) -> int:
    """Deletes the abandoned submissions and photos; returns how many submissions. Each on its
    own: one that fails is logged (by its id) and the others are purged."""
    purged = 0
    for page_id in list(abandoned_submissions(now).values_list("pk", flat=True)):
        try:
            Page.objects.get(pk=page_id).specific.delete()
        except Exception:
            logger.exception("could not purge the abandoned submission %s", page_id)
        else:
            purged += 1
    image_ids = list(abandoned_photos(now).values_list("image_id", flat=True))
    photos.delete_pending_images(image_ids)
    logger.info(
        "abandoned submissions purged",
        extra={"submissions": purged, "photos": len(image_ids)},
    )
    return purged
