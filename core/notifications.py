"""One notifications mechanism for every topic (new volunteers, moderation, and later ones):
each user chooses per topic an e-mail each time or one digest a day; `notify` sends now or
keeps for the digest; `send_digests`, a daily job, sends what was kept. The apps that own a
topic register it in their `ready()`; core knows none of them."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import translation

from .addresses import absolute_url
from .email import send_email
from .models import Delivery, NotificationPreference, PendingNotification
from .outbox import key_of

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    """An e-mail to write with `core.email.send_email` (see there for each field)."""

    template: str
    context: dict = field(default_factory=dict)
    subject: str | None = None
    theme: dict | None = None
    cancel_url: str = ""


@dataclass(frozen=True)
class Topic:
    code: str
    label: str  # the choice's label in the account settings
    help: str
    concerns: Callable  # (user) -> bool: is the choice offered to this user?
    render_digest: Callable  # (user, [PendingNotification]) -> Email, or None: nothing to say


TOPICS: dict[str, Topic] = {}


def register_topic(
    code: str,
    label: str,
    help: str,
    *,
    concerns: Callable,
    render_digest: Callable,
) -> Topic:
    """Declare a topic of notifications; called by the app that owns it, in its `ready()`."""
    topic = Topic(code, label, help, concerns, render_digest)
    TOPICS[code] = topic
    return topic


def topics_for(user) -> list[Topic]:
    """The topics `user` is concerned by, in the order they were registered."""
    return [topic for topic in TOPICS.values() if topic.concerns(user)]


def preferences_url() -> str:
    """Where a user changes how they are told (the account's notifications)."""
    return absolute_url("wagtailadmin_account") + "#notifications"


def notify(
    users: Iterable,
    topic: str,
    email: Email,
    *,
    subject: str = "",
    message: str = "",
    comment: str = "",
    link: str = "",
    data: dict | None = None,
    key: str | None = None,
) -> None:
    """Tell `users` of something about `topic`: those who chose real time get `email` now
    (one each, as a job), the others get the rest (subject, message, comment, link, data)
    in their next digest. Users without an address are skipped.

    `key` names the event (e.g. "handover:<volunteers>:<commune>"): told again, it sends no
    second e-mail (the outbox's keys, per address) and keeps no second row for the digest."""
    if topic not in TOPICS:
        raise ValueError(f"Unknown topic of notifications: {topic!r}")
    users = [user for user in users if user.is_active and user.email]
    daily = set(
        NotificationPreference.objects.filter(
            user__in=users, topic=topic, delivery=Delivery.DAILY
        ).values_list("user_id", flat=True)
    )
    data = dict(data or {})
    kept = set()
    if key is not None:
        data["key"] = key
        kept = set(
            PendingNotification.objects.filter(
                user__in=daily, topic=topic, data__key=key
            ).values_list("user_id", flat=True)
        )
    PendingNotification.objects.bulk_create(
        PendingNotification(
            user=user,
            topic=topic,
            subject=subject,
            message=message,
            comment=comment,
            link=link,
            data=data,
        )
        for user in users
        if user.pk in daily and user.pk not in kept
    )
    # One e-mail per address, keyed by its first user (no address in the key).
    first_user: dict[str, int] = {}
    for user in sorted(users, key=lambda user: user.pk):
        if user.pk not in daily:
            first_user.setdefault(user.email, user.pk)
    for address in sorted(first_user):
        _send(address, email, key=None if key is None else key_of(key, "to", first_user[address]))


def _send(address: str, email: Email, key: str | None = None) -> None:
    send_email(
        email.template,
        address,
        email.context,
        subject=email.subject,
        theme=email.theme,
        cancel_url=email.cancel_url,
        key=key,
    )


def send_digests() -> int:
    """One e-mail per user and topic with what was kept for them since the last digest; the
    rows sent (and those of users who can no longer receive them) are deleted. Returns how
    many e-mails were sent. Run once a day (core.schedules).

    Only the pending rows are locked, not their users: a sign-up or a login at 7 a.m. does
    not wait for the digest."""
    sent = 0
    with transaction.atomic():
        pending = list(
            PendingNotification.objects.select_for_update(of=("self",))
            .select_related("user")
            .order_by("user_id", "topic", "created_at", "pk")
        )
        groups: dict = defaultdict(list)
        for row in pending:
            groups[(row.user, row.topic)].append(row)
        done: list[int] = []
        for (user, code), rows in groups.items():
            topic = TOPICS.get(code)
            if topic is None:
                continue  # its app is not installed here: kept until it is
            if user.is_active and user.email:
                try:
                    # One user's digest failing leaves the others, and its rows wait.
                    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                        email = topic.render_digest(user, rows)
                        if email is not None:
                            # Its rows are deleted in this transaction, which writes it to
                            # the outbox: a run again finds neither; the key is one more guard.
                            _send(
                                user.email,
                                email,
                                key=key_of("digest", user.pk, code, max(row.pk for row in rows)),
                            )
                            sent += 1
                except Exception:
                    logger.exception("The %s digest of user %s failed", code, user.pk)
                    continue
            done.extend(row.pk for row in rows)
        PendingNotification.objects.filter(pk__in=done).delete()
    return sent
