"""The rules of mailings: who writes to whom (onboarding.roles), which volunteers a mailing
reaches (its segment, their consent, a week since their last mailing), and sending it in
batches, each batch one transaction whose `Delivery` rows and e-mails commit together.

Who receives one: confirmed, not erased, `contact_consent` given and e-mails not stopped
(volunteers/models.py says why no other consent), no hard bounce, and no mailing in the last
7 days from any sender. A volunteer mailed this week is not skipped but deferred: the mailing
stays "sending" and the periodic job gives them their copy once their week is over."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from html import escape, unescape

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.html import strip_tags
from django_q.tasks import async_task
from wagtail.models import Page
from wagtail.rich_text import expand_db_html
from wagtail.rich_text.rewriters import extract_attrs

from core import email as core_email
from core import outbox
from core.addresses import absolute_url, site_url
from onboarding.roles import Role, is_moderator, territories_of
from pages.services import is_network_page
from pages.themes import email_theme
from territories.models import Commune, Department
from volunteers.models import Registration, Volunteer

from . import lists
from .models import Bounce, Delivery, Mailing, Unsubscription

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# A run of the periodic job sends at most this many batches of each mailing (the next run
# goes on): a mailing to a whole department does not hold one worker for an hour.
BATCHES_PER_RUN = 50
ONE_MAILING_EVERY = timedelta(days=7)
TEMPLATE = "mailings/emails/mailing"
SEND_JOB = "mailings.jobs.send_mailings"

Status = Mailing.Status


# --- Who writes to whom -------------------------------------------------------------------


def is_national(user) -> bool:
    return bool(user.is_active and (user.is_superuser or is_moderator(user)))


def senders_for(user) -> tuple[QuerySet[Department], QuerySet[Commune]]:
    """The departments and communes on whose behalf `user` writes: their referents' (a
    department's referents also write as any of its communes); the national team, all."""
    return territories_of(user, role=None if is_national(user) else Role.REFERENTS)


def mailings_of(user) -> QuerySet[Mailing]:
    """The mailings `user` sees and edits: those of the territories they write for."""
    if is_national(user):
        return Mailing.objects.all()
    departments, communes = senders_for(user)
    return Mailing.objects.filter(Q(department__in=departments) | Q(commune__in=communes))


def may_write(user, *, department: Department | None, commune: Commune | None) -> bool:
    if is_national(user):
        return True
    departments, communes = senders_for(user)
    if commune is not None:
        return communes.filter(pk=commune.pk).exists()
    if department is not None:
        return departments.filter(pk=department.pk).exists()
    return False  # only the national team writes to everyone


# --- Who receives it ------------------------------------------------------------------------


def reachable(now=None) -> QuerySet[Volunteer]:
    """The volunteers any mailing may reach today: confirmed, not erased, consenting, e-mails
    not stopped, address not bouncing."""
    return (
        Volunteer.objects.confirmed()
        .active()
        .filter(contact_consent=True, emails_stopped_at__isnull=True)
        .exclude(Exists(Bounce.objects.filter(volunteer=OuterRef("pk"), kind__in=Bounce.STOPPING)))
    )


def any_of_codes(field: str, codes: list[str]) -> Q:
    """One of `codes` in a volunteer's ",a,b," field (volunteers.models.join_codes)."""
    condition = Q()
    for code in codes:
        condition |= Q(**{f"{field}__contains": f",{code},"})
    return condition


