"""A volunteer receives a mailing and follows its "stop receiving these e-mails" link in
chromium, with DEBUG off: the page asks, the button takes them off this sender's list at once
(their other e-mails still come), and the sender's next mailing passes them by. The link is
the one in the e-mail's text, its HTML and its List-Unsubscribe header (RFC 8058's one-click
POST goes to the same address)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from mailings import services
from mailings.models import Mailing
from onboarding.services import onboard_commune
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from volunteers.models import Volunteer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def received(live_server) -> dict:
    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    onboard_commune("53130")
    volunteer = Volunteer.objects.create(
        first_name="Nadège",
        last_name="Fourmond",
        email="nadege.fourmond@exemple.invalid",
        commune=laval,
        charter_accepted_at=timezone.now(),
        contact_consent=True,
        confirmed_at=timezone.now(),
    )
    mailing = Mailing.objects.create(
        commune=laval, subject="La fête des voisins de Laval", body="<p>Venez !</p>"
    )
    mail.outbox = []
    services.schedule(mailing)  # now: its job is queued as it commits (run at once here)
    services.send_mailings()  # and the periodic one, run again, sends nothing more
    (message,) = mail.outbox
    link = re.search(r"Ne plus recevoir ces e-mails : (\S+)", message.body)[1]
    assert link in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    return {"url": live_server.url, "link": link, "volunteer": volunteer, "commune": laval}


def test_the_unsubscribe_link_of_a_mailing_stops_the_next_ones(received, page, screenshots):
    base, link, volunteer = received["url"], received["link"], received["volunteer"]

    page.goto(base + link.removeprefix("http://testserver"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ne plus recevoir ces envois"
    assert "Laval" in page.locator("main").inner_text()
    page.get_by_role("button", name="Ne plus recevoir ces envois").click()
    assert "C'est fait" in page.get_by_role("status").inner_text()
    page.screenshot(path=screenshots / "mailing-unsubscribed.png")

    volunteer.refresh_from_db()
    assert volunteer.emails_stopped_at is None  # reminders and answers still come
    later = Mailing.objects.create(
        commune=received["commune"], subject="Encore un message", body="<p>Bis</p>"
    )
    mail.outbox = []
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        services.schedule(later)
        services.send_mailings()
    assert mail.outbox == []
