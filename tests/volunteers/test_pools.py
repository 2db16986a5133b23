"""The pools: an engaged commune's referents are told, elsewhere volunteers wait until the
commune joins; moderators see the counts per commune."""

import pytest
from django.core import mail

from onboarding import services as onboarding
from volunteers import services
from volunteers.models import Volunteer

from .conftest import make_volunteer, member_of

pytestmark = pytest.mark.django_db


def test_confirming_in_an_engaged_commune_tells_its_referents(laval_referent, mayenne_referent):
    volunteer = make_volunteer(laval_referent.groups.get().territory_group.commune, confirmed=False)
    services.confirm(volunteer)
    volunteer.refresh_from_db()
    assert volunteer.handed_over_at is not None
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["referent-laval@mairie.example", "referent-mayenne@mairie.example"]
    message = mail.outbox[0]
    assert "Nouveaux bénévoles à Laval" in message.subject
    assert volunteer.email not in message.body  # the e-mail points to the admin, no details
    assert "/admin/volontaires/" in message.body
    services.confirm(volunteer)  # clicking twice changes nothing
    assert len(mail.outbox) == 2


def test_a_commune_not_engaged_waits_and_moderators_see_counts(
    client, ernee, laval_page, moderator, laval_referent
):
    for n in range(3):
        services.confirm(make_volunteer(ernee, n, confirmed=False))
    make_volunteer(ernee, 9, confirmed=False)  # unconfirmed: not counted
    assert mail.outbox == []
    assert Volunteer.objects.waiting().count() == 3
    counts = list(services.waiting_counts())
    assert [(commune.name, commune.waiting) for commune in counts] == [("Ernée", 3)]

    client.force_login(moderator)
    response = client.get("/admin/volontaires/en-attente/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ernée" in content and "<td>3</td>" in content
    assert "volontaire0" not in content
    client.force_login(laval_referent)
    refused = client.get("/admin/volontaires/en-attente/")
    assert refused.status_code == 302  # Wagtail sends a refused user back to the dashboard
    assert refused["Location"] == "/admin/"


def test_engaging_the_commune_hands_its_waiting_volunteers_over(ernee, laval_page, mayenne):
    referent = member_of(onboarding.group_of(mayenne, "referents"), "referent-dep")
    waiting = [make_volunteer(ernee, n, handed_over=False) for n in range(2)]
    onboarding.onboard_commune("53096")
    assert Volunteer.objects.waiting().count() == 0
    assert list(services.waiting_counts()) == []
    to = sorted(message.to[0] for message in mail.outbox)
    assert to == sorted([referent.email, *(volunteer.email for volunteer in waiting)])
    told = [m for m in mail.outbox if m.to == [waiting[0].email]][0]
    assert "Ernée a rejoint L'Heure Civique" in told.subject
    assert "/je-participe/desinscription/" in told.extra_headers["List-Unsubscribe"]
    onboarding.onboard_commune("53096")  # again: nobody is told twice
    assert len(mail.outbox) == 3
