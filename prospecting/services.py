"""The prospecting pipeline's rules: who prospects which department, the department's communes
ranked by the volunteers waiting there (counts only, one query), recording where a commune
stands, planning a presentation (its invitation e-mailed with an .ics, in the same transaction)
and engaging a commune through the existing onboarding."""

from __future__ import annotations

import datetime as dt
from email.utils import formataddr
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core import outbox
from core.elision import of_place
from core.email import render_email
from core.outbox import key_of
from onboarding.models import TerritoryGroup
from onboarding.roles import has_role, is_moderator
from onboarding.services import engage_commune
from territories.models import Commune, Department
from volunteers.models import Volunteer

from . import invitations
from .models import Prospect

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from pages.models import CommunePage

ICS_MIME_TYPE = "text/calendar; method=REQUEST"  # Django adds its charset=utf-8
Role = TerritoryGroup.Role
State = Prospect.State


class ProspectingError(ValidationError):
    """What the pipeline refuses, said in the user's language; nothing was changed."""

    def __str__(self) -> str:
        return " ".join(self.messages)


# --- Who prospects where -----------------------------------------------------------------


def departments_of(user: AbstractBaseUser) -> QuerySet[Department]:
    """The departments whose pipeline `user` follows: every one for the national team
    (moderators) and administrators; for the editors and referents of a department, theirs."""
    if not (user.is_authenticated and user.is_active):
        return Department.objects.none()
    if user.is_superuser or is_moderator(user):
        return Department.objects.all()
    return Department.objects.filter(
        pk__in=TerritoryGroup.objects.filter(
            group__user=user,
            role__in=[Role.EDITORS, Role.REFERENTS],
            department__isnull=False,
        ).values("department_id")
    )


def may_prospect(user: AbstractBaseUser, department: Department | None = None) -> bool:
    if department is None:  # the admin's menu: from the user's groups, read once a request
        return bool(
            user.is_authenticated
            and user.is_active
            and (
                user.is_superuser
                or has_role(user, Role.MODERATORS)
                or has_role(user, Role.EDITORS, Role.REFERENTS, department_wide=True)
            )
        )
    departments = departments_of(user)
    return departments.filter(pk=department.pk).exists()


# --- The pipeline ------------------------------------------------------------------------


