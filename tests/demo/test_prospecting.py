"""The demo's prospecting and good practices: Mayenne's pipeline in every state, Ernée's
presentation planned with its invitation written once, the libraries with a file, and the news
feeds on the demo's news."""

import xml.etree.ElementTree as ET

from icalendar import Calendar

from core.models import OutgoingEmail
from demo import prospecting
from practices.models import PracticeAttachment, PracticePage
from prospecting import services
from prospecting.models import Prospect
from territories.models import Department


def test_the_pipeline_of_mayenne_has_every_state_and_loads_once(demo):
    mayenne = Department.objects.get(code="53")
    states = {services.state_of(commune) for commune in services.pipeline(mayenne)}
    assert states == set(Prospect.State.values)
    ernee = Prospect.objects.get(commune__name="Ernée")
    assert ernee.state == Prospect.State.PLANNED and ernee.presentation_kind == "video"
    (invitation,) = OutgoingEmail.objects.filter(recipients=["mairie@ernee.example"])
    (name, content, _mime_type) = invitation.attachments[0]
    assert Calendar.from_ical(content).walk("VEVENT")[0]["SEQUENCE"] == 1
    assert all(prospect.contact_email.endswith(".example") for prospect in Prospect.objects.all())
    assert prospecting.load() == 0
    assert OutgoingEmail.objects.filter(recipients=["mairie@ernee.example"]).count() == 1


def test_the_good_practices_with_a_file(demo, client):
    assert PracticePage.objects.live().count() == 4
    attachment = PracticeAttachment.objects.select_related("document", "page").get()
    response = client.get(attachment.page.url)
    assert response.status_code == 200
    assert attachment.document.url in response.content.decode()
    assert client.get("/bonnes-pratiques/").status_code == 200
    assert client.get("/mayenne/bonnes-pratiques/").status_code == 200


def test_the_news_feeds_read_the_demo_news(demo, client):
    for path in ("/actualites/rss.xml", "/mayenne/actualites/rss.xml"):
        response = client.get(path)
        assert response.status_code == 200
        assert ET.fromstring(response.content).findall("channel/item")
    assert client.get("/mayenne/actualites/atom.xml").status_code == 200
