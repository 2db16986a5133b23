"""What the requests for help add to the volunteers app through its signals (collected, since
volunteers may not import helprequests): a volunteer's data download lists the requests they
were put in touch about, and the figures count the hours of closed requests."""

import json
from decimal import Decimal

from helprequests.models import Contact, HelpRequest
from volunteers import hours, space

from .conftest import make_volunteer


def test_the_data_download_ends_with_the_requests_they_were_put_in_touch_about(
    laval, laval_request
):
    volunteer = make_volunteer(laval, 1)
    Contact.objects.create(request=laval_request, volunteer=volunteer)
    data = space.export(volunteer)
    assert list(data)[-1] == "requests_for_help"
    assert data["requests_for_help"] == [
        {"gesture": laval_request.gesture.title, "status": laval_request.status}
    ]
    # The beneficiary is not theirs to download.
    assert "Odette" not in json.dumps(data, default=str)


def test_the_figures_count_the_hours_of_closed_requests(laval, laval_request):
    laval_request.status = HelpRequest.Status.CLOSED
    laval_request.hours = Decimal(3)
    laval_request.save()
    assert hours.figures(laval).hours == Decimal(3)
    assert hours.figures(laval.department).hours == Decimal(3)
    assert hours.figures().hours == Decimal(3)
