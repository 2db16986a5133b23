"""The referents hear of new volunteers in their territory: when someone confirms their
sign-up in an engaged commune, and when a commune joins with volunteers waiting. Each referent
chooses (topic "new_volunteers" of core.notifications) an e-mail each time or one digest a day.
The e-mails give counts, never who: the names are in the admin."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.addresses import absolute_url
from core.notifications import Email, notify, preferences_url, register_topic
from onboarding.models import TerritoryGroup
from onboarding.roles import groups_for
from pages.themes import email_theme
from territories.models import Commune

TOPIC = "new_volunteers"


def referents_of(commune: Commune) -> list:
    """The active users, with an address, among the commune's referents and its department's."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True, groups__in=groups_for(commune, TerritoryGroup.Role.REFERENTS)
        )
        .exclude(email="")
        .distinct()
        .order_by("email")
    )


def is_referent(user) -> bool:
    """Only those who are told of new volunteers: the referents of a territory."""
    return TerritoryGroup.objects.filter(
        group__user=user, role=TerritoryGroup.Role.REFERENTS
    ).exists()


def tell_referents(commune: Commune, count: int, *, key: str | None = None) -> None:
    """`count` volunteers of `commune` have just been handed to its referents: those who chose
    real time get an e-mail now, the others find them in tomorrow's digest. `key` names the
    hand-over: told again, the referents hear nothing more (core.notifications.notify)."""
    notify(
        referents_of(commune),
        TOPIC,
        Email(
            "volunteers/emails/referents_new_volunteers",
            {
                "commune": commune,
                "count": count,
                "admin_url": absolute_url("volunteers_admin:index"),
            },
            theme=email_theme(commune),
            cancel_url=preferences_url(),
        ),
        data={"commune_id": commune.pk, "count": count},
        key=key,
    )


def render_digest(user, rows: list) -> Email | None:
    """How many new volunteers in each commune since the last digest (None when their
    communes are gone)."""
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        counts[row.data["commune_id"]] += row.data["count"]
    communes = Commune.objects.in_bulk(counts)
    lines = sorted(
        ((communes[pk], count) for pk, count in counts.items() if pk in communes),
        key=lambda line: line[0].name,
    )
    if not lines:
        return None
    departments = {commune.department_id for commune, _count in lines}
    # One commune: its colours; several of a department: the department's; of several
    # departments: the national ones.
    commune = lines[0][0] if len(lines) == 1 else None
    department_id = departments.pop() if len(departments) == 1 else None
    return Email(
        "volunteers/emails/referents_digest",
        {
            "communes": lines,
            "total": sum(count for _commune, count in lines),
            "admin_url": absolute_url("volunteers_admin:index"),
        },
        theme=email_theme(commune, department_id),
        cancel_url=preferences_url(),
    )


def register() -> None:
    register_topic(
        TOPIC,
        _("New volunteers"),
        _(
            "When someone of your territory confirms their sign-up, or a commune joins with "
            "volunteers waiting: one e-mail each time, or all of them in one e-mail a day."
        ),
        concerns=is_referent,
        render_digest=render_digest,
    )
