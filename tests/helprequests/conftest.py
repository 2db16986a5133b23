"""The volunteers' gestures and helpers (tests/volunteers/conftest.py), and a request for help
in Laval and in Quimper."""

import pytest

from helprequests.models import HelpRequest
from tests.volunteers.conftest import *  # noqa: F403 (its fixtures)
from tests.volunteers.conftest import make_volunteer  # noqa: F401


@pytest.fixture
def laval_request(laval, gestures, laval_referent):
    return HelpRequest.objects.create(
        commune=laval,
        gesture=gestures[0],
        need="Des courses chaque semaine pendant une convalescence.",
        availability="weekday-morning",
        place="Quartier Saint-Nicolas",
        channel=HelpRequest.Channel.PHONE,
        beneficiary_name="Odette Bénéficiaire",
        beneficiary_phone="0199000001",
        beneficiary_email="odette@exemple.invalid",
        beneficiary_address="3 rue des Lilas, Laval",
        recorded_by=laval_referent,
    )


@pytest.fixture
def quimper_request(quimper, quimper_referent):
    return HelpRequest.objects.create(
        commune=quimper,
        need="Accompagner un rendez-vous médical jeudi.",
        channel=HelpRequest.Channel.DESK,
        beneficiary_name="Yann Bénéficiaire",
        beneficiary_phone="0199000002",
    )
