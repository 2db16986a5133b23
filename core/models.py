"""The models of the shared mechanisms: how each user wants to hear of each topic of
notifications, and what is kept for their daily digest."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Delivery(models.TextChoices):
    REAL_TIME = "real_time", _("As they happen")
    DAILY = "daily", _("A daily digest")


class NotificationPreference(models.Model):
    """How a user hears of one topic (new volunteers, moderation…): an e-mail each time (the
    default, without a row) or one digest a day. Chosen in the admin's account settings."""

    Delivery = Delivery

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    topic = models.CharField(_("topic"), max_length=50)
    delivery = models.CharField(
        _("delivery"), max_length=20, choices=Delivery.choices, default=Delivery.REAL_TIME
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="core_one_preference_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.topic}: {self.get_delivery_display()}"


class PendingNotification(models.Model):
    """A notification kept for a user's next daily digest: what its topic's digest needs
    (a moderation e-mail's subject, message, comment and link; a count per commune in `data`),
    never a volunteer's personal data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pending_notifications",
        verbose_name=_("user"),
    )
    topic = models.CharField(_("topic"), max_length=50)
    # A default, not auto_now_add: the data migration keeps the time of the rows it carries.
    created_at = models.DateTimeField(
        pgettext_lazy("notification", "created at"),
        default=timezone.now,
        editable=False,
        db_index=True,
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    message = models.TextField(_("message"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("pending notification")
        verbose_name_plural = _("pending notifications")
        ordering = ["user_id", "topic", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user} — {self.topic}: {self.subject}"


class OutgoingEmail(models.Model):
    """One e-mail to send, written in the same transaction as the change it tells of (the
    outbox, core/outbox.py): a saved registration always has its e-mail, a rolled-back one has
    none. The job that sends it carries only this row's id; `sent_at` is set in the
    transaction that sent it, so a job run again sends nothing already sent. `key` names what
    the e-mail is about ("reminder:<registration>:<date>"): a second e-mail with the same key
    is not written. What it says (addresses, body, links) is blanked after a few days; the
    row stays a while as the record of the delivery."""

    key = models.CharField(_("key"), max_length=200, unique=True, null=True, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    subject = models.TextField(_("subject"), blank=True)
    body = models.TextField(_("body"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # The error's kind only (an SMTP error's text may hold the addresses).
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    purged_at = models.DateTimeField(_("content erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="core_outgoing_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"e-mail {self.pk} ({'sent' if self.sent_at else 'unsent'})"


class SiteAlias(models.Model):
    """A second name of a Wagtail Site (`www.heurecivique.mayenne.fr` beside
    `heurecivique.mayenne.fr`): requests to it are redirected (301) to the Site's own address,
    so that one address is printed and indexed. Read by `core/sites.py`."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("site"),
    )
    hostname = models.CharField(
        _("host name"),
        max_length=255,
        unique=True,
        help_text=_("Another name of the site, e.g. www.heurecivique.mayenne.fr: redirected."),
    )

    class Meta:
        verbose_name = _("second address of a site")
        verbose_name_plural = _("second addresses of sites")
        ordering = ["hostname"]

    def __str__(self) -> str:
        return f"{self.hostname} → {self.site.hostname}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from wagtail.models import Site

        self.hostname = (self.hostname or "").strip().lower()
        if Site.objects.filter(hostname=self.hostname).exists():
            raise ValidationError(
                {
                    "hostname": _("%(host)s is already a site's own address.")
                    % {"host": self.hostname}
                }
            )
