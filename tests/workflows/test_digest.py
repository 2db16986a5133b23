"""Each reviewer chooses real-time e-mails (the default) or a daily digest; the digest is a
scheduled django-q2 job that sends one e-mail a day with everything kept since the last one."""

from html.parser import HTMLParser

from django.core import mail
from django_q.models import Schedule
from django_q.tasks import async_task

from core.models import NotificationPreference, PendingNotification
from core.schedules import DIGEST as DIGEST_SCHEDULE_NAME

from .conftest import CLEAN

DAILY = NotificationPreference.Delivery.DAILY


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def choose_daily(user):
    NotificationPreference.objects.create(user=user, topic="moderation", delivery=DAILY)


def delivery_of(user):
    return NotificationPreference.objects.get(user=user, topic="moderation").delivery


def run_digest():
    # Through the job queue, as the schedule runs it (synchronously in the tests).
    async_task("core.jobs.send_digests")


def test_real_time_is_the_default(submit, laval_page, mayenne_referent):
    submit(laval_page)
    assert not NotificationPreference.objects.exists()
    assert [m.subject for m in sent_to(mayenne_referent.email)] == [
        "À relire : Le café des voisins"
    ]
    assert not PendingNotification.objects.exists()


def test_a_daily_reviewer_gets_one_digest(
    submit, act, laval_page, mayenne_referent, moderator, other_moderator
):
    choose_daily(mayenne_referent)
    choose_daily(moderator)
    page = submit(laval_page)
    second = submit(laval_page, type(CLEAN)(**{**CLEAN.__dict__, "title": "La boîte à livres"}))
    assert sent_to(mayenne_referent.email) == []
    assert PendingNotification.objects.filter(user=mayenne_referent).count() == 2
    act(page, mayenne_referent, comment="Bravo pour cette initiative.")
    # The other moderator chose nothing: real time. The first one waits for the digest.
    assert [m.subject for m in sent_to(other_moderator.email)] == ["À relire : Le café des voisins"]
    assert sent_to(moderator.email) == []

    mail.outbox.clear()
    run_digest()
    [digest] = sent_to(mayenne_referent.email)
    assert digest.subject == "Modération : 2 notifications du jour"
    assert "À relire : Le café des voisins" in digest.body
    assert "À relire : La boîte à livres" in digest.body
    page_type = page.get_base_content_type().pk
    assert f"/admin/moderation/open/{page_type}/{page.pk}/" in digest.body
    assert f"/admin/moderation/open/{page_type}/{second.pk}/" in digest.body
    [for_moderator] = sent_to(moderator.email)
    assert for_moderator.subject == "Modération : 1 notification du jour"
    assert "Bravo pour cette initiative." in for_moderator.body
    assert "dans vos paramètres de compte" in for_moderator.body
    assert not PendingNotification.objects.exists()

    mail.outbox.clear()
    run_digest()  # nothing new: nothing sent
    assert mail.outbox == []


def test_a_rejection_reaches_a_daily_approver_in_the_digest(
    submit, act, laval_page, mayenne_referent, moderator
):
    page = submit(laval_page)
    page = act(page, mayenne_referent)
    choose_daily(mayenne_referent)
    mail.outbox.clear()
    act(page, moderator, action="reject", comment="Ajoutez une photo.")
    assert sent_to(mayenne_referent.email) == []
    assert [m.subject for m in sent_to(CLEAN.email)] == [
        "Modifications demandées : Le café des voisins"
    ]  # the submitter: always as it happens
    run_digest()
    [digest] = sent_to(mayenne_referent.email)
    assert "Modifications demandées : Le café des voisins" in digest.body
    assert "Ajoutez une photo." in digest.body


def test_an_inactive_reviewer_gets_no_digest(submit, laval_page, mayenne_referent):
    choose_daily(mayenne_referent)
    submit(laval_page)
    mayenne_referent.is_active = False
    mayenne_referent.save()
    mail.outbox.clear()
    run_digest()
    assert mail.outbox == []
    assert not PendingNotification.objects.exists()


def test_the_digest_is_scheduled_daily(db):
    schedule = Schedule.objects.get(name=DIGEST_SCHEDULE_NAME)
    assert schedule.func == "core.jobs.send_digests"
    assert schedule.schedule_type == Schedule.DAILY
    assert schedule.next_run is not None


class FormValues(HTMLParser):
    """The values a browser would post for the account settings form, as displayed."""

    def __init__(self):
        super().__init__()
        self.data, self.select = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "password"):
            if attrs.get("type") in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def test_the_choice_is_made_in_the_account_settings(client, mayenne_referent, laval_editor):
    client.force_login(mayenne_referent)
    html = client.get("/admin/account/").content.decode()
    assert "E-mails de modération" in html
    assert "Un récapitulatif par jour" in html
    parser = FormValues()
    parser.feed(html)
    data = {
        **parser.data,
        "name_email-first_name": "Thomas",
        "name_email-last_name": "Gauthier",
        "notification_choices-moderation": DAILY,
    }
    response = client.post("/admin/account/", data)
    assert response.status_code == 302
    assert delivery_of(mayenne_referent) == DAILY
    # Back to real time.
    data["notification_choices-moderation"] = "real_time"
    client.post("/admin/account/", data)
    assert delivery_of(mayenne_referent) == "real_time"
    # Nonsense: a message, nothing changed.
    data["notification_choices-moderation"] = "hourly"
    response = client.post("/admin/account/", data)
    assert response.status_code == 200
    assert delivery_of(mayenne_referent) == "real_time"

    # An editor reviews nothing: no such choice.
    client.force_login(laval_editor)
    assert "E-mails de modération" not in client.get("/admin/account/").content.decode()
