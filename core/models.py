"""The models of the shared mechanisms: how each user wants to hear of each topic of
notifications, and what is kept for their daily digest."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        _("created at"), default=timezone.now, editable=False, db_index=True
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
