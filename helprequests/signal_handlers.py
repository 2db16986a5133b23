"""The requests for help's part of what the volunteers app collects (connected in apps.py
ready()): in a volunteer's data download, and in the public figures' hours."""

from decimal import Decimal

from django.db.models import QuerySet

from territories.models import Commune
from volunteers.models import Volunteer

from .models import HelpRequest
from .services import hours_given


def requests_of_volunteer(sender, volunteer: Volunteer, **kwargs) -> dict:
    """Receiver of volunteers.signals.collect_personal_data: the requests they were put in
    touch about (the gesture and the status; nothing about the beneficiary)."""
    put_in_touch = (
        HelpRequest.objects.filter(contacts__volunteer=volunteer)
        .select_related("gesture")
        .order_by("pk")
    )
    return {
        "requests_for_help": [
            {
                "gesture": request.gesture.title if request.gesture else None,
                "status": request.status,
            }
            for request in put_in_touch
        ],
    }


def hours_of_requests(sender, communes: QuerySet[Commune] | None, **kwargs) -> dict[str, Decimal]:
    """Receiver of volunteers.signals.collect_figures: the hours given through closed
    requests for help in `communes` (everywhere for None)."""
    return {"hours": hours_given(communes)}
