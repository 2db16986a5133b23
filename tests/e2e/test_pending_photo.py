"""A resident proposes an initiative with a photo; the Mayenne referent, in chromium, sees the
photo in the initiative's editor and opens it through the moderation photo view
(/admin/moderation/photo/<id>/); logged out, the same address asks to log in (issue 14). The
file's own address under /media/private/ is refused by nginx (tests/deploy) and by the site
(tests/workflows/test_pending_photos.py); Django's live server here serves /media/ itself."""

import re

import pytest

from pages.models import InitiativePage
from tests.e2e.test_moderation import site_with_reviewers  # noqa: F401 (fixture)
from tests.workflows.conftest import CLEAN
from tests.workflows.test_public_form import photo
from workflows import services

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def proposal_with_photo(site_with_reviewers):  # noqa: F811
    from wagtail.models import Page

    laval_page = Page.objects.get(slug="laval").specific
    page = services.submit_initiative(CLEAN, laval_page, photos=[(photo(), "Mairie de Laval")])
    page = InitiativePage.objects.get(pk=page.pk)
    image = page.photos.get().image
    return site_with_reviewers, page.pk, image.pk


def test_a_reviewer_opens_a_proposals_photo_through_the_moderation_view(
    proposal_with_photo, log_into_admin, page, screenshots
):
    base, page_id, image_id = proposal_with_photo
    photo_path = f"/admin/moderation/photo/{image_id}/"
    log_into_admin(page, "referent")
    page.goto(f"{base}/admin/pages/{page_id}/edit/")
    page.wait_for_load_state("networkidle")
    # The editor shows the photo from the permission-checked view.
    assert page.locator(f'img[src*="{photo_path}"]').count() >= 1
    page.screenshot(path=str(screenshots / "pending-photo-editor.png"), full_page=True)
    response = page.goto(base + photo_path)
    assert response.status == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert "no-store" in response.headers["cache-control"]
    assert page.evaluate("document.images[0].naturalWidth") == 60
    # Logged out: the same address asks to log in; the file is at no public address.
    page.context.clear_cookies()
    page.goto(base + photo_path)
    page.wait_for_url(re.compile(r"/admin/login/"))
