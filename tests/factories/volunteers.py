"""factory_boy factories of the volunteers, for tests: a confirmed volunteer handed to their
commune's referents (unless told otherwise), a registration, a referent's note. Addresses are
invented at `exemple.invalid`."""

import factory
from django.utils import timezone
from django.utils.text import slugify

from tests.factories.territories import CommuneFactory
from volunteers.models import ReferentNote, Registration, Volunteer


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    class Params:
        unconfirmed = factory.Trait(confirmed_at=None, handed_over_at=None)
        waiting = factory.Trait(handed_over_at=None)

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    # In ASCII, as the site's own forms take it: "Maëlys" gives maelys.3@exemple.invalid.
    email = factory.LazyAttributeSequence(
        lambda o, n: f"{slugify(o.first_name) or 'volontaire'}.{n}@exemple.invalid"
    )
    # ARCEP keeps 06 39 98 xx xx for fiction: no real person is ever called.
    phone = factory.Sequence(lambda n: f"063998{n % 10_000:04d}")
    commune = factory.SubFactory(CommuneFactory)
    charter_accepted_at = factory.LazyFunction(timezone.now)
    contact_consent = True
    confirmed_at = factory.LazyFunction(timezone.now)
    handed_over_at = factory.LazyFunction(timezone.now)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A place at `action` (an ActionPage, to be given: actions live in the page tree)."""

    class Meta:
        model = Registration

    volunteer = factory.SubFactory(VolunteerFactory)
    status = Registration.Status.REGISTERED
    requested_at = factory.LazyFunction(timezone.now)


class ReferentNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferentNote

    volunteer = factory.SubFactory(VolunteerFactory)
    text = factory.Sequence(lambda n: f"Note {n} du référent.")


def opened_space(volunteer, client=None) -> str:
    """The path of a visit of `volunteer`'s space: an e-mailed link opened with its button, as
    the volunteer does (the link then opens nothing any more: volunteers/space.py). `client`
    opens it (a new one by default); the visit's page itself is not fetched."""
    from django.test import Client

    from volunteers.space import space_url

    volunteer.refresh_from_db(fields=["space_generation"])  # a link opened since spent it
    mailed = space_url(volunteer).removeprefix("http://testserver")
    response = (client or Client()).post(mailed, {"open": "1"})
    assert response.status_code == 302, response.status_code
    return response.url
