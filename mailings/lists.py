"""Each sender's mailings are a list of their own (`Mailing.topic`): a commune's, a
department's, the national team's. The List-Unsubscribe link of a mailing (RFC 8058's
one-click POST goes to the same address) takes the volunteer off that list only; their space
shows every list they may receive and lets them choose. Their other e-mails (reminders,
answers) are not touched: "stop all e-mails" stays in the space (volunteers.services)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.addresses import absolute_url
from volunteers import tokens
from volunteers.models import Volunteer
from volunteers.sites import page_for_links

from .models import NATIONAL_TOPIC, Delivery, Mailing, Unsubscription, topic_of

SALT = "mailings.unsubscribe"
KEPT_FOR = timedelta(days=365)


class InvalidLink(Exception):
    """Altered, too old, or made for an address the volunteer no longer has."""


def unsubscribe_token(mailing: Mailing, volunteer) -> str:
    value = {"m": mailing.pk, "v": volunteer.pk, "h": tokens.address_mark(volunteer.email)}
    return signing.dumps(value, salt=SALT, compress=True)


def unsubscribe_url(mailing: Mailing, volunteer: Volunteer) -> str:
    return absolute_url(
        "mailings:unsubscribe",
        on=page_for_links(volunteer),
        token=unsubscribe_token(mailing, volunteer),
    )


def read_token(token: str) -> tuple[Mailing, Volunteer]:
    try:
        value = signing.loads(token, salt=SALT, max_age=KEPT_FOR)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidLink from error
    if not isinstance(value, dict):
        raise InvalidLink
    mailing = (
        Mailing.objects.select_related("commune", "department").filter(pk=value.get("m")).first()
    )
    volunteer = Volunteer.objects.filter(pk=value.get("v"), erased_at__isnull=True).first()
    if (
        mailing is None
        or volunteer is None
        or value.get("h") != tokens.address_mark(volunteer.email)
    ):
        raise InvalidLink
    return mailing, volunteer


def is_subscribed(volunteer: Volunteer, topic: str) -> bool:
    return not Unsubscription.objects.filter(volunteer=volunteer, topic=topic).exists()


@transaction.atomic
def unsubscribe(volunteer: Volunteer, topic: str, *, mailing: Mailing | None = None) -> None:
    """Off one list, at once; the copy it came from counts as unsubscribed. Done twice, the
    same."""
    try:
        with transaction.atomic():
            Unsubscription.objects.get_or_create(volunteer=volunteer, topic=topic)
    except IntegrityError:  # two clicks at once: the other one wrote it
        pass
    if mailing is not None:
        Delivery.objects.filter(mailing=mailing, volunteer=volunteer).update(
            status=Delivery.Status.UNSUBSCRIBED
        )


def resubscribe(volunteer: Volunteer, topic: str) -> None:
    Unsubscription.objects.filter(volunteer=volunteer, topic=topic).delete()


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    subscribed: bool


def topics_of(volunteer: Volunteer) -> list[Topic]:
    """The lists a volunteer may receive: their commune's, their department's, the national
    team's, with their choice for each (one query, besides their commune and its department)."""
    commune = volunteer.commune if volunteer.commune_id else None
    lists = []
    if commune is not None:
        lists.append(
            (
                topic_of(commune.pk, None),
                _("Mailings of your commune (%(name)s)") % {"name": commune.name},
            )
        )
        lists.append(
            (
                topic_of(None, commune.department_id),
                _("Mailings of your department (%(name)s)") % {"name": commune.department.name},
            )
        )
    lists.append((NATIONAL_TOPIC, _("Mailings of the national team")))
    left = set(
        Unsubscription.objects.filter(
            volunteer=volunteer, topic__in=[key for key, _label in lists]
        ).values_list("topic", flat=True)
    )
    return [Topic(key, label, key not in left) for key, label in lists]


def choose(volunteer: Volunteer, wanted: set[str]) -> None:
    """The space's form: the lists ticked are received, the others not."""
    for topic in topics_of(volunteer):
        if topic.key in wanted:
            resubscribe(volunteer, topic.key)
        else:
            unsubscribe(volunteer, topic.key)
