"""The help centre and the assistance: questions and answers for each audience (translatable
snippets, searched through Wagtail's search backend), and the tickets of the contact form.

A ticket holds the requester's name, e-mail and message: seen only by the people it is routed
to (the commune's referents, the department's, or the national team), never logged nor carried
by a job, and erased SUPPORT_RETENTION_DAYS after its last change (retention.py). The rest of
the ticket (audience, territory, dates) stays, anonymous, for the first-response figures.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


class Audience(models.TextChoices):
    VOLUNTEERS = "volunteers", _("Volunteers")
    ELECTED = "elected", _("Elected officials and mairie staff")
    ASSOCIATIONS = "associations", _("Associations")


class Question(TranslatableMixin, index.Indexed, models.Model):
    """One question of the help centre and its answer, shown under its audience at /aide/,
    anchored by its slug (/aide/#<slug>)."""

    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    question = models.CharField(_("question"), max_length=200)
    slug = models.SlugField(
        _("anchor"), max_length=80, help_text=_("The end of its address: /aide/#<anchor>.")
    )
    answer = RichTextField(_("answer"), features=["bold", "italic", "link", "ol", "ul"])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("audience"),
        FieldPanel("question"),
        FieldPanel("slug"),
        FieldPanel("answer"),
        FieldPanel("order"),
    ]
    translatable_fields = [
        TranslatableField("question"),
        TranslatableField("answer"),
        SynchronizedField("audience"),
        SynchronizedField("slug"),
        SynchronizedField("order"),
    ]
    search_fields = [
        index.SearchField("question", boost=3),
        index.SearchField("answer"),
        index.AutocompleteField("question"),
        index.FilterField("locale"),
        index.FilterField("audience"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("question of the help centre")
        verbose_name_plural = _("questions of the help centre")
        ordering = ["audience", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_question_slug"),
        ]

    def __str__(self) -> str:
        return self.question


class Ticket(models.Model):
    """A request sent through the contact form, routed to a commune's referents
    (`routed_commune`, and its department), a department's (`routed_department` alone) or the
    national team (neither)."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    # The requester: for the people handling the ticket only; erased after the retention.
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    subject = models.CharField(_("subject"), max_length=150)
    message = models.TextField(_("message"))
    erased_at = models.DateTimeField(_("personal data erased on"), null=True, blank=True)

    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    routed_commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("routed to the commune"),
    )
    routed_department = models.ForeignKey(
        "territories.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("routed to the department"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(_("received on"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True, db_index=True)
    first_response_at = models.DateTimeField(_("first answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("assistance ticket")
        verbose_name_plural = _("assistance tickets")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def first_response_time(self):
        if self.first_response_at is None:
            return None
        return self.first_response_at - self.created_at


class Answer(models.Model):
    """An answer written in the admin and e-mailed to the requester (in the same transaction,
    through the outbox)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="answers")
    body = models.TextField(_("answer"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=pgettext_lazy("help ticket answer", "written by"),
    )
    created_at = models.DateTimeField(
        pgettext_lazy("help ticket answer", "sent on"), auto_now_add=True
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.ticket_id}.{self.pk}"
