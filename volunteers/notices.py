"""The volunteers of an action hear of a change in its dates: when an editor publishes it
cancelled, with a date cancelled, or at another date or time, everyone holding or awaiting a
place gets one e-mail saying what changed and why, with an .ics that updates their calendar
(METHOD:CANCEL or METHOD:REQUEST, the feeds' UID, a higher SEQUENCE).

On publication (signal_handlers.py, page_published): the changes (pages/agenda/changes.py) are
recorded as ScheduleNotice rows, unique per change, with one NoticeDelivery per volunteer, and
one job is queued for them, all in one transaction: publishing again or running the job again
tells nobody twice. The job treats each volunteer on its own. Those who erased their data or
stopped e-mails are left out, as for the reminders.
"""

from __future__ import annotations

import hashlib
import logging
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_q.tasks import async_task

from pages.agenda import ics, queries
from pages.agenda.changes import ScheduleChange, schedule_change
from pages.agenda.feeds import actions_of_queryset
from pages.models import ActionPage

from .calendar import personal_feed_url, translated, url_of
from .models import NoticeDelivery, Registration, ScheduleNotice
from .services import cancel_url, send_email, where_and_link

logger = logging.getLogger(__name__)
Status = Registration.Status
Kind = ScheduleNotice.Kind
JOB = "volunteers.jobs.send_schedule_notices"


def _fingerprint(action: ActionPage) -> str:
    text = f"{action.start.isoformat()}|{action.end.isoformat()}|{action.all_day}|{action.rrule}"
    return hashlib.sha256(f"{text}|{action.sequence}".encode()).hexdigest()[:32]


def notices_of(action: ActionPage, change: ScheduleChange) -> list[ScheduleNotice]:
    """The rows that record `change` (not saved). A cancelled action says nothing of moves."""
    batch = uuid.uuid4()

    def notice(day, kind, *, fingerprint="", reason=""):
        return ScheduleNotice(
            action=action,
            occurrence=day,
            kind=kind,
            fingerprint=fingerprint,
            batch=batch,
            sequence=action.sequence,
            reason=reason.strip(),
        )

    first = action.start.astimezone(queries.PARIS).date()
    if change.action_cancelled:
        return [notice(first, Kind.ACTION_CANCELLED, reason=action.cancellation_reason)]
    found = []
    if change.moved:
        before = change.start_before.astimezone(queries.PARIS).date()
        found.append(notice(before, Kind.MOVED, fingerprint=_fingerprint(action)))
    if change.cancelled_dates:
        reasons = {c.date: c.reason for c in action.cancellations.all()}
        for day in change.cancelled_dates:
            found.append(notice(day, Kind.DATE_CANCELLED, reason=reasons.get(day, "")))
    return found


def announce(action: ActionPage) -> int:
    """Records what the publication of `action` changed in its dates and queues the job that
    tells its volunteers; returns how many are to be told. A fixed number of queries, whatever
    their number: the changes already told, the new notices, the volunteers, their
    deliveries, the job."""
    change = schedule_change(action)
    if change is None:
        return 0
    wanted = notices_of(action, change)
    with transaction.atomic():
        told = set(
            ScheduleNotice.objects.filter(action=action).values_list(
                "occurrence", "kind", "fingerprint"
            )
        )
        new = [n for n in wanted if (n.occurrence, n.kind, n.fingerprint) not in told]
        if not new:
            return 0
        try:
            with transaction.atomic():
                ScheduleNotice.objects.bulk_create(new)
        except IntegrityError:
            return 0  # told meanwhile, by a publication running beside this one
        registrations = Registration.objects.filter(
            action=action,
            status__in=[Status.REGISTERED, Status.WAITING],
            volunteer__erased_at__isnull=True,
            volunteer__emails_stopped_at__isnull=True,
        ).values_list("pk", flat=True)
        deliveries = NoticeDelivery.objects.bulk_create(
            NoticeDelivery(batch=new[0].batch, registration_id=pk) for pk in registrations
        )
        if deliveries:
            # On the same database (the ORM broker): queued if, and only if, this commits.
            async_task(JOB, str(new[0].batch), group="schedule-notices")
    return len(deliveries)


