"""An editor creates an action in the Wagtail admin: the recurrence form gives its RRULE, the
gestures are chosen with checkboxes, the times entered in Paris are stored in UTC."""

import datetime as dt

import pytest
from django.urls import reverse

from pages.models import ActionPage
from snippets.models import Gesture, GestureCategory

from .admin_forms import action_form as posted_action


@pytest.fixture
def gesture(db):
    from wagtail.models import Locale

    category = GestureCategory.objects.create(
        name="Nature", slug="nature", locale=Locale.get_default()
    )
    return Gesture.objects.create(
        title="Entretenir un jardin partagé",
        slug="jardin",
        summary="Biner, arroser.",
        how_to="<p>Venez.</p>",
        category=category,
        kind="collective",
        locale=category.locale,
        live=True,
    )


def action_form(gesture, **changes) -> dict:
    """A monthly action (first Saturday until June), published, with `gesture`."""
    monthly = {
        "recurrence_frequency": "monthly",
        "recurrence_monthly_position": "1",
        "recurrence_until": "2027-06-30",
        "action-publish": "publish",
    }
    return posted_action([gesture], **{**monthly, **changes})


def test_the_add_form_offers_the_gestures_and_the_recurrence(admin_client, agenda_tree, gesture):
    index = agenda_tree["laval"]
    response = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["pages", "actionpage", index.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'name="gestures" value="{gesture.pk}"' in page
    assert 'name="recurrence_frequency"' in page


def test_an_editor_publishes_a_monthly_action_with_its_gestures(admin_client, agenda_tree, gesture):
    index = agenda_tree["laval"]
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["pages", "actionpage", index.pk]),
        action_form(gesture),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = ActionPage.objects.get(slug="jardin-du-samedi")
    assert action.live
    assert list(action.gestures.all()) == [gesture]
    assert action.rrule.startswith("FREQ=MONTHLY;BYDAY=1SA")
    # 10:00 in Paris, in winter time: 09:00 UTC.
    assert action.start == dt.datetime(2027, 3, 6, 9, 0, tzinfo=dt.UTC)


def test_an_end_before_the_start_is_refused_and_saves_nothing(admin_client, agenda_tree, gesture):
    index = agenda_tree["laval"]
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["pages", "actionpage", index.pk]),
        action_form(gesture, end="2027-03-06 09:00"),
    )
    assert response.status_code == 200
    assert not ActionPage.objects.filter(slug="jardin-du-samedi").exists()


@pytest.mark.parametrize(
    ("changes", "first"),
    [
        # Weekly on Mondays and Thursdays, entered on a Sunday: the first date is Monday 8.
        (
            {
                "start": "2027-03-07 10:00",
                "end": "2027-03-07 12:00",
                "recurrence_frequency": "weekly",
                "recurrence_weekdays": ["MO", "TH"],
                "recurrence_monthly_position": "0",
            },
            "8 mars 2027, 10:00",
        ),
        # "The first Saturday of the month", entered on the second Saturday of March.
        (
            {"start": "2027-03-13 10:00", "end": "2027-03-13 12:00"},
            "3 avril 2027, 10:00",
        ),
    ],
)
def test_a_series_that_does_not_start_on_its_first_date_is_refused(
    admin_client, agenda_tree, gesture, changes, first
):
    index = agenda_tree["laval"]
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["pages", "actionpage", index.pk]),
        action_form(gesture, **changes),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Une série commence à sa première date" in page
    assert first in page
    assert not ActionPage.objects.filter(slug="jardin-du-samedi").exists()


def test_a_weekly_series_entered_on_one_of_its_days_is_published(
    admin_client, agenda_tree, gesture
):
    index = agenda_tree["laval"]
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["pages", "actionpage", index.pk]),
        action_form(
            gesture,
            start="2027-03-08 10:00",
            end="2027-03-08 12:00",
            recurrence_frequency="weekly",
            recurrence_weekdays=["MO", "TH"],
            recurrence_monthly_position="0",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = ActionPage.objects.get(slug="jardin-du-samedi")
    assert action.rrule.startswith("FREQ=WEEKLY")
    assert "BYDAY=MO,TH" in action.rrule
