"""The page tree: HomePage > DepartmentPage > CommunePage, with news and standard pages.

Department and commune pages carry their own colours and logo; a commune without colours
takes its department's (see `ThemedPage.theme`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock
from .colours import DEFAULT_PRIMARY, DEFAULT_SECONDARY, validate_hex_colour


class ThemedPage(Page):
    """Fields shared by the pages of a territory: colours, logo, a word, body, contact."""

    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_("As #RRGGBB. White text is drawn on it: it must be dark enough."),
    )
    secondary_colour = models.CharField(
        _("secondary colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_("As #RRGGBB. Dark text is drawn on it: it must be light enough."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    intro = models.TextField(_("introduction"), blank=True)

    word_quote = models.TextField(_("quote"), blank=True)
    word_name = models.CharField(_("name"), max_length=150, blank=True)
    word_role = models.CharField(_("role"), max_length=150, blank=True)
    word_photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    # Public contact details of the institution, never a private person's.
    contact_name = models.CharField(_("institution"), max_length=150, blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_website = models.URLField(_("website"), blank=True)
    contact_hours = models.TextField(_("opening hours"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    theme_panels = [
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("secondary_colour"), FieldPanel("logo")],
            heading=_("Colours and logo"),
        ),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("word_quote"),
                FieldPanel("word_name"),
                FieldPanel("word_role"),
                FieldPanel("word_photo"),
            ],
            heading=_("A word from the president or the mayor"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_address"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
                FieldPanel("contact_website"),
                FieldPanel("contact_hours"),
            ],
            heading=_("Public contact"),
        ),
    ] + theme_panels

    class Meta:
        abstract = True

    def inherited_theme(self) -> dict:
        """The colours used where this page has none of its own."""
        return {"primary": DEFAULT_PRIMARY, "secondary": DEFAULT_SECONDARY, "logo": None}

    def theme(self) -> dict:
        fallback = self.inherited_theme()
        return {
            "primary": self.primary_colour or fallback["primary"],
            "secondary": self.secondary_colour or fallback["secondary"],
            "logo": self.logo or fallback["logo"],
        }


class HomePage(ThemedPage):
    """The national home page: there is only one."""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.DepartmentPage", "pages.NewsIndexPage", "pages.StandardPage"]

    class Meta:
        verbose_name = _("national home page")


class DepartmentPage(ThemedPage):
    department = models.ForeignKey(
        "territories.Department",
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("department"),
    )

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.CommunePage", "pages.NewsIndexPage", "pages.StandardPage"]
    content_panels = [FieldPanel("department")] + ThemedPage.content_panels

    class Meta:
        verbose_name = _("department page")

    def clean(self):
        super().clean()
        duplicate = (
            DepartmentPage.objects.filter(department_id=self.department_id, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .exists()
        )
        if self.department_id and duplicate:
            raise ValidationError({"department": _("This department already has its page.")})


class CommunePage(ThemedPage):
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("commune"),
    )

    parent_page_types = ["pages.DepartmentPage"]
    subpage_types = ["pages.NewsIndexPage", "pages.StandardPage"]
    content_panels = [FieldPanel("commune")] + ThemedPage.content_panels

    class Meta:
        verbose_name = _("commune page")

    def clean(self):
        super().clean()
        duplicate = (
            CommunePage.objects.filter(commune_id=self.commune_id, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .exists()
        )
        if self.commune_id and duplicate:
            raise ValidationError({"commune": _("This commune already has its page.")})

    def inherited_theme(self) -> dict:
        parent = self.get_parent()
        if parent is not None:
            parent = parent.specific
        if isinstance(parent, DepartmentPage):
            return parent.theme()
        return super().inherited_theme()


class NewsIndexPage(Page):
    """The news of a territory (national, department or commune)."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["pages.HomePage", "pages.DepartmentPage", "pages.CommunePage"]
    subpage_types = ["pages.NewsPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("news index")


class NewsPage(Page):
    date = models.DateField(_("date"))
    intro = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types: list[str] = []
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class StandardPage(Page):
    """About, legal notice, personal data policy, volunteer charter..."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = [
        "pages.HomePage",
        "pages.DepartmentPage",
        "pages.CommunePage",
        "pages.StandardPage",
    ]
    subpage_types = ["pages.StandardPage"]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")
