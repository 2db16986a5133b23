"""The territories' pages: HomePage > DepartmentPage > CommunePage, news and standard pages.

Department and commune pages carry their own colours and logo; a commune without colours
takes its department's, a department without colours the national ones (see `ThemedPage.theme`).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.colours import primary_colour_error, secondary_colour_error, validate_hex_colour
from core.serializers import ImageRenditionField
from onboarding.roles import may_change_page_territory

from .. import fallback, services
from ..agenda import queries
from ..blocks import BodyBlock
from ..headless import FrontEndPreviewMixin
from ..payload import ChildrenField
from .forms import PageForm


def route_shared_page(root: Page, request, path_components: list[str]):
    """On a territory's own address (a Site rooted at `root`), the pages the whole network
    shares (the charter, the legal pages, the help: under the national home, outside any
    territory) answer at the same path as on the national site; None for any other path."""
    site = Site.find_for_request(request)
    if not path_components or site is None or site.is_default_site:
        return None
    if root.pk != site.root_page_id and root.translation_key != site.root_page.translation_key:
        return None
    home = HomePage.objects.ancestor_of(root).first()
    if home is None:
        return None
    try:
        found = home.route(request, path_components)
    except Http404:
        return None
    page = found.page if hasattr(found, "page") else found[0]
    if page.get_ancestors(inclusive=True).type(DepartmentPage).exists():
        return None  # another territory's page: on its own address or the national one only
    return found


NEWS_PER_PAGE = 10
KIT_GESTURES = 3  # the gestures a communication kit prints


class ThemedPage(FrontEndPreviewMixin, Page):
    """Fields shared by the pages of a territory: colours, logo, a word, body, contact."""

    base_form_class = PageForm  # no silent overwrite (core/revisions.py)

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
    kit_gestures = ParentalManyToManyField(
        "snippets.Gesture",
        blank=True,
        related_name="+",
        verbose_name=_("gestures printed on the kit"),
        help_text=_(
            "Up to three gestures of the idea box for the posters, flyer and banner; without a "
            "choice, the gestures volunteers choose most are printed."
        ),
    )

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

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            shared = route_shared_page(self, request, path_components)
            if shared is None:
                raise
            return shared

    # A translation shows the same institution in the same colours: only words are translated.
    override_translatable_fields = [
        SynchronizedField("primary_colour"),
        SynchronizedField("secondary_colour"),
        SynchronizedField("logo"),
        SynchronizedField("word_name"),
        SynchronizedField("word_photo"),
        SynchronizedField("contact_address"),
        SynchronizedField("contact_phone"),
    ]

    api_fields = [
        APIField("intro"),
        APIField("primary_colour"),
        APIField("secondary_colour"),
        APIField("logo"),
        APIField("logo_thumbnail", serializer=ImageRenditionField("max-400x200", source="logo")),
        APIField("word_quote"),
        APIField("word_name"),
        APIField("word_role"),
        APIField(
            "word_photo_thumbnail",
            serializer=ImageRenditionField("fill-200x200", source="word_photo"),
        ),
        APIField("body"),
        APIField("contact_name"),
        APIField("contact_address"),
        APIField("contact_phone"),
        APIField("contact_email"),
        APIField("contact_website"),
        APIField("contact_hours"),
        APIField("children", serializer=ChildrenField()),
    ]
    # Read by pages.api.PagesAPIViewSet so that a listing costs the same for 2 or 100 pages.
    api_select_related = ["logo", "word_photo"]
    api_prefetch_related = ["logo__renditions", "word_photo__renditions"]

    theme_panels = [
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("secondary_colour"), FieldPanel("logo")],
            heading=_("Colours and logo"),
        ),
        MultiFieldPanel(
            [FieldPanel("kit_gestures", widget=forms.CheckboxSelectMultiple)],
            heading=_("Communication kit"),
            classname="collapsed",
        ),
    ]
    content_panels = (
        Page.content_panels
        + [
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
        ]
        + theme_panels
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        checks = (
            ("primary_colour", primary_colour_error),
            ("secondary_colour", secondary_colour_error),
        )
        for name, check in checks:
            value = getattr(self, name)
            # A malformed colour already has its message from the field's validator.
            message = check(value.lower()) if value and services.is_hex_colour(value) else None
            if message:
                errors[name] = message
        if len(self.kit_gestures.all()) > KIT_GESTURES:
            errors["kit_gestures"] = _("Choose at most %(count)s gestures for the kit.") % {
                "count": KIT_GESTURES
            }
        if errors:
            raise ValidationError(errors)

    def theme(self, ancestors: list[Page] | None = None) -> services.Theme:
        """The colours and logo this page is shown in: its own, else its nearest ancestor's,
        else the national defaults. `ancestors` (outermost first) saves the query when known."""
        if ancestors is None:
            ancestors = services.themed_ancestors(self)
        return services.theme_of([*ancestors, self])

    @property
    def has_contact(self) -> bool:
        return any(
            (
                self.contact_name,
                self.contact_address,
                self.contact_phone,
                self.contact_email,
                self.contact_website,
                self.contact_hours,
            )
        )


class HomePage(ThemedPage):
    """The national home page: there is only one."""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    # The depth its parent types fix in Wagtail's tree (the root is 1): the pages API filters
    # on it, walking the index on (depth, path) (pages/0014) rather than every page below the
    # home in path order. tests/pages/test_tree_indexes.py holds each type to its parents'.
    tree_depth = 2
    subpage_types = [
        "pages.DepartmentPage",
        "pages.ActionIndexPage",
        "pages.InitiativeIndexPage",
        "pages.NewsIndexPage",
        "pages.StandardPage",
        # The good practices library (practices/, a feature app: named, never imported).
        "practices.PracticeLibraryPage",
        "pages.AccessibilityStatementPage",
        "pages.SitemapPage",
    ]

    class Meta:
        verbose_name = _("national home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["departments"] = departments = services.engaged_departments_kept(self, request)
        context["departments_html"] = services.kept_lines("departments", self, request, departments)
        context["latest_news"] = services.latest_news(locale=self.locale)
        context["news_index"] = services.news_index_of(self)
        context.update(queries.upcoming_context(self))
        return context


class DepartmentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()


class CommuneSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()
    department_code = serializers.CharField(source="department.code")


class TerritoryPageForm(PageForm):
    """The territory a page represents (its `territory_field`) is fixed once the page exists:
    for anyone but an administrator, the field is read only (a one-option select: no list of
    France's communes), a posted value is ignored and, when it differs, refused with a message."""

    territory_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(self.territory_field)
        self.territory_fixed = (
            field is not None
            and self.instance.pk is not None
            and not may_change_page_territory(self.for_user)
        )
        if self.territory_fixed:
            current = getattr(self.instance, f"{self.territory_field}_id")
            field.disabled = True
            field.queryset = field.queryset.filter(pk=current)
            field.widget = forms.Select(choices=field.choices)
            field.help_text = _("Only an administrator may change the territory a page represents.")

    def clean(self):
        cleaned_data = super().clean()
        name = self.territory_field
        if self.territory_fixed and name in self.data:
            posted = self.data.get(name)
            current = getattr(self.instance, f"{name}_id")
            if str(posted or "") != str(current or ""):
                self.add_error(
                    name,
                    _("Only an administrator may change which territory this page represents."),
                )
        return cleaned_data


class DepartmentPageForm(TerritoryPageForm):
    territory_field = "department"


class DepartmentPage(ThemedPage):
    department = models.ForeignKey(
        "territories.Department",
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("department"),
    )
    # A regional language the department publishes in besides French and English (Breton in
    # Finistère): its pages, and those of its communes, are offered in it (pages/languages.py).
    regional_language = models.CharField(
        _("regional language"),
        max_length=8,
        blank=True,
        help_text=_(
            "Language code of a regional language the department also publishes in, e.g. br "
            "for Breton. Its pages and its communes' pages may then be translated into it."
        ),
    )

    parent_page_types = ["pages.HomePage"]
    tree_depth = 3
    subpage_types = [
        "pages.CommunePage",
        "pages.ActionIndexPage",
        "pages.InitiativeIndexPage",
        "pages.NewsIndexPage",
        "pages.StandardPage",
        "practices.PracticeLibraryPage",
    ]
    content_panels = [FieldPanel("department")] + ThemedPage.content_panels
    settings_panels = ThemedPage.settings_panels + [FieldPanel("regional_language")]
    base_form_class = DepartmentPageForm
    override_translatable_fields = ThemedPage.override_translatable_fields + [
        SynchronizedField("department"),
        SynchronizedField("regional_language"),
    ]
    api_fields = [APIField("department", serializer=DepartmentSerializer())] + (
        ThemedPage.api_fields
    )
    api_select_related = ThemedPage.api_select_related + ["department"]

    class Meta:
        verbose_name = _("department page")
        verbose_name_plural = _("department pages")

    def clean(self):
        super().clean()
        duplicate = (
            DepartmentPage.objects.filter(
                department_id=self.department_id, locale_id=self.locale_id
            )
            .exclude(pk=self.pk)
            .exists()
        )
        if self.department_id and duplicate:
            raise ValidationError({"department": _("This department already has its page.")})
        if self.regional_language and self.regional_language not in settings.REGIONAL_LANGUAGES:
            raise ValidationError(
                {"regional_language": _("This language is not one of the site's regional ones.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["communes"] = communes = services.engaged_communes_kept(self, request)
        context["communes_html"] = services.kept_lines("communes", self, request, communes)
        context["latest_news"] = services.latest_news(within=self)
        context["news_index"] = services.news_index_of(self)
        context.update(queries.upcoming_context(self))
        return context


class CommunePageForm(TerritoryPageForm):
    """Checks, when a commune page is created, that the commune is in the parent's department
    (the model's own `clean` can't: a page being created has no parent yet)."""

    territory_field = "commune"

    def clean(self):
        cleaned_data = super().clean()
        commune = cleaned_data.get("commune")
        if commune is not None and self.parent_page is not None:
            message = services.commune_outside_parent_error(commune, self.parent_page)
            if message:
                self.add_error("commune", message)
        return cleaned_data


class CommunePage(ThemedPage):
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("commune"),
    )

    parent_page_types = ["pages.DepartmentPage"]
    tree_depth = 4
    subpage_types = [
        "pages.ActionIndexPage",
        "pages.InitiativeIndexPage",
        "pages.NewsIndexPage",
        "pages.StandardPage",
    ]
    content_panels = [FieldPanel("commune")] + ThemedPage.content_panels
    base_form_class = CommunePageForm
    override_translatable_fields = ThemedPage.override_translatable_fields + [
        SynchronizedField("commune")
    ]
    api_fields = [APIField("commune", serializer=CommuneSerializer())] + ThemedPage.api_fields
    api_select_related = ThemedPage.api_select_related + ["commune__department"]

    class Meta:
        verbose_name = _("commune page")
        verbose_name_plural = _("commune pages")

    def clean(self):
        super().clean()
        duplicate = (
            CommunePage.objects.filter(commune_id=self.commune_id, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .exists()
        )
        if self.commune_id and duplicate:
            raise ValidationError({"commune": _("This commune already has its page.")})
        parent = self.get_parent()
        if self.commune_id and parent is not None:
            message = services.commune_outside_parent_error(self.commune, parent)
            if message:
                raise ValidationError({"commune": message})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = services.latest_news(within=self)
        context["news_index"] = services.news_index_of(self)
        context.update(queries.upcoming_context(self))
        return context


class NewsIndexPage(FrontEndPreviewMixin, Page):
    """The news of a territory (national, department or commune)."""

    base_form_class = PageForm  # no silent overwrite (core/revisions.py)

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["pages.HomePage", "pages.DepartmentPage", "pages.CommunePage"]
    subpage_types = ["pages.NewsPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro"), APIField("children", serializer=ChildrenField())]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # In another language, the French index's news, each translated where it can be.
        source = fallback.french_version(self)
        news = services.news_of(source)
        # get_page() answers a missing, non-numeric or too large number with a real page.
        news_page = Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        if source.pk != self.pk:
            news_page.object_list = services.news_in_language(news_page.object_list, self.locale_id)
        context["news_page"] = news_page
        return context


class NewsPage(FrontEndPreviewMixin, Page):
    base_form_class = PageForm  # no silent overwrite (core/revisions.py)

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
    override_translatable_fields = [SynchronizedField("date"), SynchronizedField("image")]
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("image"),
        APIField("image_thumbnail", serializer=ImageRenditionField("fill-400x250", source="image")),
        APIField("body"),
    ]
    api_select_related = ["image"]
    api_prefetch_related = ["image__renditions"]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class StandardPage(FrontEndPreviewMixin, Page):
    """About, legal notice, personal data policy, volunteer charter..."""

    base_form_class = PageForm  # no silent overwrite (core/revisions.py)

    class Kind(models.TextChoices):
        # The national pages of these kinds are linked from every page's footer, in this order.
        ABOUT = "about", _("About")
        LEGAL_NOTICE = "legal_notice", _("Legal notice")
        PERSONAL_DATA = "personal_data", _("Personal data")
        CHARTER = "charter", _("Volunteer charter")

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_("A national page of a kind is linked from the footer of every page."),
    )
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
    promote_panels = Page.promote_panels + [FieldPanel("kind")]
    api_fields = [APIField("kind"), APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("standard page")