def segment(mailing: Mailing, now=None) -> QuerySet[Volunteer]:
    """The volunteers of the sender's territory who match every condition of the segment."""
    now = now or timezone.now()
    volunteers = reachable(now).exclude(
        Exists(Unsubscription.objects.filter(volunteer=OuterRef("pk"), topic=mailing.topic))
    )
    if mailing.commune_id:
        volunteers = volunteers.filter(commune_id=mailing.commune_id)
    elif mailing.department_id:
        volunteers = volunteers.filter(commune__department_id=mailing.department_id)
    communes = [commune.pk for commune in mailing.communes.all()]
    if communes:
        volunteers = volunteers.filter(commune_id__in=communes)
    gestures = [gesture.pk for gesture in mailing.gestures.all()]
    if gestures:
        through = Volunteer.gestures.through
        volunteers = volunteers.filter(
            Exists(through.objects.filter(volunteer=OuterRef("pk"), gesture_id__in=gestures))
        )
    if mailing.kinds:
        volunteers = volunteers.filter(any_of_codes("kinds", mailing.kinds))
    if mailing.availability:
        volunteers = volunteers.filter(any_of_codes("availability", mailing.availability))
    if mailing.language:
        volunteers = volunteers.filter(language=mailing.language)
    if mailing.inactive_months:
        since = now - timedelta(days=30 * mailing.inactive_months)
        volunteers = volunteers.exclude(
            Exists(
                Registration.objects.filter(
                    volunteer=OuterRef("pk"),
                    status=Registration.Status.REGISTERED,
                    requested_at__gte=since,
                )
            )
        )
    return volunteers


def mailed_recently(now) -> QuerySet[Delivery]:
    return Delivery.objects.filter(volunteer=OuterRef("pk"), created_at__gt=now - ONE_MAILING_EVERY)


def still_to_send(mailing: Mailing, now=None) -> QuerySet[Volunteer]:
    """The segment's volunteers without their copy yet (those mailed this week included)."""
    return segment(mailing, now).exclude(
        Exists(Delivery.objects.filter(mailing=mailing, volunteer=OuterRef("pk")))
    )


# --- Figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    recipients: int  # copies written
    sent: int
    failed: int
    bounced: int
    unsubscribed: int
    waiting: int  # in the segment, not sent yet (mailed this week, or next batches)


def figures_of(mailing: Mailing, now=None) -> Figures:
    """Three queries: the copies by state, and those still to send."""
    counts = Delivery.objects.filter(mailing=mailing).aggregate(
        recipients=Count("pk"),
        sent=Count("pk", filter=Q(email__sent_at__isnull=False) | Q(email__isnull=True)),
        failed=Count("pk", filter=Q(email__sent_at__isnull=True, email__attempts__gt=0)),
        bounced=Count("pk", filter=Q(status=Delivery.Status.BOUNCED)),
        # Unsubscribed from this sender's list through this copy, or all e-mails stopped.
        unsubscribed=Count(
            "pk",
            filter=Q(status=Delivery.Status.UNSUBSCRIBED)
            | Q(volunteer__emails_stopped_at__gte=F("created_at")),
        ),
    )
    waiting = (
        still_to_send(mailing, now).count()
        if mailing.status in (Status.SCHEDULED, Status.SENDING)
        else 0
    )
    return Figures(**counts, waiting=waiting)


# --- Writing and scheduling -----------------------------------------------------------------


def call_to_action_url(mailing: Mailing) -> str:
    if mailing.call_to_action_page_id and mailing.call_to_action_page.live:
        return mailing.call_to_action_page.get_full_url() or ""
    return mailing.call_to_action_url


def theme_of(mailing: Mailing) -> dict:
    """The sender's colours: the commune's page, the department's, or the national ones."""
    if mailing.commune_id:
        return email_theme(mailing.commune)
    if mailing.department_id:
        return email_theme(None, mailing.department_id)
    return {}


PAGE_LINK = re.compile(r"<a(\s[^>]*)?>", re.I)


def body_html(rich_text: str, site: str | None = None) -> str:
    """The message's rich text for an e-mail: Wagtail's links expanded, and absolute on `site`
    (the sender's territory's own address, as its theme gives it: `theme_of`), else on the
    national one. What the message names by a path (a path written, a document, an image) and
    the pages of the network that every site serves at the same path (the charter, the legal
    pages) are linked on that address; a territory's page keeps its own (Wagtail's)."""
    base = (site or site_url()).rstrip("/")
    if site:
        rich_text = _network_pages_as_paths(rich_text)
    return re.sub(
        r'(href|src)="/(?!/)', lambda match: f'{match[1]}="{base}/', expand_db_html(rich_text)
    )


