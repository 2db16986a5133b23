""" "Your hour this month": on the 1st, each confirmed volunteer who wants it (the opt-out in
their space) receives the next actions near them that match their gestures and availability
and have places left, each with a link that registers them in one click; when there is none,
a gesture of the idea box to do on their own.

The actions of the coming weeks are read once per run from the occurrences table
(pages.models.Occurrence), with their gestures, places taken and territory (a fixed number of
queries); the volunteers then go by batches, each batch a fixed number of queries whatever
their number (their gestures and registrations in one query each), ranked in Python:
nearest first (their commune, then their department; communes have no coordinates), then the
most gestures shared, then the most places left, then the soonest. A `MonthlyHour` row per
volunteer and month, written with the e-mail, makes the job safe to run again."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from wagtail.models import Locale

from core import email as core_email
from core import outbox
from core.addresses import page_url, site_url
from pages import fallback
from pages.models import ActionPage, CommunePage, DepartmentPage, Occurrence
from pages.themes import email_theme
from pages.tree import COMMUNE_PATH_LENGTH, DEPARTMENT_PATH_LENGTH
from snippets.models import Gesture
from volunteers.models import Registration, Volunteer
from volunteers.services import registration_link, stop_emails_url

from .models import Bounce, MonthlyHour

TEMPLATE = "mailings/emails/monthly_hour"
BATCH_SIZE = 200
ACTIONS_PER_EMAIL = 3
HORIZON = dt.timedelta(days=35)  # this month's actions, and the first days of the next
MAX_OCCURRENCES = 20_000  # the table's rows read per run, soonest first
NO_LIMIT = 10**6  # the places left of an action without a limit, when ranking


@dataclass
class Candidate:
    """An action of the coming weeks, as the ranking needs it."""

    pk: int
    title: str
    url: str
    registration_required: bool
    places_left: int | None
    commune_id: int | None
    department_id: int | None
    gestures: set[int]
    starts: list[dt.datetime] = field(default_factory=list)  # UTC, soonest first
    # The page itself, for the addresses of its links (on its territory's own address, if any).
    page: ActionPage | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Proposal:
    action: Candidate
    start: dt.datetime
    link: str  # registers in one click (or the action's page when it asks for no registration)
    title: str = ""  # in the volunteer's language where translated (`Translations`)
    lang: str = ""  # "fr" when shown in French to a volunteer who reads another language


@dataclass
class Translations:
    """The live, public translations of the run's actions and of the idea box's gestures, read
    once per language in the run (one query per language and kind, whatever the number of
    volunteers): a volunteer reads their hour in their language (issue 21), each action or
    gesture without a translation in French."""

    actions: list[Candidate]
    idea_box: list[Gesture]
    _actions: dict[str, dict[str, ActionPage]] = field(default_factory=dict)
    _gestures: dict[str, dict] = field(default_factory=dict)

    def action(self, candidate: Candidate, language: str) -> ActionPage | None:
        if language == fallback.default_language() or candidate.page is None:
            return None
        if language not in self._actions:
            keys = [action.page.translation_key for action in self.actions if action.page]
            self._actions[language] = {
                page.translation_key: page
                for page in ActionPage.objects.live()
                .public()
                .filter(translation_key__in=keys, locale__language_code=language)
                .only("id", "path", "url_path", "depth", "locale", "translation_key", "title")
            }
        return self._actions[language].get(candidate.page.translation_key)

    def gesture(self, gesture: Gesture | None, language: str):
        if gesture is None or language == fallback.default_language():
            return gesture
        if language not in self._gestures:
            self._gestures[language] = {
                found.translation_key: found
                for found in Gesture.objects.filter(
                    live=True,
                    translation_key__in=[g.translation_key for g in self.idea_box],
                    locale__language_code=language,
                ).select_related("locale")
            }
        translated = self._gestures[language].get(gesture.translation_key)
        if translated is None:
            gesture.lang = fallback.default_language()
            return gesture
        return translated


def month_of(now: dt.datetime) -> dt.date:
    return timezone.localdate(now).replace(day=1)


def slot_of(start: dt.datetime) -> str:
    """The availability code (volunteers.models.Availability) of a start, Paris time."""
    local = timezone.localtime(start)
    day = "weekend" if local.weekday() >= 5 else "weekday"
    part = "morning" if local.hour < 12 else "afternoon" if local.hour < 18 else "evening"
    return f"{day}-{part}"


def candidates(now: dt.datetime) -> list[Candidate]:
    """The actions with an occurrence to come within HORIZON and places left: six queries."""
    rows = list(
        Occurrence.objects.filter(
            start__gte=now,
            start__lt=now + HORIZON,
            cancelled=False,
            locale_id=Locale.get_default().pk,
        )
        .order_by("start", "id")
        .values_list("action_id", "start", "path")[:MAX_OCCURRENCES]
    )
    starts: dict[int, list[dt.datetime]] = defaultdict(list)
    paths: dict[int, str] = {}
    for action_id, start, path in rows:
        starts[action_id].append(start)
        paths[action_id] = path
    taken = dict(
        Registration.objects.filter(action_id__in=starts, status=Registration.Status.REGISTERED)
        .values("action_id")
        .annotate(count=Count("pk"))
        .values_list("action_id", "count")
    )
    gestures: dict[int, set[int]] = defaultdict(set)
    for action_id, gesture_id in ActionPage.gestures.through.objects.filter(
        actionpage_id__in=starts
    ).values_list("actionpage_id", "gesture_id"):
        gestures[action_id].add(gesture_id)
    communes = dict(
        CommunePage.objects.filter(
            path__in={path[:COMMUNE_PATH_LENGTH] for path in paths.values()}
        ).values_list("path", "commune_id")
    )
    departments = dict(
        DepartmentPage.objects.filter(
            path__in={path[:DEPARTMENT_PATH_LENGTH] for path in paths.values()}
        ).values_list("path", "department_id")
    )
    found = []
    for action in ActionPage.objects.filter(pk__in=starts).select_related("place_commune"):
        places_left = None
        if action.capacity is not None:
            places_left = max(action.capacity - taken.get(action.pk, 0), 0)
            if not places_left:
                continue
        path = paths[action.pk]
        commune_id = communes.get(path[:COMMUNE_PATH_LENGTH]) or action.place_commune_id
        department_id = departments.get(path[:DEPARTMENT_PATH_LENGTH])
        found.append(
            Candidate(
                pk=action.pk,
                title=action.title,
                url=action.get_full_url() or "",
                registration_required=action.registration_required,
                places_left=places_left,
                commune_id=commune_id,
                department_id=department_id,
                gestures=gestures[action.pk],
                starts=starts[action.pk],
                page=action,
            )
        )
    return found


def propose(
    volunteer: Volunteer,
    actions: list[Candidate],
    gestures: set[int],
    registered: set[int],
) -> list[tuple[Candidate, dt.datetime]]:
    """The best ACTIONS_PER_EMAIL actions for `volunteer`, each at its first date in their
    availability: near them (their commune, else their department), sharing a gesture when
    they chose some, not already theirs."""
    availability = set(volunteer.availability_codes)
    department_id = volunteer.commune.department_id
    ranked = []
    for action in actions:
        if action.pk in registered:
            continue
        if action.commune_id == volunteer.commune_id:
            distance = 0
        elif action.department_id == department_id:
            distance = 1
        else:
            continue
        shared = len(gestures & action.gestures)
        if gestures and not shared:
            continue
        start = next(
            (s for s in action.starts if not availability or slot_of(s) in availability), None
        )
        if start is None:
            continue
        places = NO_LIMIT if action.places_left is None else action.places_left
        ranked.append(((distance, -shared, -places, start, action.pk), action, start))
    ranked.sort(key=lambda entry: entry[0])
    return [(action, start) for _key, action, start in ranked[:ACTIONS_PER_EMAIL]]


def wanting(month: dt.date):
    """The volunteers who want this month's hour and have not had it."""
    return (
        Volunteer.objects.confirmed()
        .active()
        .filter(monthly_hour=True, emails_stopped_at__isnull=True)
        .exclude(Exists(Bounce.objects.filter(volunteer=OuterRef("pk"), kind__in=Bounce.STOPPING)))
        .exclude(Exists(MonthlyHour.objects.filter(volunteer=OuterRef("pk"), month=month)))
    )


