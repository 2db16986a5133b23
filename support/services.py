"""The assistance's rules: the help centre's questions, routing a ticket to the people who
handle it, who sees which ticket, answering by e-mail, the states and the first-response time.

Routing (issue 22): a commune given and engaged, with referents → that commune's referents;
else its department engaged, with referents → the department's; else the national team (the
moderators). Scoping follows it: a commune's referents see the tickets routed to their commune,
a department's referents those of the department and of its communes, the national team all.
Nothing here logs or queues a requester's name, address or message: jobs carry ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from core.addresses import absolute_url
from core.email import send_email
from core.notifications import Email, notify
from core.outbox import key_of
from core.ratelimit import which_limit
from core.search import search
from onboarding.models import TerritoryGroup
from onboarding.roles import group_of, has_role, is_engaged, is_moderator, territories_of
from pages.models import CommunePage, DepartmentPage
from territories.models import Commune, Department

from .models import Answer, Audience, Question, Ticket

Role = TerritoryGroup.Role
TOPIC = "support"
# Contact forms accepted per client address (and per typed e-mail address) and per hour.
TICKETS_PER_HOUR = 5
TICKET_WINDOW = 60 * 60
QUESTION_TEXT_FIELDS = ("question", "answer")
# The help centre is one page: the questions written by the national team, bounded all the same.
MAX_QUESTIONS = 300


class TicketError(Exception):
    """A change the ticket's state does not allow; the message says why."""


# --- The help centre ------------------------------------------------------------------------


def questions_of(locale: Locale, query: str = "") -> list[Question]:
    """The questions of `locale` (MAX_QUESTIONS at most), by audience then order; those
    matching `query`, best first, when one is typed. A French question not translated into
    `locale` is shown in French (`in_source_language`: its page marks it `lang="fr"`) rather
    than left out. One query (two in another language)."""
    if locale.language_code == settings.LANGUAGE_CODE:
        questions = Question.objects.filter(locale=locale).order_by("audience", "order", "pk")
        return list(search(questions, query, QUESTION_TEXT_FIELDS)[:MAX_QUESTIONS])
    source = Locale.get_default()
    both = Question.objects.filter(locale__in=[locale, source]).order_by("audience", "order", "pk")
    found = list(search(both, query, QUESTION_TEXT_FIELDS)[: 2 * MAX_QUESTIONS])
    translated = {q.translation_key for q in found if q.locale_id == locale.pk}
    shown = []
    for question in found:
        if question.locale_id != locale.pk:
            if question.translation_key in translated:
                continue
            question.in_source_language = source.language_code
        shown.append(question)
    return shown[:MAX_QUESTIONS]


def by_audience(questions: list[Question]) -> list[tuple[str, str, list[Question]]]:
    """(code, label, questions) for each audience that has some, in the audiences' order."""
    return [
        (code, label, [question for question in questions if question.audience == code])
        for code, label in Audience.choices
        if any(question.audience == code for question in questions)
    ]


# --- Routing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    commune: Commune | None
    department: Department | None

    @property
    def national(self) -> bool:
        return self.commune is None and self.department is None


def _has_referents(territory) -> bool:
    group = group_of(territory, Role.REFERENTS)
    return group is not None and group.user_set.filter(is_active=True).exists()


def route_of(commune: Commune | None) -> Route:
    if commune is not None:
        if is_engaged(commune) and _has_referents(commune):
            return Route(commune, commune.department)
        department = commune.department
        if is_engaged(department) and _has_referents(department):
            return Route(None, department)
    return Route(None, None)


def handlers_of(ticket: Ticket) -> QuerySet:
    """The people the ticket is routed to (told when it arrives)."""
    users = get_user_model().objects.filter(is_active=True)
    if ticket.routed_commune_id is not None:
        scope = Q(territory_group__commune_id=ticket.routed_commune_id)
    elif ticket.routed_department_id is not None:
        scope = Q(territory_group__department_id=ticket.routed_department_id)
    else:
        return users.filter(groups__territory_group__role=Role.MODERATORS).distinct()
    groups = Group.objects.filter(scope, territory_group__role=Role.REFERENTS)
    return users.filter(groups__in=groups).distinct()


def contact_over_limit(address: str, email: str) -> str:
    """Counts one contact form from `address` for `email` (core/ratelimit.which_limit)."""
    return which_limit(
        "support:contact", address, limit=TICKETS_PER_HOUR, window=TICKET_WINDOW, target=email
    )


@transaction.atomic
def open_ticket(
    *,
    name: str,
    email: str,
    audience: str,
    commune: Commune | None,
    subject: str,
    message: str,
) -> Ticket:
    """Stores the ticket routed to its people and tells them (now or in their digest), in one
    transaction."""
    route = route_of(commune)
    ticket = Ticket.objects.create(
        name=name,
        email=email,
        audience=audience,
        commune=commune,
        routed_commune=route.commune,
        routed_department=route.department,
        subject=subject,
        message=message,
    )
    link = absolute_url("support_admin:detail", pk=ticket.pk)
    text = _("A new request for assistance (#%(number)s) is waiting for an answer.") % {
        "number": ticket.pk
    }
    notify(
        handlers_of(ticket),
        TOPIC,
        Email(
            "support/email/new_ticket",
            {"message": text, "link": link},
            subject=_("Assistance: new request #%(number)s") % {"number": ticket.pk},
        ),
        subject=_("New request #%(number)s") % {"number": ticket.pk},
        message=text,
        link=link,
        key=key_of("support-ticket", ticket.pk),
    )
    return ticket


