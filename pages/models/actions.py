"""Actions: ActionPage, under an ActionIndexPage (slug "actions", see pages/agenda/queries.py).

An action page sits under the "actions" page of a commune, or of a department for the actions
that concern the whole department: /<department>/<commune>/actions/<slug>/.
Times are entered in Europe/Paris and stored in UTC. An action keeps its `uid` forever (it is the
UID of its iCalendar event) and raises its `sequence` on every significant change (time, place,
recurrence, status), which tells calendar applications to replace what they have.
"""

import datetime as dt
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.dates import date_text
from core.vocabulary import ActionKind
from snippets.models import Gesture

from ..agenda import payload, recurrence
from ..agenda.recurrence import PARIS
from ..headless import FrontEndPreviewMixin
from .forms import PageForm


class ActionStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("action status", "Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class RecurrenceFrequency(models.TextChoices):
    NONE = "", _("Does not repeat")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class MonthlyPosition(models.IntegerChoices):
    """For a monthly action: which weekday of the month (the weekday is the start's)."""

    SAME_DAY = 0, _("On the same day of the month")
    FIRST = 1, _("On the first such weekday")
    SECOND = 2, _("On the second such weekday")
    THIRD = 3, _("On the third such weekday")
    FOURTH = 4, _("On the fourth such weekday")
    LAST = -1, _("On the last such weekday")


# What, when changed on a published action, raises its SEQUENCE (RFC 5545, 3.8.7.4).
SIGNIFICANT_FIELDS = (
    "start",
    "end",
    "all_day",
    "address",
    "place_commune_id",
    "online",
    "status",
    "rrule",
    "exdates_text",
)
# What says when an action is over (queries.overlapping): a save of one takes `ended` off.
DATE_FIELDS = frozenset({"start", "end", "rrule", "recurrence_until", "recurrence_last_day"})


WEEKDAY_CHOICES = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]


# recurrence.build_rrule's arguments and the fields of an action that give them.
RRULE_FIELDS = {
    "frequency": "recurrence_frequency",
    "interval": "recurrence_interval",
    "weekdays": "recurrence_weekdays",
    "monthly_position": "recurrence_monthly_position",
    "until": "recurrence_until",
    "count": "recurrence_count",
    "start": "start",
    "all_day": "all_day",
}


def rrule_of(value_of) -> str:
    """The RRULE of an action's recurrence fields, read with `value_of(field)` (from the page,
    or from the admin form's cleaned data)."""
    return recurrence.build_rrule(**{arg: value_of(field) for arg, field in RRULE_FIELDS.items()})