def _network_pages_as_paths(rich_text: str) -> str:
    """The links to pages of the network in `rich_text` written as their paths (the same on
    every site). One query for the pages linked, and one per network page below a home's
    child (is_network_page)."""
    links = {}
    for match in PAGE_LINK.finditer(rich_text):
        attrs = extract_attrs(match[1] or "")
        if attrs.get("linktype") == "page" and str(attrs.get("id", "")).isdigit():
            links[match[0]] = int(attrs["id"])
    if not links:
        return rich_text
    pages = {page.pk: page for page in Page.objects.filter(pk__in=set(links.values()))}
    paths = {}
    for page in pages.values():
        if not is_network_page(page):
            continue
        parts = page.localized.get_url_parts()
        if parts and parts[2] is not None:
            paths[page.pk] = parts[2]
    return PAGE_LINK.sub(
        lambda match: (
            f'<a href="{escape(paths[links[match[0]]])}">'
            if links.get(match[0]) in paths
            else match[0]
        ),
        rich_text,
    )


def plain_text(rich_text: str, site: str | None = None) -> str:
    """The rich text of a message as the text part of its e-mail: links written out as
    "text (address)", a paragraph per block, no markup."""
    html = body_html(rich_text, site)
    html = re.sub(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>', r"\2 (\1)", html, flags=re.S | re.I)
    html = re.sub(r"<li[^>]*>", "- ", html, flags=re.I)
    html = re.sub(r"</(p|h\d|li|ul|ol)>|<br\s*/?>", "\n", html, flags=re.I)
    text = unescape(strip_tags(html))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.splitlines()))


def render_for(
    mailing: Mailing,
    volunteer,
    *,
    theme: dict,
    button_url: str,
    unsubscribe_url: str,
    body_text: str | None = None,
    body: str | None = None,
) -> dict:
    """The e-mail of one recipient, in their language: what core.outbox.record_many writes."""
    site = theme.get("site_url")  # the sender's territory's own address, when it has one
    subject, body, html = core_email.render_email(
        TEMPLATE,
        {
            "mailing": mailing,
            "body_text": plain_text(mailing.body, site) if body_text is None else body_text,
            "body": body_html(mailing.body, site) if body is None else body,
            "first_name": volunteer.first_name,
            "button_url": button_url,
            "cancel_url": unsubscribe_url,
        },
        theme=theme,
        language=getattr(volunteer, "language", None),
        subject=mailing.subject,
    )
    headers = core_email.unsubscribe_headers(unsubscribe_url=unsubscribe_url) or {}
    if mailing.pk and getattr(volunteer, "pk", None) and isinstance(volunteer, Volunteer):
        # Which copy this is, for the provider's answer once it took it (bounces.py).
        headers[COPY_HEADER] = copy_reference(mailing.pk, volunteer.pk)
    return {
        "to": [volunteer.email],
        "subject": subject,
        "body": body,
        "html": html,
        "headers": headers,
    }


COPY_HEADER = "X-Heure-Civique-Copy"


def copy_reference(mailing_id: int, volunteer_id: int) -> str:
    return f"{mailing_id}.{volunteer_id}"


def send_test(mailing: Mailing, user) -> bool:
    """The mailing as a volunteer will receive it, to its writer's own address (its
    unsubscribe link is the page that explains them; nothing is recorded)."""
    if not user.email:
        return False
    theme = theme_of(mailing)
    email = render_for(
        mailing,
        user,
        theme=theme,
        button_url=call_to_action_url(mailing),
        # On the sender's territory's own address when it has one, as the volunteers' links.
        unsubscribe_url=absolute_url("volunteers:space_request", site=theme.get("site_url")),
    )
    email["subject"] = f"[TEST] {email['subject']}"
    outbox.record_many([email])
    return True


