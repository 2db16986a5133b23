"""Mailings: a message from a commune, a department or the national team to their volunteers,
sent to a segment in batches, at most one a week to each volunteer; a `Delivery` per recipient
(unique: sent once), the provider's hard bounces (`Bounce`), and "your hour this month"
(`MonthlyHour`: one per volunteer and month)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.fields import RichTextField

BODY_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class Mailing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", pgettext_lazy("mailing status", "Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    # Who writes: a commune, a department, or the national team (neither).
    commune = models.ForeignKey(
        "territories.Commune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from the commune"),
    )
    department = models.ForeignKey(
        "territories.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from the department"),
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = RichTextField(_("message"), features=BODY_FEATURES)
    call_to_action = models.CharField(_("button's text"), max_length=80, blank=True)
    call_to_action_url = models.URLField(_("button's link"), blank=True)
    call_to_action_page = models.ForeignKey(
        "pages.ActionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("or an action of the agenda"),
    )
    # The segment: every condition given must hold (none given: all the sender's volunteers).
    communes = models.ManyToManyField(
        "territories.Commune", blank=True, related_name="+", verbose_name=_("communes")
    )
    gestures = models.ManyToManyField(
        "snippets.Gesture", blank=True, related_name="+", verbose_name=_("gestures")
    )
    kinds = models.JSONField(_("kinds of action"), default=list, blank=True)
    availability = models.JSONField(_("availability"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    inactive_months = models.PositiveSmallIntegerField(
        _("has not taken part for (months)"), null=True, blank=True
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    scheduled_at = models.DateTimeField(_("to send on"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent to all on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=pgettext_lazy("mailing", "written by"),
    )
    created_at = models.DateTimeField(pgettext_lazy("mailing", "written on"), auto_now_add=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commune__isnull=True) | models.Q(department__isnull=True),
                name="mailings_one_sender",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def topic(self) -> str:
        """Its list, the sender: a volunteer unsubscribes from one sender's mailings (a
        commune's, a department's or the national team's) and keeps the others."""
        return topic_of(self.commune_id, self.department_id)


NATIONAL_TOPIC = "national"


def topic_of(commune_id: int | None, department_id: int | None) -> str:
    if commune_id:
        return f"c{commune_id}"
    if department_id:
        return f"d{department_id}"
    return NATIONAL_TOPIC


class Delivery(models.Model):
    """One volunteer's copy of a mailing, written with its e-mail in one transaction: unique,
    so that a batch done again sends nobody twice."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        BOUNCED = "bounced", _("Bounced")
        SOFT_BOUNCED = "soft_bounced", _("Bounced for a while")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("mailing")
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("volunteer"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SENT
    )
    # Its outbox row (core.outbox), whose sending says sent or failed; gone after a few months.
    email = models.ForeignKey(
        "core.OutgoingEmail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    # The id the e-mail provider gave the message when it took it (anymail's post_send):
    # what its bounce reports name, so that a bounce marks the copy it belongs to.
    provider_message_id = models.CharField(
        _("provider's message id"), max_length=200, blank=True, db_index=True
    )
    created_at = models.DateTimeField(pgettext_lazy("mailing", "written on"), auto_now_add=True)

    class Meta:
        verbose_name = _("copy of a mailing")
        verbose_name_plural = _("copies of mailings")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "volunteer"], name="mailings_one_delivery_per_volunteer"
            )
        ]
        # "Mailed this week?": the deliveries of a volunteer by date.
        indexes = [models.Index(fields=["volunteer", "created_at"])]

    def __str__(self) -> str:
        return f"{self.mailing_id} → {self.volunteer_id} ({self.status})"


class Bounce(models.Model):
    """An address the provider reported as bouncing for good (or as a complaint): no mailing
    nor monthly hour is sent to it any more. A soft bounce (a full mailbox, a server down)
    only counts: `soft_bounces` in a row (settings.MAILINGS_SOFT_BOUNCES_TO_STOP) make it a
    hard one; a message delivered in between starts the count again."""

    class Kind(models.TextChoices):
        BOUNCED = "bounced", _("Hard bounce")
        COMPLAINED = "complained", _("Complaint")
        SOFT = "soft", _("Soft bounces")

    STOPPING = (Kind.BOUNCED, Kind.COMPLAINED)

    volunteer = models.OneToOneField(
        "volunteers.Volunteer",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("volunteer"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    soft_bounces = models.PositiveSmallIntegerField(_("soft bounces in a row"), default=0)
    created_at = models.DateTimeField(_("reported on"), auto_now_add=True)

    class Meta:
        verbose_name = _("bounce")
        verbose_name_plural = _("bounces")

    def __str__(self) -> str:
        return f"{self.volunteer_id} ({self.kind})"


class Unsubscription(models.Model):
    """A volunteer who no longer wants one sender's mailings (`Mailing.topic`): the mailing's
    List-Unsubscribe link, or their choice in their space. The other senders' still come."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("volunteer"),
    )
    topic = models.CharField(_("list"), max_length=16)
    created_at = models.DateTimeField(_("unsubscribed on"), auto_now_add=True)

    class Meta:
        verbose_name = _("unsubscription from a list")
        verbose_name_plural = _("unsubscriptions from lists")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "topic"], name="mailings_one_unsubscription_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} ✕ {self.topic}"


class MonthlyHour(models.Model):
    """ "Your hour this month" sent to a volunteer: one per month (unique), written with its
    e-mail, so that the job run again sends nobody a second one."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("volunteer"),
    )
    month = models.DateField(_("month"))  # its first day
    actions = models.PositiveSmallIntegerField(_("actions proposed"), default=0)
    created_at = models.DateTimeField(pgettext_lazy("monthly hour", "sent on"), auto_now_add=True)

    class Meta:
        verbose_name = _("monthly hour")
        verbose_name_plural = _("monthly hours")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "month"], name="mailings_one_monthly_hour_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.month:%Y-%m}"