def send_batch(
    month: dt.date,
    actions: list[Candidate],
    idea_box: list[Gesture],
    themes: dict[int, dict],
    translations: Translations | None = None,
) -> int:
    """The next BATCH_SIZE volunteers without this month's hour get it, in one transaction
    (their rows, then their e-mails): a fixed number of queries, plus the theme of a commune
    not seen before in this run. Returns how many."""
    translations = translations or Translations(actions, idea_box)
    with transaction.atomic():
        batch = list(
            wanting(month)
            .select_related("commune")
            .only(
                "pk",
                "email",
                "first_name",
                "language",
                "availability",
                "commune__id",
                "commune__department_id",
            )
            .order_by("pk")[:BATCH_SIZE]
        )
        if not batch:
            return 0
        ids = [volunteer.pk for volunteer in batch]
        gestures: dict[int, set[int]] = defaultdict(set)
        for volunteer_id, gesture_id in Volunteer.gestures.through.objects.filter(
            volunteer_id__in=ids
        ).values_list("volunteer_id", "gesture_id"):
            gestures[volunteer_id].add(gesture_id)
        registered: dict[int, set[int]] = defaultdict(set)
        for volunteer_id, action_id in (
            Registration.objects.filter(volunteer_id__in=ids)
            .exclude(status=Registration.Status.CANCELLED)
            .values_list("volunteer_id", "action_id")
        ):
            registered[volunteer_id].add(action_id)
        emails, rows = [], []
        for volunteer in batch:
            chosen = propose(volunteer, actions, gestures[volunteer.pk], registered[volunteer.pk])
            proposals = [
                proposal_for(volunteer, action, start, translations) for action, start in chosen
            ]
            if volunteer.commune_id not in themes:
                themes[volunteer.commune_id] = email_theme(volunteer.commune)
            gesture = translations.gesture(
                None if proposals else gesture_for(volunteer, gestures, idea_box, month),
                volunteer.language,
            )
            emails.append(
                render_for(volunteer, proposals, gesture, themes[volunteer.commune_id], month)
            )
            rows.append(MonthlyHour(volunteer=volunteer, month=month, actions=len(proposals)))
        outbox.record_many(emails)
        MonthlyHour.objects.bulk_create(rows)
    return len(batch)