def schedule(mailing: Mailing, at=None) -> Mailing:
    """A draft is scheduled (`at`, now without it); the periodic job starts it when due."""
    now = timezone.now()
    Mailing.objects.filter(pk=mailing.pk, status__in=[Status.DRAFT, Status.SCHEDULED]).update(
        status=Status.SCHEDULED, scheduled_at=at or now
    )
    mailing.refresh_from_db(fields=["status", "scheduled_at"])
    if mailing.scheduled_at <= now:
        transaction.on_commit(lambda: async_task(SEND_JOB, group="mailings"))
    return mailing


def unschedule(mailing: Mailing) -> Mailing:
    Mailing.objects.filter(pk=mailing.pk, status=Status.SCHEDULED).update(status=Status.DRAFT)
    mailing.refresh_from_db(fields=["status"])
    return mailing


# --- Sending ----------------------------------------------------------------------------------


def start_due(now=None) -> int:
    """The scheduled mailings whose time has come start sending."""
    now = now or timezone.now()
    return Mailing.objects.filter(status=Status.SCHEDULED, scheduled_at__lte=now).update(
        status=Status.SENDING
    )


def send_batch(mailing_id: int, now=None) -> int:
    """Sends the next batch of a mailing: up to BATCH_SIZE volunteers of its segment without
    their copy and not mailed this week get a `Delivery` and their e-mail, in one transaction.
    The rows of every mailing being sent are locked first, so that two batches (of two
    mailings) never run at once and the one-a-week rule holds between senders. Safe to
    repeat: a copy is written once (the unique constraint, and the lock). When nobody is left
    to send to (not even someone waiting for their week), the mailing is sent. Returns how
    many copies it wrote; a bounded number of queries whatever the number of volunteers."""
    now = now or timezone.now()
    with transaction.atomic():
        sending = list(
            # Only the mailings' rows: PostgreSQL locks no nullable side of an outer join.
            Mailing.objects.select_for_update(of=("self",))
            .filter(status=Status.SENDING)
            .select_related("commune", "call_to_action_page")
            .order_by("pk")
        )
        mailing = next((m for m in sending if m.pk == mailing_id), None)
        if mailing is None:
            return 0
        pending = still_to_send(mailing, now)
        batch = list(
            pending.exclude(Exists(mailed_recently(now)))
            .only("pk", "email", "first_name", "language")
            .order_by("pk")[:BATCH_SIZE]
        )
        if not batch:
            if not pending.exists():
                Mailing.objects.filter(pk=mailing.pk).update(status=Status.SENT, sent_at=now)
            return 0
        theme = theme_of(mailing)
        site = theme.get("site_url")  # the sender's territory's own address, when it has one
        button_url = call_to_action_url(mailing)
        body_text, body = plain_text(mailing.body, site), body_html(mailing.body, site)
        emails = outbox.record_many(
            [
                render_for(
                    mailing,
                    volunteer,
                    theme=theme,
                    button_url=button_url,
                    unsubscribe_url=lists.unsubscribe_url(mailing, volunteer),
                    body_text=body_text,
                    body=body,
                )
                for volunteer in batch
            ]
        )
        Delivery.objects.bulk_create(
            [
                Delivery(mailing=mailing, volunteer=volunteer, email=email)
                for volunteer, email in zip(batch, emails, strict=True)
            ]
        )
    return len(batch)


def send_mailings(now=None) -> int:
    """The periodic job: starts the mailings due, then sends batches of each mailing being
    sent until it is done or waits for volunteers' weeks. Each mailing on its own: one that
    fails is logged and the others go on. Returns how many copies were written."""
    start_due(now)
    written = 0
    for mailing_id in Mailing.objects.filter(status=Status.SENDING).values_list("pk", flat=True):
        try:
            for _batch in range(BATCHES_PER_RUN):
                count = send_batch(mailing_id, now)  # 0: done, or all wait for their week
                written += count
                if not count:
                    break
        except Exception:
            logger.exception("Mailing %s: a batch failed", mailing_id)
    return written
