"""The pages the law or the visitor asks of the national site: the accessibility statement
(RGAA 4.1 model, loi 2005-102 art. 47, décret 2019-768) and the site map, both children of the
home page, one of each per home. Every footer links to both, the statement with its mention
("Accessibilité : partiellement conforme"); pages/legal.py finds them for the footer."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from .. import legal
from .forms import PageForm

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]

# RGAA 4.1: fully compliant at 100 % of the criteria met, partially from 50 %, else not.
PARTIAL_FROM = 50
FULL_AT = 100


class Compliance(models.TextChoices):
    # The labels are the footer's words ("Accessibilité : partiellement conforme").
    NOT_COMPLIANT = "non", _("not compliant")
    PARTIALLY_COMPLIANT = "partial", _("partially compliant")
    FULLY_COMPLIANT = "full", _("fully compliant")


def compliance_for_rate(rate) -> str:
    """The state of compliance an audit's rate of compliance (a percentage) gives."""
    if rate is None or rate < PARTIAL_FROM:
        return Compliance.NOT_COMPLIANT
    if rate < FULL_AT:
        return Compliance.PARTIALLY_COMPLIANT
    return Compliance.FULLY_COMPLIANT


class AccessibilityStatementPage(Page):
    """The accessibility statement of the site, following the RGAA 4.1 model statement. The
    site's address is the site's own (never typed); the recourse section is the law's text."""

    base_form_class = PageForm  # no silent overwrite (core/revisions.py)

    entity = models.CharField(
        _("entity"),
        max_length=200,
        help_text=_("The body that publishes the site and commits to its accessibility."),
    )
    compliance = models.CharField(
        _("state of compliance"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.NOT_COMPLIANT,
        help_text=_(
            "Fully compliant: every RGAA criterion is met; partially compliant: at least 50 %; "
            "not compliant: less than 50 %, or no audit."
        ),
    )
    compliance_rate = models.DecimalField(
        _("rate of compliance (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The share of the applicable RGAA criteria that are met, from the audit."),
    )
    audit_date = models.DateField(_("date of the audit"), null=True, blank=True)
    auditor = models.CharField(
        _("audited by"),
        max_length=200,
        blank=True,
        help_text=_("The body or the company that carried out the audit."),
    )
    rgaa_version = models.CharField(_("RGAA version"), max_length=10, default="4.1")
    technologies = models.CharField(
        _("technologies used"),
        max_length=300,
        blank=True,
        help_text=_("For example: HTML5, CSS, JavaScript, WAI-ARIA."),
    )
    test_environment = models.TextField(
        _("test environment"),
        blank=True,
        help_text=_("The browsers and assistive technologies the audit used."),
    )
    tools = models.TextField(_("tools used for the audit"), blank=True)
    sample = RichTextField(
        _("pages tested"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The sample of pages the audit checked, one per list item."),
    )
    non_compliances = RichTextField(_("non-compliances"), features=RICH_TEXT_FEATURES, blank=True)
    derogations = RichTextField(
        _("derogations for disproportionate burden"), features=RICH_TEXT_FEATURES, blank=True
    )
    out_of_scope = RichTextField(
        _("content outside the legal scope"), features=RICH_TEXT_FEATURES, blank=True
    )
    drawn_up_on = models.DateField(_("statement drawn up on"))
    updated_on = models.DateField(_("statement last updated on"), null=True, blank=True)
    multi_year_plan_url = models.URLField(
        _("multi-year plan"),
        blank=True,
        help_text=_("The address of the multi-year accessibility plan, if there is one."),
    )
    action_plan_url = models.URLField(
        _("this year's action plan"),
        blank=True,
        help_text=_("The address of this year's action plan, if there is one."),
    )
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_form_url = models.URLField(_("contact form"), blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)

    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    content_panels = Page.content_panels + [
        FieldPanel("entity"),
        MultiFieldPanel(
            [
                FieldPanel("compliance"),
                FieldPanel("compliance_rate"),
                FieldPanel("rgaa_version"),
                FieldPanel("audit_date"),
                FieldPanel("auditor"),
                FieldPanel("technologies"),
                FieldPanel("test_environment"),
                FieldPanel("tools"),
                FieldPanel("sample"),
            ],
            heading=_("State of compliance and audit"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("non_compliances"),
                FieldPanel("derogations"),
                FieldPanel("out_of_scope"),
            ],
            heading=_("Non-accessible content"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("drawn_up_on"),
                FieldPanel("updated_on"),
                FieldPanel("multi_year_plan_url"),
                FieldPanel("action_plan_url"),
            ],
            heading=_("Drawing up of the statement"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_form_url"),
                FieldPanel("contact_address"),
            ],
            heading=_("Feedback and contact"),
            help_text=_(
                "Where a visitor who can't reach a content or a service asks for an "
                "accessible alternative. The recourse section (Défenseur des droits) is added "
                "to the page as the law words it."
            ),
        ),
    ]

    # A translation states the same audit: only its words are translated.
    override_translatable_fields = [
        SynchronizedField("compliance"),
        SynchronizedField("compliance_rate"),
        SynchronizedField("audit_date"),
        SynchronizedField("rgaa_version"),
        SynchronizedField("drawn_up_on"),
        SynchronizedField("updated_on"),
        SynchronizedField("contact_email"),
    ]

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def clean(self):
        super().clean()
        errors = {}
        if self.compliance != Compliance.NOT_COMPLIANT:
            # Without an audit, the law says a site is not compliant.
            if self.compliance_rate is None:
                errors["compliance_rate"] = _(
                    "Give the rate of compliance of the audit: without an audit, the site is "
                    "not compliant."
                )
            if self.audit_date is None:
                errors["audit_date"] = _(
                    "Give the date of the audit: without an audit, the site is not compliant."
                )
        if self.compliance_rate is not None and "compliance_rate" not in errors:
            expected = compliance_for_rate(self.compliance_rate)
            if expected != self.compliance:
                errors["compliance"] = _(
                    "A rate of %(rate)s %% makes the site %(state)s (RGAA: fully compliant at "
                    "100 %%, partially from 50 %%)."
                ) % {"rate": self.compliance_rate, "state": Compliance(expected).label}
        if self.updated_on and self.drawn_up_on and self.updated_on < self.drawn_up_on:
            errors["updated_on"] = _("The statement is updated after it is drawn up.")
        if not self.contact_email and not self.contact_form_url and not self.contact_address:
            errors["contact_email"] = _(
                "Give at least one way to contact you: an e-mail, a form or a postal address."
            )
        if errors:
            raise ValidationError(errors)

    def site_address(self) -> str:
        """The address of the site the statement applies to: the national site's public address
        (core.addresses), or the root of this page's site when it is another site."""
        site = self.get_site()
        if site is None or site.is_default_site:
            return legal.default_site_address()
        return site.root_url

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["site_address"] = self.site_address()
        context["recourse"] = legal.RECOURSE
        return context


class SitemapPage(Page):
    """The "Plan du site": the home, the national pages, the agenda, the idea box, the legal
    pages, and each engaged department with its engaged communes (pages/legal.py reads them:
    a bounded number of rows, paginated beyond `legal.TERRITORIES_PER_PAGE`)."""

    base_form_class = PageForm  # no silent overwrite (core/revisions.py)

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("site map")
        verbose_name_plural = _("site maps")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(legal.sitemap_context(self, request))
        return context
