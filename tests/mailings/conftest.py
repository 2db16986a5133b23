"""The volunteers' fixtures (tests/volunteers/conftest.py: live gestures, an action in Laval)
and helpers: a mailing from a territory, the links of a received e-mail."""

import re

import pytest
from django.utils import timezone

from mailings.models import Mailing
from tests.volunteers.conftest import *  # noqa: F403 (its fixtures)
from volunteers.models import Volunteer


def links_of(message) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", message.body)


def one_click_url(message) -> str:
    """The List-Unsubscribe header's address (RFC 8058: a POST there unsubscribes)."""
    return message.extra_headers["List-Unsubscribe"].strip("<>")


@pytest.fixture
def make_mailing(db):
    def make(**fields):
        communes = fields.pop("communes", [])
        gestures = fields.pop("gestures", [])
        fields.setdefault("subject", "Les nouvelles de la Mayenne")
        fields.setdefault("body", "<p>Merci pour votre engagement, voici les actions.</p>")
        mailing = Mailing.objects.create(**fields)
        mailing.communes.set(communes)
        mailing.gestures.set(gestures)
        return mailing

    return make


def bulk_volunteers(commune, count, start=0, gesture=None) -> list[Volunteer]:
    """`count` confirmed, consenting volunteers at once (free on weekend mornings); one in
    three chose `gesture` when given."""
    now = timezone.now()
    made = Volunteer.objects.bulk_create(
        [
            Volunteer(
                first_name=f"Prénom{n}",
                last_name=f"Nom{n}",
                email=f"masse{n}@exemple.invalid",
                commune=commune,
                charter_accepted_at=now,
                contact_consent=True,
                confirmed_at=now,
                handed_over_at=now,
                availability=",weekend-morning,",
            )
            for n in range(start, start + count)
        ],
        batch_size=2000,
    )
    if gesture is not None:
        through = Volunteer.gestures.through
        through.objects.bulk_create(
            [through(volunteer_id=v.pk, gesture_id=gesture.pk) for v in made[::3]],
            batch_size=2000,
        )
    return made