def send_schedule_notices(batch: str) -> int:
    """The job: e-mails each volunteer of `batch` not told yet, each on its own (one failure
    is logged and skipped); returns how many e-mails were queued."""
    notices = list(
        ScheduleNotice.objects.filter(batch=batch)
        .select_related("action__place_commune")
        .order_by("occurrence", "pk")
    )
    if not notices:
        return 0
    pending = list(
        NoticeDelivery.objects.filter(batch=batch, sent_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in pending:
        try:
            sent += _deliver(pk, notices)
        except Exception:
            logger.exception("Notice delivery %s failed", pk)  # its id only: no address
    return sent


def _deliver(pk: int, notices: list[ScheduleNotice]) -> int:
    with transaction.atomic():
        delivery = (
            NoticeDelivery.objects.select_for_update()
            .filter(pk=pk, sent_at__isnull=True)
            .select_related("registration__volunteer__commune")
            .first()
        )
        if delivery is None:
            return 0  # another worker told them
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["sent_at"])
        registration = delivery.registration
        volunteer = registration.volunteer
        if (
            registration.status not in (Status.REGISTERED, Status.WAITING)
            or volunteer.erased_at is not None
            or volunteer.emails_stopped_at is not None
        ):
            return 0  # left, erased or stopped e-mails since the publication
        action = notices[0].action
        kinds = {notice.kind for notice in notices}
        cancelled = kinds & {Kind.ACTION_CANCELLED, Kind.DATE_CANCELLED}
        method = "CANCEL" if cancelled and Kind.MOVED not in kinds else "REQUEST"
        dates = [n.occurrence for n in notices if n.kind == Kind.DATE_CANCELLED]
        shown, address_of = in_volunteer_language(action, volunteer.language)
        attachment = ics.notice(
            shown,
            address_of,
            method=method,
            attendee=volunteer.email,
            dates=dates,
            language=volunteer.language,
        )
        attachments = [(f"{action.slug}.ics", ics.to_bytes(attachment).decode(), "text/calendar")]
        now = timezone.now()
        upcoming = [
            item
            for item in queries.items_of(action, now, now + queries.DEFAULT_SPAN)
            if not item.cancelled
        ][: queries.ACTION_DATES_COUNT]
        reason, reason_lang = reason_in_language(notices, shown, volunteer.language)
        send_email(
            "schedule_change",
            volunteer.email,
            {
                "volunteer": volunteer,
                "action_cancelled": Kind.ACTION_CANCELLED in kinds,
                "cancelled": [n for n in notices if n.kind == Kind.DATE_CANCELLED],
                "moved": next((n for n in notices if n.kind == Kind.MOVED), None),
                "reason": reason,
                "reason_lang": reason_lang,
                "upcoming": upcoming,
                "waiting": registration.status == Status.WAITING,
                # Its title, place and page in their language (the dates are the French
                # action's, which a translation shares).
                **where_and_link(action, volunteer.language),
                "feed_url": personal_feed_url(volunteer),
            },
            cancel_url=cancel_url(registration),
            attachments=attachments,
        )
    return 1


def reason_in_language(notices: list, shown: ActionPage, language: str | None) -> tuple[str, str]:
    """The reason a notice gives, as the editor typed it (in French), and its language when the
    volunteer reads another one (the HTML marks it `lang`). A whole action cancelled gives its
    translation's reason when a translator has translated it (`shown`, the action in the
    volunteer's language: in_volunteer_language); a date's reason is never translated."""
    reason = next((notice.reason for notice in notices if notice.reason), "")
    if not reason or not language or language == settings.LANGUAGE_CODE:
        return reason, ""
    cancelled = any(notice.kind == Kind.ACTION_CANCELLED for notice in notices)
    translated = (shown.cancellation_reason or "").strip()
    if cancelled and translated and translated != reason:
        return translated, ""
    return reason, settings.LANGUAGE_CODE


def in_volunteer_language(action: ActionPage, language: str | None):
    """The action as the notice's .ics shows it to a volunteer reading `language`, and the
    address of its page: a copy given its translation's texts where a live one exists (the
    same UID and dates: the French action's), as their reminder's is (calendar.action_calendar).
    A copy, read again: the action of the batch is every volunteer's, whatever their language.
    In French, the action itself (no query)."""
    if not language or language == settings.LANGUAGE_CODE:
        return action, url_of
    copies = list(actions_of_queryset(ActionPage.objects.filter(pk=action.pk)))
    if not copies:
        return action, url_of
    return copies[0], translated(copies, language)