def _waiting_count() -> Subquery:
    # "Waiting" as the volunteers app says it (VolunteerQuerySet.waiting), counted per commune.
    counted = (
        Volunteer.objects.waiting()
        .filter(commune=OuterRef("pk"))
        .order_by()
        .values("commune")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def pipeline(
    department: Department, *, communes: QuerySet[Commune] | None = None, state: str = ""
) -> QuerySet[Commune]:
    """The communes of `department` (or those of `communes` in it), each with `waiting` (its
    volunteers waiting: a number, never who), `engaged` (onboarded) and its `prospect` row
    when it has one; most waiting first. One query, whatever the number of volunteers."""
    queryset = (communes if communes is not None else Commune.objects).filter(department=department)
    engaged = Exists(TerritoryGroup.objects.filter(commune=OuterRef("pk"), role=Role.EDITORS))
    queryset = queryset.annotate(waiting=_waiting_count(), engaged=engaged)
    if state == State.ENGAGED:
        queryset = queryset.filter(Q(engaged=True) | Q(prospect__state=State.ENGAGED))
    elif state == State.NOT_CONTACTED:
        queryset = queryset.filter(
            Q(prospect__isnull=True) | Q(prospect__state=State.NOT_CONTACTED), engaged=False
        )
    elif state:
        queryset = queryset.filter(prospect__state=state, engaged=False)
    # By the slug, not the name: unaccented and lower-case, "Écommoy" comes among the E's
    # (by the name, the database puts É after Z).
    return queryset.select_related("prospect").order_by("-waiting", "slug", "code")


def state_of(commune: Commune) -> str:
    """Where a commune of `pipeline` stands: engaged once onboarded, whatever was recorded."""
    if getattr(commune, "engaged", False):
        return State.ENGAGED
    prospect = getattr(commune, "prospect", None)
    return prospect.state if prospect is not None else State.NOT_CONTACTED


def prospect_of(commune: Commune) -> Prospect:
    """The commune's row, or a new unsaved one (not contacted)."""
    try:
        return commune.prospect
    except Prospect.DoesNotExist:
        return Prospect(commune=commune)


def _locked(commune: Commune) -> Prospect:
    Prospect.objects.get_or_create(commune=commune)
    return Prospect.objects.select_for_update().select_related("commune").get(commune=commune)


# --- Recording, planning, engaging ---------------------------------------------------------


def record(prospect: Prospect, user: AbstractBaseUser) -> Prospect:
    """Save what was typed about a commune (a validated form's instance)."""
    prospect.updated_by = user
    prospect.save()
    return prospect


def plan_presentation(
    commune: Commune,
    user: AbstractBaseUser,
    *,
    at: dt.datetime,
    kind: str,
    place: str = "",
    presenter: str = "",
    url: str = "",
) -> Prospect:
    """Plan (or move) the presentation of the programme to `commune` and e-mail the invitation,
    with its .ics, to the mairie's contact: the change and its e-mail commit together. Refused
    without a contact's e-mail, for a past date, or for a commune already engaged."""
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at < timezone.now():
        raise ProspectingError(_("The presentation must be planned in the future."))
    if kind not in Prospect.Kind.values:
        raise ProspectingError(_("Choose a video or an on-site presentation."))
    with transaction.atomic():
        prospect = _locked(commune)
        if prospect.state == State.ENGAGED:
            raise ProspectingError(_("This commune is already engaged."))
        if not prospect.contact_email:
            raise ProspectingError(
                _(
                    "Record the e-mail address of the mairie's contact first: "
                    "the invitation goes there."
                )
            )
        prospect.presentation_at = at
        prospect.presentation_kind = kind
        prospect.presentation_place = place
        prospect.presenter = presenter
        prospect.state = State.PLANNED
        prospect.invitation_sequence += 1
        prospect.updated_by = user
        prospect.save()
        organizer = invitations.organizer_of(user)
        calendar = invitations.invitation(prospect, url, organizer)
        subject, body, html = render_email(
            "prospecting/email/invitation",
            {
                "prospect": prospect,
                "commune": commune,
                "of_commune": of_place(commune.name),
                "url": url,
                "organizer_name": organizer[0],
            },
        )
        outbox.record(
            subject,
            body,
            [prospect.contact_email],
            html=html,
            # The mairie answers the person who invites, not the platform's no-reply.
            headers={"Reply-To": formataddr(organizer)},
            # RFC 6047: the calendar's method in its MIME type, for the invitation's buttons.
            attachments=[("presentation.ics", calendar.to_ical().decode(), ICS_MIME_TYPE)],
            key=key_of("prospect-invitation", prospect.pk, prospect.invitation_sequence),
        )
    return prospect


def engage(commune: Commune, user: AbstractBaseUser) -> CommunePage:
    """Engage `commune` from the pipeline: the existing onboarding (its page, groups,
    collection; refused as it refuses, e.g. to anyone but the department's editors and the
    administrators), then the pipeline says engaged."""
    with transaction.atomic():
        page = engage_commune(user, commune.code)
        prospect = _locked(commune)
        prospect.state = State.ENGAGED
        prospect.updated_by = user
        prospect.save()
    return page


# --- Retention ------------------------------------------------------------------------------


def retention() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "PROSPECT_RETENTION_DAYS", 730))


def erase_old_contacts(now: dt.datetime | None = None) -> int:
    """Erases the mairie's contact (name, e-mail, telephone) and the notes of the communes whose
    row has not changed for PROSPECT_RETENTION_DAYS; returns how many. The state and the dates
    stay, for the pipeline. The daily job of core/schedules.py."""
    now = now or timezone.now()
    with_contact = ~Q(contact_name="") | ~Q(contact_email="") | ~Q(contact_phone="") | ~Q(notes="")
    # update() leaves auto_now alone: the row's last change stays what it was.
    return Prospect.objects.filter(with_contact, updated_at__lt=now - retention()).update(
        contact_name="", contact_email="", contact_phone="", notes=""
    )
