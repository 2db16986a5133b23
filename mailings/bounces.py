"""What the e-mail provider reports through django-anymail (`anymail.signals`, whose webhook
URLs cms/urls.py adds when ANYMAIL is configured).

- When the provider takes a mailing's copy (`post_send`), the id it gave the message is kept on
  the copy (`Delivery.provider_message_id`), found by the copy's own header.
- A bounce names that id: it marks the copy it belongs to, not the volunteer's latest one.
- A hard bounce or a complaint stops the mailings and monthly hours to that address at once; a
  soft bounce (a full mailbox, a server down for a while) only counts, and stops them after
  `MAILINGS_SOFT_BOUNCES_TO_STOP` in a row; a message delivered in between starts again.
- The provider's own unsubscribe stops the volunteer's e-mails as "stop all e-mails" does.

Anything else is ignored. The event's address is looked up, never logged."""

from __future__ import annotations

from anymail.signals import AnymailTrackingEvent, EventType
from django.conf import settings
from django.db import transaction
from django.db.models import F

from volunteers.models import Volunteer
from volunteers.services import normalise_email, stop_emails

from .models import Bounce, Delivery
from .services import COPY_HEADER

# The providers' names of a temporary bounce, which anymail reports as "bounced" with the rest
# (Postmark's Type, Brevo's and SendGrid's event, Mailjet's hard_bounce flag).
SOFT_MARKS = {"softbounce", "soft_bounce", "soft-bounce", "transient", "temporary"}


def soft_bounces_to_stop() -> int:
    return max(1, int(getattr(settings, "MAILINGS_SOFT_BOUNCES_TO_STOP", 3)))


def on_post_send(sender, message, status, esp_name: str, **kwargs) -> None:
    reference = (getattr(message, "extra_headers", None) or {}).get(COPY_HEADER, "")
    message_id = getattr(status, "message_id", None)
    if not reference or not isinstance(message_id, str) or not message_id:
        return
    record_sent(reference, message_id)


def record_sent(reference: str, message_id: str) -> bool:
    mailing_id, _dot, volunteer_id = reference.partition(".")
    if not (mailing_id.isdigit() and volunteer_id.isdigit()):
        return False
    return bool(
        Delivery.objects.filter(mailing_id=mailing_id, volunteer_id=volunteer_id).update(
            provider_message_id=message_id[:200]
        )
    )


def is_soft(event: AnymailTrackingEvent) -> bool:
    """A temporary bounce: the provider says so, or the server answered with a 4xx code."""
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    marks = {str(raw.get(key, "")).lower() for key in ("Type", "event", "type", "bounce_type")}
    if marks & SOFT_MARKS or raw.get("hard_bounce") is False:
        return True
    response = (event.mta_response or "").strip().removeprefix("smtp;").strip()
    return response[:1] == "4"


def on_tracking_event(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    event_type = event.event_type
    if event_type == EventType.BOUNCED and is_soft(event):
        event_type = SOFT_BOUNCED
    record_event(event_type, event.recipient or "", message_id=event.message_id or "")


SOFT_BOUNCED = "soft_bounced"
STOPPING = {
    EventType.BOUNCED: Bounce.Kind.BOUNCED,
    EventType.COMPLAINED: Bounce.Kind.COMPLAINED,
}
HANDLED = {*STOPPING, SOFT_BOUNCED, EventType.UNSUBSCRIBED, EventType.DELIVERED}


@transaction.atomic
def record_event(event_type: str, recipient: str, *, message_id: str = "") -> bool:
    """Returns whether the event changed something (an address we know, an event we count)."""
    if event_type not in HANDLED:
        return False
    volunteer = Volunteer.objects.filter(email=normalise_email(recipient)).first()
    if volunteer is None:
        return False
    # The copy the event is about: the one the provider's id names, none without it.
    copy = (
        Delivery.objects.filter(volunteer=volunteer, provider_message_id=message_id).first()
        if message_id
        else None
    )
    if event_type == EventType.DELIVERED:
        # Delivered: the soft bounces so far were not "in a row".
        Bounce.objects.filter(volunteer=volunteer, kind=Bounce.Kind.SOFT).delete()
        return True
    if event_type == EventType.UNSUBSCRIBED:
        stop_emails(volunteer)
        status = Delivery.Status.UNSUBSCRIBED
    elif event_type == SOFT_BOUNCED:
        if copy is not None and copy.status == Delivery.Status.SOFT_BOUNCED:
            return False  # the same copy reported again: counted once
        record_soft_bounce(volunteer)
        status = Delivery.Status.SOFT_BOUNCED
    else:
        bounce, created = Bounce.objects.select_for_update().get_or_create(
            volunteer=volunteer, defaults={"kind": STOPPING[event_type]}
        )
        if not created and bounce.kind == Bounce.Kind.SOFT:
            bounce.kind = STOPPING[event_type]
            bounce.save(update_fields=["kind"])
        bounced = event_type == EventType.BOUNCED
        status = Delivery.Status.BOUNCED if bounced else Delivery.Status.UNSUBSCRIBED
    if copy is not None:
        Delivery.objects.filter(pk=copy.pk).update(status=status)
    return True


def record_soft_bounce(volunteer: Volunteer) -> Bounce:
    bounce, created = Bounce.objects.select_for_update().get_or_create(
        volunteer=volunteer, defaults={"kind": Bounce.Kind.SOFT, "soft_bounces": 1}
    )
    if not created and bounce.kind == Bounce.Kind.SOFT:
        Bounce.objects.filter(pk=bounce.pk).update(soft_bounces=F("soft_bounces") + 1)
        bounce.refresh_from_db()
    if bounce.kind == Bounce.Kind.SOFT and bounce.soft_bounces >= soft_bounces_to_stop():
        bounce.kind = Bounce.Kind.BOUNCED
        bounce.save(update_fields=["kind"])
    return bounce
