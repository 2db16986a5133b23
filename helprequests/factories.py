"""factory_boy factories of the requests for help, for tests: an open request received by
phone, with an invented beneficiary."""

import factory

from territories.factories import CommuneFactory

from .models import HelpRequest


class HelpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpRequest

    commune = factory.SubFactory(CommuneFactory)
    need = factory.Sequence(lambda n: f"Besoin d'un coup de main n°{n}.")
    channel = HelpRequest.Channel.PHONE
    beneficiary_name = factory.Sequence(lambda n: f"Bénéficiaire {n}")
    beneficiary_phone = factory.Sequence(lambda n: f"0239{n:06d}"[:10])
