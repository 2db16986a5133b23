"""The demo's requests for help: several communes, Laval among them, in every state."""

from decimal import Decimal

from django.utils import timezone

from demo import help_requests
from helprequests.models import HelpRequest
from territories.models import Commune
from volunteers.models import Volunteer


def test_requests_in_every_state_and_idempotent(demo):
    for code in ("53130", "53062"):  # volunteers to put in touch, whatever the demo has
        Volunteer.objects.create(
            first_name="Bénévole",
            last_name=f"Démo {code}",
            email=f"benevole.{code}@exemple.invalid",
            commune=Commune.objects.get(code=code),
            charter_accepted_at=timezone.now(),
            contact_consent=True,
            confirmed_at=timezone.now(),
            handed_over_at=timezone.now(),
        )
    created = help_requests.load()

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
    assert all(
        r.beneficiary_email.endswith("@exemple.invalid")
        for r in HelpRequest.objects.exclude(beneficiary_email="")
    )
