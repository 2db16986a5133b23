"""factory_boy factories of the requests for help, for tests: an open request received by
phone, with an invented beneficiary."""

import factory

from helprequests.models import HelpRequest
from tests.factories.territories import CommuneFactory


class HelpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpRequest

    commune = factory.SubFactory(CommuneFactory)
    need = factory.Sequence(lambda n: f"Besoin d'un coup de main n°{n}.")
    channel = HelpRequest.Channel.PHONE
    beneficiary_name = factory.Sequence(lambda n: f"Bénéficiaire {n}")
    # ARCEP keeps 01 99 00 xx xx for fiction: no real person is ever called.
    beneficiary_phone = factory.Sequence(lambda n: f"019900{n % 10_000:04d}")
