"""The agenda: the occurrences of the live public actions at and below a territory's page.

An agenda (national, department or commune) lists the occurrences of the actions under its
parent page, recurring actions expanded in Paris time, filtered by kind, dates and (for a
department) commune, grouped by day, paginated; a month view draws them on a grid.

A cancelled action is listed, marked cancelled with its reason; a cancelled occurrence of a
recurring action too (with the reason given for that date). Every function here runs a fixed
number of SQL queries, whatever the number of actions.

The list, the month, the "upcoming" blocks (and the kits, which use them) read the occurrences
table (pages/agenda/occurrences.py) with a LIMIT when it covers their window: what they read
is bounded by what they show, not by how many actions exist. The list pages by a cursor on
(start, id) (?after=, ?before=); an old ?page=N still answers. A window the table does not
cover (a month of 2019) is expanded from the actions, as before the table.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import (
    DateTimeField,
    ExpressionWrapper,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Locale, Page

from core.addresses import page_url
from core.vocabulary import ActionKind
from snippets.models import GestureCategory

from .. import fallback
from ..tree import attach_places
from . import calendar_links, occurrences, recurrence
from .recurrence import PARIS, Occurrence

if TYPE_CHECKING:
    from django.http import HttpRequest, QueryDict

    from snippets.models import GestureCategory

    from ..models import ActionIndexPage, ActionPage
    from ..services import EngagedCommune

ACTIONS_SLUG = "actions"
ACTIONS_TITLE = "Agenda des actions"
PER_PAGE = 20
UPCOMING_COUNT = 4
# The block of a territory's page looks this far ahead (its agenda, a year).
UPCOMING_SPAN = dt.timedelta(days=92)
# The list looks this far ahead by default, and no filter may ask for a longer span.
DEFAULT_SPAN = dt.timedelta(days=366)
MAX_SPAN_DAYS = 400
# A recurring action lists at most this many upcoming dates on its page.
ACTION_DATES_COUNT = 6
# An old link to ?page=N (before the cursor) answers up to this page; further ones, this one.
LEGACY_MAX_PAGE = 50
# A month shows at most this many occurrences (a month of the whole of France at full scale).
MONTH_LIMIT = 2000


# --- The "actions" page of a territory ------------------------------------------------------


def action_index_of(parent: Page) -> ActionIndexPage | None:
    from ..models import ActionIndexPage

    return ActionIndexPage.objects.child_of(parent).order_by("path").first()


def ensure_action_index(parent: Page) -> ActionIndexPage:
    """The "actions" page under `parent` (home, department or commune page), created and
    published when missing. Running it again changes nothing."""
    from ..models import ActionIndexPage

    existing = action_index_of(parent)
    if existing is not None:
        return existing
    with transaction.atomic():
        index = ActionIndexPage(title=ACTIONS_TITLE, slug=ACTIONS_SLUG, locale_id=parent.locale_id)
        parent.add_child(instance=index)
        index.save_revision().publish()
        index.refresh_from_db()
    return index


# --- Which actions -------------------------------------------------------------------------


def paris_day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=PARIS)


def today() -> dt.date:
    return dt.datetime.now(PARIS).date()


def actions_under(scope: Page) -> QuerySet[ActionPage]:
    """The live, public actions at and below `scope` (its own locale), with their commune and
    cancellations fetched up front."""
    from ..models import ActionCancellation, ActionPage

    return (
        ActionPage.objects.live()
        .public()
        .descendant_of(scope)
        .filter(locale_id=scope.locale_id)
        .select_related("place_commune")
        .prefetch_related(
            Prefetch("cancellations", queryset=ActionCancellation.objects.order_by("date"))
        )
    )


def over_before(day: dt.date) -> Q:
    """The actions whose every occurrence ended before `day` (Paris) as `overlapping` sees
    them: left out of any window that starts that day or later (a series, once the day its
    end date or its last time gives is past: `recurrence_last_day`)."""
    return Q(rrule="", end__lt=paris_day_start(day)) | (
        ~Q(rrule="") & Q(recurrence_last_day__lt=day)
    )


def overlapping(actions: QuerySet[ActionPage], start: dt.datetime, end: dt.datetime):
    """The actions that may have an occurrence in [start, end): single ones that overlap it,
    recurring ones whose series starts before its end and isn't over before its start.

    A window from today on leaves out the actions marked over (`ActionPage.ended`, marked by
    the nightly job on a day no later than today: over then, over now), so that the database
    walks the index of the actions not over, from the first still going on, instead of every
    action since the site began (issue 18). The result is the same either way."""
    if start >= paris_day_start(today()):
        actions = actions.filter(ended=False)
    single = Q(rrule="", start__lt=end, end__gte=start)
    recurring = (
        ~Q(rrule="")
        & Q(start__lt=end)
        & (
            Q(recurrence_last_day__isnull=True)
            | Q(recurrence_last_day__gte=start.astimezone(PARIS).date())
        )
    )
    return actions.filter(single | recurring)


@dataclass
class AgendaItem:
    """One occurrence of an action, as the agenda shows it."""

    action: ActionPage
    start: dt.datetime  # UTC
    end: dt.datetime
    cancelled: bool = False
    reason: str = ""
    place: str = ""  # the commune or department the action belongs to
    # "fr" when a page in another language shows the French action (no translation of it);
    # `reason_lang` when only the cancellation's reason is the French one.
    lang: str = ""
    reason_lang: str = ""

    @property
    def local_start(self) -> dt.datetime:
        return self.start.astimezone(PARIS)

    @property
    def local_end(self) -> dt.datetime:
        return self.end.astimezone(PARIS)

    @property
    def day(self) -> dt.date:
        return self.local_start.date()

    @property
    def all_day(self) -> bool:
        return self.action.all_day

    @property
    def several_days(self) -> bool:
        return self.local_end.date() > self.local_start.date()


def items_of(action: ActionPage, start: dt.datetime, end: dt.datetime) -> list[AgendaItem]:
    """The occurrences of `action` that overlap [start, end), cancelled ones included (marked)."""
    from ..models import ActionStatus

    reasons = {c.date: c.reason for c in action.cancellations.all() if c.date}
    action_cancelled = action.status == ActionStatus.CANCELLED
    occurrences: list[Occurrence] = recurrence.occurrences(
        start=action.start,
        end=action.end,
        rrule=action.rrule,
        window_start=start,
        window_end=end,
    )
    items = []
    for occurrence in occurrences:
        day = occurrence.local_start.date()
        cancelled_here = day in reasons or day in action.exdates
        items.append(
            AgendaItem(
                action=action,
                start=occurrence.start,
                end=occurrence.end,
                cancelled=action_cancelled or cancelled_here,
                reason=action.cancellation_reason if action_cancelled else reasons.get(day, ""),
            )
        )
    return items


def agenda_items(
    actions: QuerySet[ActionPage], start: dt.datetime, end: dt.datetime
) -> list[AgendaItem]:
    """Every occurrence of these actions in [start, end), by start time, with their place."""
    items = [
        item
        for action in overlapping(actions, start, end).order_by("start", "pk")
        for item in items_of(action, start, end)
    ]
    items.sort(key=lambda item: (item.start, item.action.title, item.action.pk))
    attach_places(items, page_of=lambda item: item.action)
    return items


# --- From the occurrences table -----------------------------------------------------------


def occurrence_rows(scope: Page, start: dt.datetime, end: dt.datetime) -> QuerySet:
    """The table's occurrences at and below `scope` (its locale) overlapping [start, end).

    None of them starts before `start` minus the longest occurrence of the table (read in the
    same query, from the index on the rows' length): said to the database, its walk along the
    index on the start begins there, instead of at the table's first row a month back, whose
    rows over it would read and leave one by one (the past month of France, 8,500 rows, for
    the four next actions of the home page: issue 18)."""
    from ..models import Occurrence

    longest = Occurrence.objects.order_by("-length").values("length")[:1]
    earliest = ExpressionWrapper(
        Value(start, output_field=DateTimeField()) - Subquery(longest),
        output_field=DateTimeField(),
    )
    return Occurrence.objects.filter(
        path__startswith=scope.path,
        locale_id=scope.locale_id,
        start__lt=end,
        end__gte=start,
        start__gte=earliest,
    )


def filter_rows(rows: QuerySet, filters: Filters) -> QuerySet:
    """`apply_filters` for the table's rows: the kind, the commune, the category of gestures."""
    from ..models import ActionPage

    if filters.kind:
        rows = rows.filter(action__kind=filters.kind)
    if filters.commune is not None:
        rows = rows.filter(
            Q(path__startswith=filters.commune.path)
            | Q(action__place_commune_id=filters.commune.commune_id)
        )
    if filters.category is not None:
        links = ActionPage.gestures.through.objects.filter(
            gesture__category__translation_key=filters.category.translation_key
        )
        rows = rows.filter(action_id__in=links.values("actionpage_id"))
    return rows


ROW_FIELDS = ("id", "action_id", "start", "end", "cancelled")


def items_of_rows(rows) -> list[AgendaItem]:
    """The agenda items of rows of the table (tuples of ROW_FIELDS, in order): their actions,
    communes and cancellations read in three queries, their places in one more."""
    from ..models import ActionCancellation, ActionPage

    rows = list(rows)
    ids = {row[1] for row in rows}
    actions = (
        {
            action.pk: action
            for action in ActionPage.objects.filter(pk__in=ids)
            .select_related("place_commune")
            .prefetch_related(
                Prefetch("cancellations", queryset=ActionCancellation.objects.order_by("date"))
            )
        }
        if ids
        else {}
    )
    items = []
    for row_id, action_id, start, end, cancelled in rows:
        action = actions.get(action_id)
        if action is None:  # deleted since the rows were read
            continue
        if action.status == "cancelled":
            reason = action.cancellation_reason
        else:
            day = start.astimezone(PARIS).date()
            reason = next((c.reason for c in action.cancellations.all() if c.date == day), "")
        item = AgendaItem(action=action, start=start, end=end, cancelled=cancelled, reason=reason)
        item.row_id = row_id
        items.append(item)
    attach_places(items, page_of=lambda item: item.action)
    return items


def in_language_of(
    items: list[AgendaItem], page: Page, locale: Locale | None = None
) -> list[AgendaItem]:
    """The items (of the French actions) as a page in another language shows them: each action
    in its translation into `page`'s language (or `locale`, a kit printed in another language
    than its page's) where one is live and public, else the French one, marked `lang="fr"`
    (pages/fallback.py). One query; none in French."""
    from ..models import ActionPage, ActionStatus

    locale = locale or page.locale
    if locale.language_code == fallback.default_language():
        return items

    def swap(item: AgendaItem, translated: ActionPage) -> AgendaItem:
        if item.action.status == ActionStatus.CANCELLED:
            item.reason = translated.cancellation_reason or item.reason
        elif item.reason:
            item.reason_lang = fallback.default_language()  # a date's reason, not translated
        item.action = translated
        return item

    return fallback.in_language(
        items,
        locale.pk,
        ActionPage.objects.all(),
        page_of=lambda item: item.action,
        swap=swap,
    )


@dataclass
class Cursor:
    """A place in the list: the (start, id) of an occurrence row."""

    start: dt.datetime
    id: int

    FORMAT = "%Y%m%dT%H%M%S.%fZ"
    PATTERN = re.compile(r"^(\d{8}T\d{6}\.\d{6}Z)_(\d{1,18})$")

    def __str__(self) -> str:
        return f"{self.start.astimezone(dt.UTC).strftime(self.FORMAT)}_{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        """The cursor of ?after= or ?before=; None when missing or not one (the first page)."""
        match = cls.PATTERN.match((text or "").strip())
        if match is None:
            return None
        try:
            start = dt.datetime.strptime(match[1], cls.FORMAT).replace(tzinfo=dt.UTC)
        except ValueError:
            return None
        return cls(start, int(match[2]))

    def after(self) -> Q:
        return Q(start__gt=self.start) | Q(start=self.start, id__gt=self.id)

    def before(self) -> Q:
        return Q(start__lt=self.start) | Q(start=self.start, id__lt=self.id)


@dataclass
class ListPage:
    """One page of the list, and the query strings of its neighbours ("" when none)."""

    items: list[AgendaItem]
    previous_query: str = ""
    next_query: str = ""
    number: int | None = None  # known only when paged by number (outside the table)
    num_pages: int | None = None

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_query)

    @property
    def has_next(self) -> bool:
        return bool(self.next_query)

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next


def _legacy_number(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), LEGACY_MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def keyset_page(rows: QuerySet, query: QueryDict, per_page: int = PER_PAGE) -> ListPage:
    """The page of `rows` that ?after=<cursor>, ?before=<cursor> or ?page=N (an old link:
    an offset, at most LEGACY_MAX_PAGE pages in) asks for, the first one otherwise: at most
    `per_page` + 1 rows read, and one more to know whether a page comes before."""
    after, before = Cursor.parse(query.get("after")), Cursor.parse(query.get("before"))
    ordered = rows.order_by("start", "id")
    offset = 0
    if before is not None:
        found = list(
            rows.filter(before.before())
            .order_by("-start", "-id")
            .values_list(*ROW_FIELDS)[: per_page + 1]
        )
        more_before = len(found) > per_page
        found = found[:per_page][::-1]
        more_after = True
    elif after is not None:
        found = list(ordered.filter(after.after()).values_list(*ROW_FIELDS)[: per_page + 1])
        more_after = len(found) > per_page
        found = found[:per_page]
        more_before = (
            bool(found) and rows.filter(Cursor(found[0][2], found[0][0]).before()).exists()
        )
    else:
        offset = (_legacy_number(query.get("page")) - 1) * per_page
        found = list(ordered.values_list(*ROW_FIELDS)[offset : offset + per_page + 1])
        more_after = len(found) > per_page
        found = found[:per_page]
        more_before = offset > 0
    items = items_of_rows(found)
    base = query_without_page(query)
    prefix = f"{base}&" if base else ""
    page = ListPage(items)
    if found and more_before:
        page.previous_query = f"{prefix}before={Cursor(found[0][2], found[0][0])}"
    if found and more_after:
        page.next_query = f"{prefix}after={Cursor(found[-1][2], found[-1][0])}"
    if not found and (after is not None or before is not None or offset > 0):
        page.previous_query = base or "page=1"  # past the end: back to the start
    return page


def numbered_page(items: list[AgendaItem], query: QueryDict) -> ListPage:
    """A page of items expanded from the actions (a window the table does not cover)."""
    page = Paginator(items, PER_PAGE).get_page(query.get("page"))
    base = query_without_page(query)
    prefix = f"{base}&" if base else ""
    return ListPage(
        list(page.object_list),
        previous_query=f"{prefix}page={page.previous_page_number()}" if page.has_previous() else "",
        next_query=f"{prefix}page={page.next_page_number()}" if page.has_next() else "",
        number=page.number,
        num_pages=page.paginator.num_pages,
    )


# --- Filters -------------------------------------------------------------------------------


@dataclass
class Filters:
    """What a visitor asked for with ?kind=&from=&to=&commune=, and what was wrong with it."""

    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    commune: EngagedCommune | None = None  # the commune's page, of its department's list
    commune_code: str = ""
    category: GestureCategory | None = None  # of the idea box: actions with one of its gestures
    errors: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.kind or self.date_from or self.date_to or self.commune or self.category)

    @property
    def feed_label(self) -> str:
        """What a feed filtered like this keeps ("" when it keeps everything): the commune,
        the kind and the category chosen, the filters a feed has (dates are not: a feed
        moves with time)."""
        parts = [self.commune.title] if self.commune is not None else []
        if self.kind:
            parts.append(str(ActionKind(self.kind).label))
        if self.category is not None:
            parts.append(self.category.name)
        return ", ".join(parts)

    def feed_query(self) -> str:
        """The query string of the feed filtered like this (calendar_links.feed_query)."""
        return calendar_links.feed_query(
            kind=self.kind,
            category=self.category.slug if self.category else "",
            commune=self.commune_code if self.commune is not None else "",
        )

    def window(self, now: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
        """The UTC window the list covers: the dates asked for, else today and the next year."""
        first = self.date_from or now or today()
        last = self.date_to
        start = paris_day_start(first)
        end = paris_day_start(last + dt.timedelta(days=1)) if last else start + DEFAULT_SPAN
        return start, end


def _parse_date(value: str, label: str, errors: list[str]) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        errors.append(
            _("%(label)s: “%(value)s” is not a date; write it as YYYY-MM-DD.")
            % {"label": label, "value": value[:20]}
        )
        return None
    if not 2000 <= day.year <= 2100:
        errors.append(_("%(label)s: the date is out of range.") % {"label": label})
        return None
    return day


def parse_filters(
    query: QueryDict,
    communes: list[EngagedCommune] | None = None,
    categories: list[GestureCategory] | None = None,
) -> Filters:
    """The filters of the query string; a bad value is left out with a message saying why.
    `communes`: the commune pages a visitor may choose from (a department's agenda);
    `categories`: the idea box's categories (?category=<slug>)."""
    filters = Filters()
    errors = filters.errors
    kind = query.get("kind", "").strip()
    if kind:
        if kind in ActionKind.values:
            filters.kind = kind
        else:
            errors.append(_("Unknown kind of action: “%(kind)s”.") % {"kind": kind[:40]})
    filters.date_from = _parse_date(
        query.get("from", ""), pgettext("agenda filter", "From"), errors
    )
    filters.date_to = _parse_date(query.get("to", ""), pgettext("agenda filter", "To"), errors)
    if filters.date_to:
        first = filters.date_from or today()
        if filters.date_to < first:
            errors.append(_("The end date comes before the start date."))
            filters.date_to = None
        elif (filters.date_to - first).days > MAX_SPAN_DAYS:
            errors.append(_("Choose dates at most %(days)s days apart.") % {"days": MAX_SPAN_DAYS})
            filters.date_to = None
    code = query.get("commune", "").strip()
    if code and communes:
        found = next((page for page in communes if page.commune.code == code), None)
        if found is None:
            errors.append(_("Unknown commune: “%(code)s”.") % {"code": code[:20]})
        else:
            filters.commune = found
            filters.commune_code = code
    slug = query.get("category", "").strip()
    if slug:
        found = next((category for category in categories or [] if category.slug == slug), None)
        if found is None:
            errors.append(_("Unknown category of gestures: “%(slug)s”.") % {"slug": slug[:40]})
        else:
            filters.category = found
    return filters


def apply_filters(actions: QuerySet[ActionPage], filters: Filters) -> QuerySet[ActionPage]:
    if filters.kind:
        actions = actions.filter(kind=filters.kind)
    if filters.commune is not None:
        actions = actions.filter(
            Q(path__startswith=filters.commune.path)
            | Q(place_commune_id=filters.commune.commune_id)
        )
    if filters.category is not None:
        actions = with_gesture_category(actions, filters.category)
    return actions


def with_gesture_category(
    actions: QuerySet[ActionPage], category: GestureCategory
) -> QuerySet[ActionPage]:
    """The actions that involve at least one gesture of `category` (each action once)."""
    from ..models import ActionPage

    links = ActionPage.gestures.through.objects.filter(
        gesture__category__translation_key=category.translation_key
    )
    return actions.filter(pk__in=links.values("actionpage_id"))


def gesture_categories(scope: Page) -> list[GestureCategory]:
    """The idea box's categories for the agenda's filter (and the feeds'): the French ones,
    each in the language of `scope` when it has a translation in it (their slugs are the
    same in every language), else marked `lang="fr"`. One query."""
    rows = list(
        GestureCategory.objects.filter(
            Q(locale_id=scope.locale_id) | Q(locale__language_code=settings.LANGUAGE_CODE)
        ).order_by("order", "name")
    )
    own = {row.translation_key for row in rows if row.locale_id == scope.locale_id}
    shown = []
    for row in rows:
        if row.locale_id == scope.locale_id:
            shown.append(row)
        elif row.translation_key not in own:
            row.lang = fallback.default_language()  # French on a page in another language
            shown.append(row)
    return shown


# --- What the agenda page shows ------------------------------------------------------------


@dataclass
class Day:
    day: dt.date
    items: list[AgendaItem]


def group_by_day(items: list[AgendaItem]) -> list[Day]:
    days: list[Day] = []
    for item in items:
        if days and days[-1].day == item.day:
            days[-1].items.append(item)
        else:
            days.append(Day(item.day, [item]))
    return days


def scope_of(index: Page) -> Page:
    """The page whose actions an agenda lists: its parent (home, department or commune)."""
    return index.get_parent().specific


def commune_options(
    source: Page, request: HttpRequest | None, communes: list[EngagedCommune], filters: Filters
) -> SafeString:
    """The `<option>`s of a department agenda's commune filter (`communes`, of the French
    department page `source`), drawn once per kept list (services.kept_lines), the one chosen
    marked."""
    from .. import services

    if not communes:
        return mark_safe("")
    options = services.kept_lines("commune-options", source, request, communes)
    if filters.commune is None:
        return options
    value = f'value="{escape(filters.commune_code)}"'
    return mark_safe(options.replace(f"{value}>", f"{value} selected>", 1))


def filter_communes(scope: Page, request: HttpRequest | None = None) -> list[EngagedCommune]:
    """The communes a department's agenda and feed offer to filter by (none elsewhere); `scope`
    may be a plain `Page`."""
    from .. import services
    from ..models import DepartmentPage

    if not issubclass(scope.specific_class or Page, DepartmentPage):
        return []
    return services.engaged_communes_kept(scope, request)


def query_without_page(query: QueryDict) -> str:
    """The query string for the pagination links: the filters, without ?page=, ?after=,
    ?before=."""
    copy = query.copy()
    for name in ("page", "after", "before"):
        copy.pop(name, None)
    return copy.urlencode()


def agenda_context(index: ActionIndexPage, request: HttpRequest) -> dict:
    """The list: occurrences grouped by day, filtered and paginated, and the feed's links.
    In another language than French, the French agenda's actions, each in its translation
    where it has one (`in_language_of`), as the feed of that language lists them."""
    scope = scope_of(index)
    source = fallback.french_version(scope)
    communes = filter_communes(source, request)
    categories = gesture_categories(scope)
    filters = parse_filters(request.GET, communes, categories)
    start, end = filters.window()
    if occurrences.covers(start, end):
        rows = filter_rows(occurrence_rows(source, start, end), filters)
        page = keyset_page(rows, request.GET)
    else:
        actions = apply_filters(actions_under(source), filters)
        page = numbered_page(agenda_items(actions, start, end), request.GET)
    page.items = in_language_of(page.items, scope)
    return {
        "scope": scope,
        "filters": filters,
        "kinds": ActionKind.choices,
        "communes": communes,
        "commune_options": commune_options(source, request, communes, filters),
        "categories": categories,
        "occurrences_page": page,
        "days": group_by_day(page.items),
        "query_string": query_without_page(request.GET),
        "feed": feed_links_of(scope, request, filters),
        "whole_feed": feed_links_of(scope, request) if filters.feed_label else None,
    }


def feed_links_of(
    page: Page, request: HttpRequest | None, filters: Filters | None = None
) -> calendar_links.FeedLinks | None:
    """The links of the page's feed; with `filters`, of its feed keeping the commune, the kind
    and the category chosen, when one is (dates aren't a feed's filter)."""
    url = page_url(page)  # on the territory's own address when it has one
    if not url:
        return None
    return calendar_links.feed_links(url, page.title, filters.feed_query() if filters else "")


# --- The month view ------------------------------------------------------------------------


@dataclass
class MonthDay:
    day: dt.date
    in_month: bool
    items: list[AgendaItem]


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    first = dt.date(year, month, 1)
    after = dt.date(year + (month == 12), month % 12 + 1, 1)
    return paris_day_start(first), paris_day_start(after)


def valid_month(year: int, month: int) -> bool:
    return 2000 <= year <= 2100 and 1 <= month <= 12


def month_weeks(year: int, month: int, items: list[AgendaItem]) -> list[list[MonthDay]]:
    """The month as weeks (Monday first) of days, each with its occurrences."""
    by_day: dict[dt.date, list[AgendaItem]] = {}
    for item in items:
        by_day.setdefault(item.day, []).append(item)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [
        [MonthDay(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks
    ]


def neighbour_months(year: int, month: int) -> tuple[tuple[int, int], tuple[int, int]]:
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return previous, following


def month_more_from(items: list[AgendaItem]) -> dt.date | None:
    """The day of the first occurrence a month past MONTH_LIMIT leaves out (None when it
    shows them all): the list view takes over from there."""
    return items[MONTH_LIMIT].day if len(items) > MONTH_LIMIT else None


def query_with_day(query: QueryDict, day: dt.date) -> str:
    """The list's query string from `day` on, with the same filters."""
    copy = query.copy()
    for name in ("page", "after", "before", "to"):
        copy.pop(name, None)
    copy["from"] = day.isoformat()
    return copy.urlencode()


def month_context(index: ActionIndexPage, request: HttpRequest, year: int, month: int) -> dict:
    scope = scope_of(index)
    source = fallback.french_version(scope)
    communes = filter_communes(source, request)
    categories = gesture_categories(scope)
    filters = parse_filters(request.GET, communes, categories)
    start, end = month_bounds(year, month)
    if occurrences.covers(start, end):
        rows = filter_rows(occurrence_rows(source, start, end), filters)
        # One more than shown, to know the month holds more and say so.
        items = items_of_rows(
            rows.order_by("start", "id").values_list(*ROW_FIELDS)[: MONTH_LIMIT + 1]
        )
    else:
        items = agenda_items(apply_filters(actions_under(source), filters), start, end)
    items, more_from = items[:MONTH_LIMIT], month_more_from(items)
    items = in_language_of(items, scope)
    previous, following = neighbour_months(year, month)
    return {
        "month_limit": MONTH_LIMIT,
        "more_from": more_from,
        "more_query": query_with_day(request.GET, more_from) if more_from else "",
        "scope": scope,
        "filters": filters,
        "kinds": ActionKind.choices,
        "communes": communes,
        "commune_options": commune_options(source, request, communes, filters),
        "categories": categories,
        "month": dt.date(year, month, 1),
        "weeks": month_weeks(year, month, items),
        "days": group_by_day(items),
        "previous_month": previous if valid_month(*previous) else None,
        "next_month": following if valid_month(*following) else None,
        "query_string": query_without_page(request.GET),
        "feed": feed_links_of(scope, request, filters),
        "whole_feed": feed_links_of(scope, request) if filters.feed_label else None,
    }


# --- An action's page and the territories' pages --------------------------------------------


def location_of(action: ActionPage) -> str:
    parts = [action.address.strip()]
    if action.place_commune is not None and action.place_commune.name not in action.address:
        parts.append(action.place_commune.name)
    text = ", ".join(part for part in parts if part)
    if action.online and not text:
        return _("Online")
    return text


def action_context(action: ActionPage, request: HttpRequest | None) -> dict:
    """What an action's page shows besides its fields: its next dates (cancelled ones marked),
    its calendar links and its feed's."""
    now = dt.datetime.now(dt.UTC)
    items = items_of(action, now, now + DEFAULT_SPAN)
    url = page_url(action)
    # Nothing to add to a calendar: a cancelled action, or a single one whose date is.
    cancelled = action.status == "cancelled" or action.cancelled_once
    return {
        "upcoming_dates": items[:ACTION_DATES_COUNT],
        "event_links": None if cancelled else event_links_of(action, items, url),
        "feed": calendar_links.feed_links(url, action.title) if url and not cancelled else None,
        "agenda_page": action.get_parent(),
        "gestures": fallback.gestures_shown_on(action, action.gestures.all()),
    }


def event_links_of(
    action: ActionPage, items: list[AgendaItem], url: str
) -> calendar_links.EventLinks | None:
    """The "add to calendar" links of an action, given its coming occurrences (`items_of`).
    A series' links start at its next occurrence that takes place, its rule restarted there
    and its later cancelled dates excluded; none when no occurrence is left to take place.
    A single action's links give its date, unless that date is cancelled."""
    taking_place = next((item for item in items if not item.cancelled), None)
    if action.rrule:
        if taking_place is None:
            return None
        start, end = taking_place.start, taking_place.end
        rrule = recurrence.rule_from(
            start=action.start, end=action.end, rrule=action.rrule, first=start
        )
        exdates = [
            occurrence.start
            for occurrence in recurrence.cancelled_starts(
                start=action.start,
                end=action.end,
                rrule=action.rrule,
                exdates=action.exdates,
                after=start,
            )
        ]
    else:
        if action.start.astimezone(PARIS).date() in action.exdates:
            return None
        start, end, rrule, exdates = action.start, action.end, "", []
    return calendar_links.event_links(
        title=action.title,
        start=start,
        end=end,
        all_day=action.all_day,
        description=action.description,
        location=location_of(action),
        url=url,
        rrule=rrule,
        exdates=exdates,
    )


def upcoming_context(
    scope: Page, count: int = UPCOMING_COUNT, locale: Locale | None = None
) -> dict:
    """The next few occurrences at and below a home, department or commune page, and the
    link to its agenda, for the block on that page. In another language than French (the
    page's, or `locale`), the French page's, each in its translation where it has one
    (`in_language_of`)."""
    now = dt.datetime.now(dt.UTC)
    source = fallback.french_version(scope)
    rows = occurrence_rows(source, now, now + UPCOMING_SPAN).filter(cancelled=False)
    items = items_of_rows(rows.order_by("start", "id").values_list(*ROW_FIELDS)[:count])
    items = in_language_of(items, scope, locale)
    return {"upcoming_actions": items, "agenda_page": action_index_of(scope)}
