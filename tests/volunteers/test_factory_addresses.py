"""The test factory's volunteers have addresses the site's own forms take: derived from the first
name in ASCII (an accented "Maëlys", or the default "Prénom3", gave an address Django's
EmailValidator refuses, which a test then could not type into the sign-up form)."""

import pytest
from django.core.validators import validate_email

from tests.factories.volunteers import VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("first_name", ["Maëlys", "Prénom", "Jean-Noël", "Çağla", "李"])
def test_the_address_is_one_a_form_takes(first_name):
    volunteer = VolunteerFactory(first_name=first_name)
    validate_email(volunteer.email)
    assert volunteer.email.endswith("@exemple.invalid")


def test_the_default_volunteer_too():
    validate_email(VolunteerFactory().email)