# --- Who sees what --------------------------------------------------------------------------


def may_handle_tickets(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return has_role(user, Role.REFERENTS, Role.MODERATORS)


def is_national(user) -> bool:
    return bool(user.is_active and (user.is_superuser or is_moderator(user)))


def visible_tickets(user) -> QuerySet[Ticket]:
    """The tickets `user` handles: all for the national team, those routed to their communes
    (and, for a department's referents, to the department) for referents, none otherwise."""
    if not may_handle_tickets(user):
        return Ticket.objects.none()
    if is_national(user):
        return Ticket.objects.all()
    departments, communes = territories_of(user, role=Role.REFERENTS)
    return Ticket.objects.filter(
        Q(routed_commune__in=communes) | Q(routed_department__in=departments)
    )


# --- Changes --------------------------------------------------------------------------------

NEXT_STATES = {
    Ticket.Status.NEW: {Ticket.Status.IN_PROGRESS, Ticket.Status.CLOSED},
    Ticket.Status.IN_PROGRESS: {Ticket.Status.CLOSED},
    Ticket.Status.ANSWERED: {Ticket.Status.IN_PROGRESS, Ticket.Status.CLOSED},
    Ticket.Status.CLOSED: {Ticket.Status.IN_PROGRESS},
}


@transaction.atomic
def move_to(ticket: Ticket, status: str) -> Ticket:
    """new → in progress → answered → closed (and reopened): safe to repeat."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status == status:
        return ticket
    if status not in NEXT_STATES[ticket.status]:
        raise TicketError(_("This ticket cannot take that state now."))
    ticket.status = status
    ticket.save(update_fields=["status", "updated_at"])
    return ticket


@transaction.atomic
def answer(ticket: Ticket, body: str, author) -> Answer:
    """Stores the answer and writes its e-mail to the requester in the same transaction (the
    outbox sends it once committed); the first answer sets the first-response time."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.erased_at is not None:
        raise TicketError(_("This ticket's contact details are erased: it cannot be answered."))
    if ticket.status == Ticket.Status.CLOSED:
        raise TicketError(_("The ticket is closed: reopen it to answer."))
    reply = Answer.objects.create(ticket=ticket, body=body, author=author)
    now = timezone.now()
    ticket.status = Ticket.Status.ANSWERED
    ticket.first_response_at = ticket.first_response_at or now
    ticket.save(update_fields=["status", "first_response_at", "updated_at"])
    send_email(
        "support/email/answer",
        ticket.email,
        {
            "ticket": ticket,
            "answer": reply,
            # On the territory's own address when it has one, as the rest of its e-mails.
            "help_url": absolute_url("support:help_centre", on=territory_page(ticket)),
        },
        subject=_("Your request to L'Heure Civique: %(subject)s") % {"subject": ticket.subject},
        key=key_of("support-answer", reply.pk),
    )
    return reply


def territory_page(ticket: Ticket) -> Page | None:
    """The live page of the territory the ticket is routed to (the commune's, else the
    department's), whose site its links are on; None for the national team's (one query)."""
    if ticket.routed_commune_id:
        condition = Q(communepage__commune_id=ticket.routed_commune_id)
    elif ticket.routed_department_id:
        condition = Q(departmentpage__department_id=ticket.routed_department_id)
    else:
        return None
    return (
        Page.objects.live()
        .type(CommunePage, DepartmentPage)
        .filter(condition)
        .only("id", "path", "url_path", "depth")
        .first()
    )


# --- First response -------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseFigures:
    waiting: int  # new or in progress, never answered
    answered: int  # answered at least once, over the period
    median: dt.timedelta | None  # first-response time, over the period


FIGURES_DAYS = 30


def response_figures(tickets: QuerySet[Ticket], now: dt.datetime | None = None) -> ResponseFigures:
    """Over the last 30 days: the tickets answered and their median first-response time, and
    the tickets waiting for a first answer. Two queries."""
    now = now or timezone.now()
    waiting = tickets.filter(
        first_response_at__isnull=True,
        status__in=[Ticket.Status.NEW, Ticket.Status.IN_PROGRESS],
    ).count()
    times = sorted(
        first - created
        for created, first in tickets.filter(
            first_response_at__isnull=False,
            created_at__gte=now - dt.timedelta(days=FIGURES_DAYS),
        ).values_list("created_at", "first_response_at")[:1000]
    )
    median = times[len(times) // 2] if times else None
    return ResponseFigures(waiting=waiting, answered=len(times), median=median)


def duration_label(duration: dt.timedelta) -> str:
    """e.g. "3 h 05 min", "12 min", "2 d 4 h"."""
    minutes = int(duration.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)s h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


# --- Retention ------------------------------------------------------------------------------


def retention() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "SUPPORT_RETENTION_DAYS", 365))


def erase_old_tickets(now: dt.datetime | None = None) -> int:
    """Erases the requester's name, e-mail, subject and message, and the answers' text, of the
    tickets unchanged for SUPPORT_RETENTION_DAYS; returns how many. The dates, audience and
    territory stay, for the figures. The daily job of core/schedules.py."""
    now = now or timezone.now()
    with transaction.atomic():
        old = Ticket.objects.filter(erased_at__isnull=True, updated_at__lt=now - retention())
        ids = list(old.values_list("pk", flat=True))
        Answer.objects.filter(ticket_id__in=ids).update(body="")
        # update() leaves auto_now alone: the ticket's last change stays what it was.
        return Ticket.objects.filter(pk__in=ids).update(
            name="", email="", subject="", message="", erased_at=now
        )