class ActionPageForm(PageForm):
    """The admin form: the days of a weekly action as tick boxes rather than codes."""

    recurrence_weekdays = forms.MultipleChoiceField(
        label=_("on these days"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a weekly action; the start's weekday when none is ticked."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.recurrence_weekdays:
            self.initial["recurrence_weekdays"] = recurrence.parse_weekdays(
                self.instance.recurrence_weekdays
            )

    def clean_recurrence_weekdays(self):
        return ",".join(self.cleaned_data["recurrence_weekdays"])

    def clean(self):
        """A series starts on its first date: a weekly action on Mondays and Thursdays can't
        start on a Sunday, nor "the first Saturday of the month" on another Saturday. The site
        would skip that date and calendar applications would not all agree, so the editor is
        told which date would be the first."""
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if not cleaned.get("recurrence_frequency") or not start or not end or end < start:
            return cleaned
        if any(field in self.errors for field in RRULE_FIELDS.values()):
            return cleaned  # each field's own message comes first
        try:
            rule = rrule_of(cleaned.get)
            first = recurrence.occurrences(start=start, end=end, rrule=rule, limit=1)
        except recurrence.RecurrenceError:
            return cleaned  # the model's own validation names the problem
        if not first:
            self.add_error("start", _("This series has no date: check its days and its end."))
        elif first[0].start != start:
            self.add_error(
                "start",
                _("A series starts on its first date: %(date)s would be the first one.")
                % {"date": date_text(first[0].local_start, "j F Y, H:i")},
            )
        return cleaned


class ActionPage(FrontEndPreviewMixin, Page):
    uid = models.UUIDField(_("calendar identifier"), default=uuid.uuid4, editable=False)
    sequence = models.PositiveIntegerField(_("revision sequence"), default=0, editable=False)

    description = models.TextField(
        _("description"), help_text=_("What volunteers will do, plainly, in a few sentences.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices)
    gestures = ParentalManyToManyField(
        "snippets.Gesture",
        blank=True,
        related_name="actions",
        verbose_name=_("gestures involved"),
        help_text=_("The gestures of the idea box that this action puts into practice."),
    )

    start = models.DateTimeField(_("start"), help_text=_("Date and time in Paris time."))
    end = models.DateTimeField(_("end"), help_text=_("Date and time in Paris time."))
    all_day = models.BooleanField(
        _("all day"), default=False, help_text=_("The times are then ignored; the dates count.")
    )

    # Recurrence, entered through plain fields and kept as an RFC 5545 RRULE in `rrule`.
    recurrence_frequency = models.CharField(
        _("repeats"), max_length=10, blank=True, choices=RecurrenceFrequency.choices
    )
    recurrence_interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1 for every week or month, 2 for every other one…"),
    )
    recurrence_weekdays = models.CharField(
        _("on these days"),
        max_length=30,
        blank=True,
        help_text=_("For a weekly action; the start's weekday when left empty."),
    )
    recurrence_monthly_position = models.SmallIntegerField(
        _("which day of the month"),
        choices=MonthlyPosition.choices,
        default=MonthlyPosition.SAME_DAY,
    )
    recurrence_until = models.DateField(_("until"), null=True, blank=True)
    recurrence_count = models.PositiveSmallIntegerField(
        _("number of times"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(520)],
    )
    # The day (Paris) a series is over: `recurrence_until`, or the day the last of its number
    # of times ends; null for a series without end or an action that doesn't repeat. Kept in
    # step with the fields above (`keep_recurrence`), for the queries that leave out the
    # series over before a window (agenda.queries.overlapping, over_before).
    recurrence_last_day = models.DateField(null=True, blank=True, editable=False)
    rrule = models.CharField(_("recurrence rule"), max_length=255, blank=True, editable=False)
    # The dates of cancelled occurrences, one ISO date a line, kept in step with the
    # cancellations below (a plain field, so that a change can be compared cheaply).
    exdates_text = models.TextField(blank=True, editable=False)

    address = models.CharField(_("address"), max_length=255, blank=True)
    place_commune = models.ForeignKey(
        "territories.Commune",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("commune"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("online meeting link"), blank=True)

    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty when there is no limit.")
    )
    registration_required = models.BooleanField(_("registration needed"), default=False)

    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.SCHEDULED
    )
    cancellation_reason = models.TextField(_("reason for the cancellation"), blank=True)
    # Over: its last occurrence ended before a day the nightly job looked at it (pages/agenda/
    # occurrences.py mark_ended); a save of its fields takes the mark off until the next night.
    # What is still to come is read through the index of the actions not over (Meta), so the
    # actions API and the feeds don't walk years of history first (issue 18). Never set when
    # in doubt: unmarked, an action over is only read and filtered out, as before.
    ended = models.BooleanField(default=False, editable=False)

    parent_page_types = ["pages.ActionIndexPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["uid", "sequence"]
    base_form_class = ActionPageForm

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("kind"),
        FieldPanel("gestures", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("all_day")],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("recurrence_frequency"),
                FieldRowPanel(
                    [FieldPanel("recurrence_interval"), FieldPanel("recurrence_weekdays")]
                ),
                FieldPanel("recurrence_monthly_position"),
                FieldRowPanel([FieldPanel("recurrence_until"), FieldPanel("recurrence_count")]),
                InlinePanel(
                    "cancellations",
                    heading=_("Cancelled occurrences"),
                    # Wagtail's button says "Add <label>".
                    label=_("cancelled occurrence"),
                ),
            ],
            heading=_("Repeats"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("place_commune"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldRowPanel([FieldPanel("online"), FieldPanel("online_url")]),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_required")]),
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Registration and contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("cancellation_reason")], heading=_("Status")
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("start"),
        index.FilterField("status"),
    ]
    override_translatable_fields = [
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("all_day"),
        SynchronizedField("kind"),
        SynchronizedField("status"),
        SynchronizedField("place_commune"),
    ]

    # Its answer in the pages endpoint (/api/v2/pages/<id>/): everything its page shows, its
    # next dates expanded; volunteers/apps.py adds `registration` (counts only).
    api_fields = [
        APIField("description"),
        APIField("kind"),
        APIField("start"),
        APIField("end"),
        APIField("all_day"),
        APIField("recurrence", serializer=payload.RecurrenceField()),
        APIField("next_occurrences", serializer=payload.NextOccurrencesField()),
        APIField("status"),
        APIField("cancellation_reason"),
        APIField("place", serializer=payload.PlaceField()),
        APIField("gestures", serializer=payload.GesturesField()),
        APIField("capacity"),
        APIField("registration_required"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("contact_phone"),
        APIField("ics_url", serializer=payload.UrlField(feed=True)),
    ]
    api_select_related = ["place_commune"]
    api_prefetch_related = [
        "cancellations",
        Prefetch("gestures", queryset=Gesture.objects.select_related("category")),
    ]

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["start"]),
            # What is still to come, in the order it is listed (queries.overlapping).
            models.Index(
                fields=["start", "page_ptr"],
                condition=Q(ended=False),
                name="pages_actionpage_coming",
            ),
        ]

    def get_context(self, request, *args, **kwargs):
        from ..agenda import queries  # pages.agenda imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(queries.action_context(self, request))
        return context

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("An action ends after it starts.")
        if self.status == ActionStatus.CANCELLED and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = _("Say why the action is cancelled.")
        if not self.online and not self.address.strip():
            errors["address"] = _("Give an address, or tick “online”.")
        if self.online and not self.online_url and not self.address.strip():
            errors["online_url"] = _("Give the link of the online meeting.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both the latitude and the longitude, or neither.")
        if self.start and "end" not in errors:
            try:
                self.keep_recurrence()
            except recurrence.RecurrenceError as error:
                errors["recurrence_frequency"] = str(error)
        if errors:
            raise ValidationError(errors)

    def build_rrule(self) -> str:
        return rrule_of(lambda field: getattr(self, field))

    def keep_recurrence(self) -> None:
        """`rrule` and `recurrence_last_day` from the editor's fields (`start` set). Called by
        `save`; a bulk creation (pages/bulk.py, demo/scale.py) calls it itself."""
        self.rrule = self.build_rrule()
        self.recurrence_last_day = (
            recurrence.last_day(
                start=self.start, end=self.end, rrule=self.rrule, until=self.recurrence_until
            )
            if self.end
            else None
        )

    @property
    def exdates(self) -> frozenset:
        """The Paris dates of the cancelled occurrences."""
        return frozenset(
            dt.date.fromisoformat(line) for line in self.exdates_text.split() if line.strip()
        )

    @property
    def cancelled_once(self) -> bool:
        """A single (not repeating) action whose one date is cancelled (an occurrence
        cancelled, rather than the whole action): it shows, and is written, as cancelled."""
        return bool(
            not self.rrule and self.start and self.start.astimezone(PARIS).date() in self.exdates
        )

    def occurrences(self, window_start=None, window_end=None) -> list[recurrence.Occurrence]:
        return recurrence.occurrences(
            start=self.start,
            end=self.end,
            rrule=self.rrule,
            exdates=self.exdates,
            window_start=window_start,
            window_end=window_end,
        )

    def save(self, *args, **kwargs):
        """Keeps `rrule` and `exdates_text` in step with the editor's fields, takes `ended` off
        when its dates may have changed (the nightly job marks it again), and raises
        `sequence` when a significant field differs from what is saved (for a live page, the
        published version: Wagtail saves drafts as revisions only)."""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and DATE_FIELDS.intersection(update_fields):
            kwargs["update_fields"] = update_fields = [*update_fields, "ended"]
            self.ended = False
        if update_fields is None:
            # Its dates may have moved: the nightly job marks it again when it is over.
            self.ended = False
            if self.start:
                self.keep_recurrence()
            self.exdates_text = "\n".join(
                sorted({c.date.isoformat() for c in self.cancellations.all() if c.date})
            )
            if self.pk:
                saved = (
                    ActionPage.objects.filter(pk=self.pk)
                    .values("sequence", *SIGNIFICANT_FIELDS)
                    .first()
                )
                if saved is not None:
                    changed = any(saved[name] != getattr(self, name) for name in SIGNIFICANT_FIELDS)
                    self.sequence = max(self.sequence, saved["sequence"]) + (1 if changed else 0)
                # What it was before this save (for a live page, the version published until
                # now): pages/agenda/changes.py tells what a publication changed from it.
                self.saved_before = saved
        return super().save(*args, **kwargs)


class ActionCancellation(Orderable):
    """One cancelled occurrence of an action: a date of a series, or the date of a single
    action (then written as cancelled, with this reason)."""

    action = ParentalKey(ActionPage, on_delete=models.CASCADE, related_name="cancellations")
    date = models.DateField(_("date"), help_text=_("The date of the occurrence that won't happen."))
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("reason")])]

    class Meta(Orderable.Meta):
        verbose_name = _("cancelled occurrence")
        verbose_name_plural = _("cancelled occurrences")
