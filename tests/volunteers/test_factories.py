"""Each factory of the volunteers builds what its name says."""

import pytest

from tests.factories.volunteers import ReferentNoteFactory, RegistrationFactory, VolunteerFactory
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def test_volunteer_factory_builds_a_confirmed_volunteer_handed_over(laval):
    volunteer = VolunteerFactory(commune=laval)
    assert volunteer in Volunteer.objects.confirmed()
    assert volunteer.handed_over_at is not None
    assert volunteer.email.endswith("@exemple.invalid")
    assert len(volunteer.phone) == 10


def test_volunteer_factory_traits(laval):
    assert VolunteerFactory(commune=laval, unconfirmed=True).confirmed_at is None
    waiting = VolunteerFactory(commune=laval, waiting=True)
    assert waiting in Volunteer.objects.waiting()


def test_registration_and_note_factories(make_action, laval_referent):
    registration = RegistrationFactory(action=make_action())
    assert registration.status == "registered"
    note = ReferentNoteFactory(volunteer=registration.volunteer, author=laval_referent)
    assert list(registration.volunteer.notes.all()) == [note]
