"""The demo's mailings: one sent by Mayenne with its figures, one scheduled by Laval; loading
again changes nothing; the referents see them in the admin, scoped."""

from django.contrib.auth import get_user_model
from django.utils.html import escape

from demo import mailings as demo_mailings
from mailings import services
from mailings.models import Mailing


def test_a_sent_mailing_with_figures_and_a_scheduled_one(demo):
    sent = Mailing.objects.get(subject=demo_mailings.SENT_SUBJECT)
    scheduled = Mailing.objects.get(subject=demo_mailings.SCHEDULED_SUBJECT)

    assert (sent.status, sent.department.code) == ("sent", "53")
    figures = services.figures_of(sent)
    assert figures.recipients >= 3
    assert figures.bounced == 1 and figures.unsubscribed == 1
    assert (scheduled.status, scheduled.commune.code) == ("scheduled", "53130")
    assert demo_mailings.load() == 0
    assert Mailing.objects.count() == 2


def test_the_referents_see_their_mailings_in_the_admin(demo, client):
    sent = Mailing.objects.get(subject=demo_mailings.SENT_SUBJECT)
    users = get_user_model().objects
    client.force_login(users.get(username="laval.referent"))
    page = client.get("/admin/envois/").content.decode()
    assert escape(demo_mailings.SCHEDULED_SUBJECT) in page
    # The department's: not listed for a commune's referent.
    assert escape(demo_mailings.SENT_SUBJECT) not in page
    assert client.get(f"/admin/envois/{sent.pk}/").status_code == 404
    client.force_login(users.get(username="mayenne.referent"))
    response = client.get(f"/admin/envois/{sent.pk}/")
    assert response.status_code == 200
    assert "Exemplaires préparés" in response.content.decode()