def proposal_for(
    volunteer, action: Candidate, start: dt.datetime, translations: Translations
) -> Proposal:
    """One action proposed to `volunteer`, in their language where it is translated: its title
    and, when it asks for no registration, its page (a registration link registers for the
    French action, whose places they are, on a page in their language: volunteers/services)."""
    translated = translations.action(action, volunteer.language)
    if action.registration_required:
        link = registration_link(volunteer, action.page)
    else:
        link = (page_url(translated) if translated is not None else "") or action.url
    if translated is not None:
        return Proposal(action, start, link, title=translated.title)
    lang = "" if volunteer.language == fallback.default_language() else "fr"
    return Proposal(action, start, link, title=action.title, lang=lang)


def gesture_for(volunteer, gestures: dict, idea_box: list[Gesture], month: dt.date):
    """One of their own gestures, else one of the idea box, a different one each month."""
    if not idea_box:
        return None
    theirs = [gesture for gesture in idea_box if gesture.pk in gestures[volunteer.pk]]
    choice = theirs or idea_box
    return choice[(month.month + volunteer.pk) % len(choice)]


def render_for(volunteer, proposals: list[Proposal], gesture, theme: dict, month) -> dict:
    unsubscribe_url = stop_emails_url(volunteer)
    subject, body, html = core_email.render_email(
        TEMPLATE,
        {
            "first_name": volunteer.first_name,
            "proposals": proposals,
            "gesture": gesture,
            # On the volunteer's territory's own address when it has one (the idea box answers
            # on every site), as the e-mail's other links.
            "gesture_url": (
                (theme.get("site_url") or site_url()) + gesture.get_url()
                if gesture is not None
                else ""
            ),
            "month": month,
            "cancel_url": unsubscribe_url,
        },
        theme=theme,
        language=volunteer.language,
    )
    return {
        "to": [volunteer.email],
        "subject": subject,
        "body": body,
        "html": html,
        "headers": core_email.unsubscribe_headers(unsubscribe_url=unsubscribe_url),
    }


def send_monthly_hour(now: dt.datetime | None = None, max_batches: int | None = None) -> int:
    """The job: this month's hour to every volunteer who wants it and has not had it.
    Returns how many were sent."""
    now = now or timezone.now()
    month = month_of(now)
    actions = candidates(now)
    idea_box = list(
        Gesture.objects.filter(live=True, locale=Locale.get_default())
        .select_related("locale")
        .order_by("pk")
    )
    themes: dict[int, dict] = {}
    translations = Translations(actions, idea_box)
    sent = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        count = send_batch(month, actions, idea_box, themes, translations)
        sent += count
        batches += 1
        if count < BATCH_SIZE:
            break
    return sent
