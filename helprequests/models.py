"""Requests for help received at the mairie or by phone, and the volunteers put in touch.

A request names what is needed (a gesture of the idea box, a description), when and where; the
beneficiary's contact details are seen only by the referents of the request's commune and are
erased 90 days after the request is closed (the rest is kept, anonymous, for the figures).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from volunteers.models import Availability


class HelpRequest(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", _("By phone")
        DESK = "desk", _("At the town hall's desk")
        EMAIL = "email", _("By e-mail or letter")
        PARTNER = "partner", _("Through a partner (social services, association)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open: looking for a volunteer")
        IN_TOUCH = "in_touch", _("Volunteer put in touch")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        HELPED = "helped", _("Helped")
        NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")
        NO_VOLUNTEER = "no_volunteer", _("No volunteer found")

    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        related_name="help_requests",
        verbose_name=_("commune"),
    )
    gesture = models.ForeignKey(
        "snippets.Gesture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("gesture"),
    )
    need = models.TextField(
        _("what is needed"),
        help_text=_("Describe the help, not the person: their details go in the fields below."),
    )
    wanted_on = models.DateField(_("wanted on"), null=True, blank=True)
    availability = models.CharField(
        _("moment"), max_length=20, choices=Availability.choices, blank=True
    )
    place = models.CharField(
        _("where"), max_length=200, blank=True, help_text=_("A neighbourhood or a street.")
    )
    channel = models.CharField(_("received"), max_length=10, choices=Channel.choices)

    # The beneficiary: seen only by the referents of the commune, erased 90 days after closing.
    beneficiary_name = models.CharField(_("beneficiary's name"), max_length=150, blank=True)
    beneficiary_phone = models.CharField(_("beneficiary's telephone"), max_length=20, blank=True)
    beneficiary_email = models.EmailField(_("beneficiary's e-mail"), blank=True)
    beneficiary_address = models.CharField(_("beneficiary's address"), max_length=255, blank=True)
    contacts_erased_at = models.DateTimeField(_("contacts erased on"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    hours = models.DecimalField(_("hours given"), max_digits=5, decimal_places=1, default=0)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True, db_index=True)

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("received on"), auto_now_add=True, db_index=True)
    volunteers = models.ManyToManyField(
        "volunteers.Volunteer",
        through="Contact",
        related_name="help_requests",
        verbose_name=_("volunteers put in touch"),
    )

    class Meta:
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.commune.name} — {self.need[:60]}"


class Contact(models.Model):
    """A volunteer put in touch with the beneficiary of a request."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="contacts")
    # Kept (anonymous) when the volunteer erases their data.
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    put_in_touch_at = models.DateTimeField(_("put in touch on"), auto_now_add=True)
    put_in_touch_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("volunteer put in touch")
        ordering = ["put_in_touch_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "volunteer"], name="one_contact_each")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} — {self.volunteer_id}"
