"""The referents hear of new volunteers in their territory: when someone confirms their
sign-up in an engaged commune, and when a commune joins with volunteers waiting. Each referent
chooses (`ReferentPreference`, in the admin's account settings) an e-mail each time or one
digest a day (`send_digests`, a scheduled job). The e-mails give counts, never who: the names
are in the admin."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction

from onboarding.models import TerritoryGroup
from onboarding.roles import groups_for
from territories.models import Commune

from .models import PendingNewVolunteers, ReferentPreference


def preferences_url() -> str:
    """Where a referent changes how they are told (the account's notifications)."""
    from .services import absolute_url

    return absolute_url("wagtailadmin_account") + "#notifications"


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


def tell_referents(commune: Commune, count: int) -> None:
    """`count` volunteers of `commune` have just been handed to its referents: those who chose
    real time get an e-mail now, the others find them in tomorrow's digest."""
    from .services import absolute_url, send_email

    referents = referents_of(commune)
    daily = set(
        ReferentPreference.objects.filter(
            user__in=referents, new_volunteers=ReferentPreference.Delivery.DAILY
        ).values_list("user_id", flat=True)
    )
    PendingNewVolunteers.objects.bulk_create(
        PendingNewVolunteers(user=user, commune=commune, count=count)
        for user in referents
        if user.pk in daily
    )
    admin_url = absolute_url("volunteers_admin:index")
    for email in sorted({user.email for user in referents if user.pk not in daily}):
        send_email(
            "referents_new_volunteers",
            email,
            {"commune": commune, "count": count, "admin_url": admin_url},
            cancel_url=preferences_url(),
        )


def send_digests() -> int:
    """One e-mail per referent with new volunteers kept since the last digest: how many in
    each commune. Returns how many e-mails were sent. Run once a day (see apps.py)."""
    from .services import absolute_url, send_email

    sent = 0
    with transaction.atomic():
        pending = list(
            PendingNewVolunteers.objects.select_for_update(of=("self",))
            .select_related("user", "commune")
            .order_by("user_id", "created_at", "pk")
        )
        by_user: dict = defaultdict(lambda: defaultdict(int))
        for row in pending:
            by_user[row.user][row.commune] += row.count
        for user, communes in by_user.items():
            if not user.is_active or not user.email:
                continue
            lines = sorted(communes.items(), key=lambda item: item[0].name)
            departments = {commune.department_id for commune in communes}
            send_email(
                "referents_digest",
                user.email,
                {
                    "communes": lines,
                    "total": sum(communes.values()),
                    # One commune: its colours; several of a department: the department's;
                    # of several departments: the national ones.
                    "commune": lines[0][0] if len(lines) == 1 else None,
                    "department_id": departments.pop() if len(departments) == 1 else None,
                    "admin_url": absolute_url("volunteers_admin:index"),
                },
                cancel_url=preferences_url(),
            )
            sent += 1
        PendingNewVolunteers.objects.filter(pk__in=[row.pk for row in pending]).delete()
    return sent
