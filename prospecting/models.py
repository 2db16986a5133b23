"""Prospecting mairies: where each commune of a department stands in the department's and the
national team's pipeline (contacted, presentation planned, presented, engaged, declined), and
whom to write to at the mairie. Staff data about elected officials, never about volunteers; no
row is needed for a commune not contacted yet."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Prospect(models.Model):
    class State(models.TextChoices):
        NOT_CONTACTED = "not_contacted", _("Not contacted")
        CONTACTED = "contacted", _("Contacted")
        PLANNED = "planned", _("Presentation planned")
        PRESENTED = "presented", _("Presented")
        ENGAGED = "engaged", _("Engaged")
        DECLINED = "declined", _("Declined")

    class Kind(models.TextChoices):
        VIDEO = "video", _("By video")
        ON_SITE = "on_site", _("On site")

    commune = models.OneToOneField(
        "territories.Commune",
        on_delete=models.CASCADE,
        related_name="prospect",
        verbose_name=_("commune"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.NOT_CONTACTED
    )
    contact_name = models.CharField(_("elected official's contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    contact_phone = models.CharField(_("mairie's telephone"), max_length=20, blank=True)
    presentation_at = models.DateTimeField(_("presentation on"), null=True, blank=True)
    presentation_kind = models.CharField(
        _("kind of presentation"), max_length=10, choices=Kind.choices, blank=True
    )
    presentation_place = models.CharField(_("place or video link"), max_length=300, blank=True)
    presenter = models.CharField(_("presented by"), max_length=150, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Raised at each invitation sent: the calendar replaces the event it holds (RFC 5546).
    invitation_sequence = models.PositiveIntegerField(_("invitations sent"), default=0)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("prospected commune")
        verbose_name_plural = _("prospected communes")

    def __str__(self) -> str:
        return f"{self.commune} — {self.get_state_display()}"
