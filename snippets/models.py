"""The idea box: gestures of solidarity, in categories, translatable and moderated.

A gesture is public only when live; a suggested gesture (from the public form) starts as a draft
and keeps its author's name and e-mail for the moderators only.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.colours import validate_hex_colour
from core.vocabulary import ActionKind, Beneficiary, Place

from .fields import ChoiceSetField

DEFAULT_DURATION = 60
# Paths under /gestes/ that are not gestures.
RESERVED_SLUGS = frozenset({"imprimer", "proposer"})


class GestureCategory(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    icon = models.CharField(_("icon"), max_length=16, blank=True, help_text=_("One emoji."))
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_("As #RRGGBB. White text is drawn on it: it must be dark enough."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = ["name", "slug", "description", "icon", "colour", "order"]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
        SynchronizedField("icon"),
        SynchronizedField("colour"),
        SynchronizedField("order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("gesture category")
        verbose_name_plural = _("gesture categories")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_category_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class GestureTag(TaggedItemBase):
    content_object = ParentalKey(
        "snippets.Gesture", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Gesture(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    class Source(models.TextChoices):
        EDITORIAL = "editorial", _("Written by the editors")
        SUGGESTION = "suggestion", _("Suggested by a visitor")

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    summary = models.CharField(_("summary"), max_length=200)
    how_to = RichTextField(
        _("how to do it"), features=["bold", "italic", "link", "ol", "ul"], blank=True
    )
    category = models.ForeignKey(
        GestureCategory,
        on_delete=models.PROTECT,
        related_name="gestures",
        verbose_name=_("category"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices)
    duration = models.PositiveSmallIntegerField(
        _("usual duration (minutes)"), default=DEFAULT_DURATION
    )
    places = ChoiceSetField(_("where"), options=Place.choices)
    helps = ChoiceSetField(_("who it helps"), options=Beneficiary.choices)
    skills = models.TextField(_("skills needed"), blank=True)
    tags = ClusterTaggableManager(through=GestureTag, blank=True, verbose_name=_("tags"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )

    # Who suggested it (public form): for the moderators only, never shown publicly.
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.EDITORIAL
    )
    suggested_by_name = models.CharField(_("suggested by"), max_length=150, blank=True)
    suggested_by_email = models.EmailField(_("e-mail of the person suggesting"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="gesture",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="gesture",
        for_concrete_model=False,
    )

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("how_to"),
        index.SearchField("skills"),
        index.AutocompleteField("title"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("live"),
        index.FilterField("locale"),
        # The French gestures shown where they are not translated (services.in_language).
        index.FilterField("translation_key"),
        index.FilterField("category"),
        index.FilterField("kind"),
        index.FilterField("duration"),
        index.FilterField("places"),
        index.FilterField("helps"),
        index.FilterField("slug"),
        index.FilterField("title"),
        index.FilterField("source"),
    ]

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("how_to"),
        FieldPanel("category"),
        FieldPanel("kind"),
        FieldPanel("duration"),
        FieldPanel("places"),
        FieldPanel("helps"),
        FieldPanel("skills"),
        FieldPanel("tags"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("source", read_only=True),
                FieldPanel("suggested_by_name", read_only=True),
                FieldPanel("suggested_by_email", read_only=True),
            ],
            heading=_("Suggestion (private)"),
        ),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("summary"),
        TranslatableField("how_to"),
        TranslatableField("skills"),
        TranslatableField("category"),
        SynchronizedField("slug"),
        SynchronizedField("kind"),
        SynchronizedField("duration"),
        SynchronizedField("places"),
        SynchronizedField("helps"),
        SynchronizedField("image"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("gesture")
        verbose_name_plural = _("gestures")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_gesture_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved: choose another.")})

    @property
    def place_labels(self) -> list[str]:
        return [str(Place(value).label) for value in self.places if value in Place.values]

    @property
    def help_labels(self) -> list[str]:
        return [
            str(Beneficiary(value).label) for value in self.helps if value in Beneficiary.values
        ]

    def get_url(self) -> str:
        """The public address of the gesture, in its own language."""
        with translation.override(self.locale.language_code):
            return reverse("snippets:gesture", kwargs={"slug": self.slug})

    def get_preview_template(self, request, mode_name):
        return "snippets/gesture.html"

    def get_preview_context(self, request, mode_name):
        from .services import gesture_context

        return {**super().get_preview_context(request, mode_name), **gesture_context(self)}

    # For the CSV export of the admin.
    def places_text(self) -> str:
        return ", ".join(self.place_labels)

    places_text.short_description = _("where")

    def helps_text(self) -> str:
        return ", ".join(self.help_labels)

    helps_text.short_description = _("who it helps")

    def tags_text(self) -> str:
        # Through the tagged items, which the admin's listing prefetches with their tags.
        return ", ".join(sorted(tagged.tag.name for tagged in self.tagged_items.all()))

    tags_text.short_description = _("tags")
