"""Volunteers ("bonnes volontés"): who signed up, in which commune, for what and when, and
their registrations to actions. Personal fields never leave the admin of their territory."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.vocabulary import ActionKind


class Availability(models.TextChoices):
    WEEKDAY_MORNING = "weekday-morning", _("Weekdays, morning")
    WEEKDAY_AFTERNOON = "weekday-afternoon", _("Weekdays, afternoon")
    WEEKDAY_EVENING = "weekday-evening", _("Weekdays, evening")
    WEEKEND_MORNING = "weekend-morning", _("Weekend, morning")
    WEEKEND_AFTERNOON = "weekend-afternoon", _("Weekend, afternoon")
    WEEKEND_EVENING = "weekend-evening", _("Weekend, evening")


def join_codes(codes) -> str:
    """Codes kept as ",a,b," so that one is found with `__contains=",a,"` on every database."""
    codes = [code for code in codes if code]
    return f",{','.join(codes)}," if codes else ""


def split_codes(text: str) -> list[str]:
    return [code for code in text.split(",") if code]


class VolunteerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def waiting(self):
        """Confirmed, in a commune that had not joined when they confirmed, not handed over."""
        return self.confirmed().filter(handed_over_at__isnull=True, erased_at__isnull=True)

    def active(self):
        """Not erased: an erased volunteer is an anonymous row kept for the figures."""
        return self.filter(erased_at__isnull=True)


class Volunteer(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    phone = models.CharField(_("telephone"), max_length=20, blank=True)
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        related_name="volunteers",
        verbose_name=_("commune"),
    )
    gestures = models.ManyToManyField(
        "snippets.Gesture", blank=True, related_name="volunteers", verbose_name=_("gestures")
    )
    kinds = models.CharField(_("kinds of action"), max_length=100, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    heard_from = models.CharField(_("how they heard of it"), max_length=200, blank=True)
    charter_accepted_at = models.DateTimeField(_("charter accepted on"))
    contact_consent = models.BooleanField(_("agrees to be contacted by the mairie"))

    created_at = models.DateTimeField(_("signed up on"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    # When the commune's referents received them (at confirmation, or when the commune joined).
    handed_over_at = models.DateTimeField(_("handed over on"), null=True, blank=True)
    # The secret of their own calendar, /agenda/perso/<token>.ics (192 random bits), made on
    # first use and replaced when they renew it; never shown anywhere but to them.
    calendar_token = models.CharField(
        _("personal calendar token"), max_length=64, null=True, blank=True, unique=True
    )
    # When they erased their data (or unsubscribed): personal fields wiped, the row kept,
    # anonymous, so that the figures (volunteers, hours given) do not change.
    erased_at = models.DateTimeField(_("erased on"), null=True, blank=True)
    # The devices that recognise them carry this number in their signed cookie
    # (volunteers/devices.py): raising it forgets every device at once.
    device_generation = models.PositiveIntegerField(_("devices' generation"), default=0)
    # The links of their space carry this number (volunteers/space.py): opening an e-mailed
    # link raises it, so that link, and every one sent before it, opens nothing any more.
    space_generation = models.PositiveIntegerField(_("space links' generation"), default=0)
    # When they asked for no more reminders, follow-ups or news (List-Unsubscribe, their space):
    # only the answers to what they ask and the news of their places are still sent.
    emails_stopped_at = models.DateTimeField(_("e-mails stopped on"), null=True, blank=True)
    # No separate consent for the mailings of their mairie, department or the national team:
    # `contact_consent` (given at sign-up) is the consent to be contacted, `emails_stopped_at`
    # (List-Unsubscribe, their space) its withdrawal; a new box would ask existing volunteers
    # again for what they already gave, and two switches for one wish would disagree.
    # The language of their e-mails (French by default), chosen at sign-up and in their space.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    # "Your hour this month", e-mailed at the start of each month unless they turn it off.
    monthly_hour = models.BooleanField(_("receives the monthly hour"), default=True)
    # The front end on another site they signed up through (its origin, a key of
    # HEADLESS_FRONT_END_URLS): their e-mailed links open it (volunteers/sites.py).
    front_end = models.CharField(_("front end signed up through"), max_length=200, blank=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [models.Index(fields=["commune", "confirmed_at", "handed_over_at"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def kind_codes(self) -> list[str]:
        return split_codes(self.kinds)

    @property
    def availability_codes(self) -> list[str]:
        return split_codes(self.availability)

    def kind_labels(self) -> list[str]:
        labels = dict(ActionKind.choices)
        return [str(labels[code]) for code in self.kind_codes if code in labels]

    def availability_labels(self) -> list[str]:
        labels = dict(Availability.choices)
        return [str(labels[code]) for code in self.availability_codes if code in labels]


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("volunteer"),
    )
    action = models.ForeignKey(
        "pages.ActionPage",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("action"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    # The order of the waiting list: when they last asked for a place.
    requested_at = models.DateTimeField(_("asked on"), db_index=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    # The day of the last occurrence they were reminded of (the day before it).
    reminded_for = models.DateField(_("reminded for"), null=True, blank=True)
    # The hours given at the action, confirmed by the volunteer or recorded by a referent.
    hours = models.DecimalField(
        _("hours given"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    hours_recorded_at = models.DateTimeField(_("hours recorded on"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("asked for the hours on"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "action"], name="volunteers_one_registration_per_action"
            )
        ]
        indexes = [models.Index(fields=["action", "status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.volunteer} — {self.action_id} ({self.status})"


class ReferentNote(models.Model):
    """What a referent notes about a volunteer (a call, a preference, a follow-up), dated and
    signed, seen by those who see the volunteer in the admin; erased with the volunteer's
    data, and part of what they download of it."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="notes", verbose_name=_("volunteer")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(
        pgettext_lazy("referent's note", "written on"), auto_now_add=True
    )

    class Meta:
        verbose_name = _("referent's note")
        verbose_name_plural = _("referent's notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ScheduleNotice(models.Model):
    """What the volunteers of an action were told of a change in its dates: one row per
    change (the action cancelled, one date cancelled, its date or time changed), unique, so
    that a publication made again or a job run again tells nobody twice. The notices of one
    publication share a `batch`, told in one e-mail (volunteers/notices.py)."""

    class Kind(models.TextChoices):
        ACTION_CANCELLED = "action-cancelled", _("Action cancelled")
        DATE_CANCELLED = "date-cancelled", _("Date cancelled")
        MOVED = "moved", _("Date or time changed")

    action = models.ForeignKey(
        "pages.ActionPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("action")
    )
    # The Paris date it is about: the date cancelled, or the action's (first) date before.
    occurrence = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Tells two changes of the same kind on the same date apart (a move: the new dates and
    # the SEQUENCE they were given); empty for a cancellation, told once.
    fingerprint = models.CharField(max_length=64, blank=True)
    batch = models.UUIDField(db_index=True)
    sequence = models.PositiveIntegerField(_("revision sequence"))
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice of a change of dates")
        verbose_name_plural = _("notices of a change of dates")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "occurrence", "kind", "fingerprint"],
                name="volunteers_one_notice_per_change",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.occurrence} {self.kind}"


class NoticeDelivery(models.Model):
    """One volunteer (a place held or awaited) to tell of a batch of notices; `sent_at` is set
    in the transaction that queues their e-mail, so that it is queued once."""

    batch = models.UUIDField()
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("registration")
    )
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice to a volunteer")
        verbose_name_plural = _("notices to volunteers")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "registration"], name="volunteers_one_delivery_per_batch"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch} → {self.registration_id}"
