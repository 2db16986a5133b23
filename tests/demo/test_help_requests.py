"""The demo's requests for help: several communes, Laval among them, in every state."""

from decimal import Decimal

from demo import help_requests
from helprequests.models import HelpRequest


def test_requests_in_every_state_and_idempotent(demo):
    # load_demo loaded them, after the demo's volunteers who are put in touch.
    created = HelpRequest.objects.count()

    assert created == len(help_requests.REQUESTS)
    assert help_requests.load() == 0
    assert HelpRequest.objects.count() == created
    laval = HelpRequest.objects.filter(commune__code="53130")
    assert {r.status for r in laval} == {"open", "in_touch", "closed"}
    assert HelpRequest.objects.filter(commune__code="53062").exists()
    erased = HelpRequest.objects.get(contacts_erased_at__isnull=False)
    assert erased.beneficiary_name == "" and erased.hours == Decimal(8)
    closed = HelpRequest.objects.filter(status="closed", contacts_erased_at__isnull=True)
    assert all(r.beneficiary_phone for r in closed)
    with_email = HelpRequest.objects.exclude(beneficiary_email="")
    assert all(r.beneficiary_email.endswith("@exemple.invalid") for r in with_email)
