"""Submissions nobody will finish (issue 14): a proposal whose submitter never sent it again
after changes were requested, or whose moderation was cancelled, is deleted with its photos
(files and renditions) and its submitter's details after SUBMISSION_RETENTION_DAYS, by a daily
job; nothing under review or published is touched. A photo sent again for an initiative already
published is seen by its reviewers through the moderation photo view, never by the public
before approval, and purged if that revision is abandoned."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule
from wagtail.images import get_image_model
from wagtail.models import Page, TaskState, WorkflowState

from core.schedules import PURGE_SUBMISSIONS
from pages.models import InitiativePage
from tests.workflows.test_public_form import photo
from tests.workflows.test_resubmission import changed, changes_url
from workflows import retention
from workflows.models import PendingPhoto

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=91)


def age(page, when=LONG_AGO):
    """Everything that happened to `page` made `when`."""
    Page.objects.filter(pk=page.pk).update(latest_revision_created_at=when)
    states = WorkflowState.objects.filter(object_id=str(page.pk))
    TaskState.objects.filter(workflow_state__in=states).update(started_at=when, finished_at=when)
    states.update(created_at=when)
    PendingPhoto.objects.filter(page_id=page.pk).update(created_at=when)


def photo_url(image_id) -> str:
    return reverse("workflows_pending_photo", args=[image_id])


def test_a_submission_sent_back_and_never_finished_is_purged_with_its_photos(
    submit, act, laval_page, mayenne_referent, django_capture_on_commit_callbacks
):
    page = submit(laval_page, photos=[(photo(), "Mairie de Laval")])
    image = page.photos.get().image
    files = [image.file.name, image.get_rendition("fill-400x250").file.name]
    page = act(page, mayenne_referent, action="reject", comment="Précisez le lieu.")
    # Changes requested yesterday: the submitter still has time.
    age(page, timezone.now() - datetime.timedelta(days=1))
    assert retention.purge_abandoned_submissions() == 0
    age(page)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.purge_abandoned_submissions() == 1
    assert not InitiativePage.objects.filter(pk=page.pk).exists()
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert not PendingPhoto.objects.exists()
    for name in files:
        assert not default_storage.exists(name), name


def test_a_cancelled_moderation_is_purged_too_but_nothing_under_review_or_published(
    submit, act, laval_page, mayenne_referent, moderator, django_capture_on_commit_callbacks
):
    cancelled = submit(laval_page)
    cancelled.current_workflow_state.cancel(user=moderator)
    waiting = submit(laval_page)  # under review for months: the reviewers' delay, not theirs
    published = act(act(submit(laval_page), mayenne_referent), moderator)
    assert published.live
    InitiativePage.objects.filter(pk=published.pk).update(live=False)  # unpublished since
    for page in (cancelled, waiting, published):
        age(page)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.purge_abandoned_submissions() == 1
    assert not InitiativePage.objects.filter(pk=cancelled.pk).exists()
    assert InitiativePage.objects.filter(pk__in=[waiting.pk, published.pk]).count() == 2


def test_an_initiative_written_in_the_admin_is_never_purged(
    laval_page, laval_editor, django_capture_on_commit_callbacks
):
    from workflows.services import initiatives_index_of

    index = initiatives_index_of(laval_page, create=True)
    page = index.add_child(
        instance=InitiativePage(
            title="Brouillon de la mairie",
            slug="brouillon",
            summary="Un brouillon.",
            live=False,
            owner=laval_editor,
            submitted_by_email="x@example.org",
        )
    )
    page.save_revision()
    age(page)
    assert retention.purge_abandoned_submissions() == 0
    assert InitiativePage.objects.filter(pk=page.pk).exists()


def test_the_purge_is_a_daily_job():
    schedule = Schedule.objects.get(name=PURGE_SUBMISSIONS)
    assert schedule.func == "workflows.jobs.purge_abandoned_submissions"
    assert schedule.schedule_type == Schedule.DAILY


@pytest.fixture
def live_sent_back(
    submit, act, laval_page, mayenne_referent, moderator, django_capture_on_commit_callbacks
):
    """A published initiative (with a photo), edited, sent to moderation and sent back."""
    page = submit(laval_page, photos=[(photo(), "Mairie de Laval")])
    page = act(act(page, mayenne_referent), moderator)
    assert page.live
    with django_capture_on_commit_callbacks(execute=True):  # its automated check
        page.save_revision()
        page.get_workflow().start(page, user=None)
    return act(page, mayenne_referent, action="reject", comment="Une photo plus récente ?")


def test_a_photo_sent_again_for_a_published_initiative_is_for_its_reviewers_only(
    client,
    live_sent_back,
    act,
    mayenne_referent,
    moderator,
    finistere_referent,
    django_capture_on_commit_callbacks,
):
    page = live_sent_back
    first = page.photos.get().image_id
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changes_url(page), changed(photo_1=photo(name="nouvelle.jpg"), credit_1="Camille")
        )
    assert response.status_code == 302
    page = InitiativePage.objects.get(pk=page.pk)
    assert list(page.photos.values_list("image_id", flat=True)) == [first]  # the live page
    new = PendingPhoto.objects.get(page=page).image
    assert new.file.name.startswith("private/")
    # Not public: no API, no public address.
    images = client.get("/api/v2/images/?fields=*").json()["items"]
    assert new.pk not in [item["id"] for item in images]
    assert client.get(new.file.url).status_code == 404
    anonymous = client.get(photo_url(new.pk))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    # Its reviewers see it through the moderation photo view; a reviewer of elsewhere doesn't.
    for reviewer in (mayenne_referent, moderator):
        client.force_login(reviewer)
        assert client.get(photo_url(new.pk)).status_code == 200, reviewer
    client.force_login(finistere_referent)
    assert client.get(photo_url(new.pk)).status_code == 404
    client.logout()
    # Approved, it becomes public with the new revision.
    page = act(act(page, mayenne_referent), moderator)
    new = get_image_model().objects.get(pk=new.pk)
    assert new.file.name.startswith("original_images/")
    assert new.pk in page.photos.values_list("image_id", flat=True)


def test_a_photo_sent_again_and_abandoned_is_purged_the_initiative_stays(
    client, live_sent_back, act, mayenne_referent, django_capture_on_commit_callbacks
):
    page = live_sent_back
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changes_url(page), changed(photo_1=photo(name="n.jpg"), credit_1="Camille"))
    new = PendingPhoto.objects.get(page=page).image
    private = new.file.name
    page = act(page, mayenne_referent, action="reject", comment="Non.")
    age(page)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.purge_abandoned_submissions() == 0
    assert not get_image_model().objects.filter(pk=new.pk).exists()
    assert not default_storage.exists(private)
    page = InitiativePage.objects.get(pk=page.pk)
    assert page.live and page.photos.count() == 1
