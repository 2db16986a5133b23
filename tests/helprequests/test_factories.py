"""The factory of the requests for help builds an open request with an invented beneficiary."""

import pytest

from helprequests.models import HelpRequest
from tests.factories.helprequests import HelpRequestFactory


@pytest.mark.django_db
def test_help_request_factory_builds_an_open_request():
    request = HelpRequestFactory()
    assert request.status == HelpRequest.Status.OPEN
    assert request.beneficiary_name and request.commune_id
