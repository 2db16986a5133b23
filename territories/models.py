"""France's administrative reference data: regions, departments, communes, EPCI, postal codes.

Loaded by `manage.py import_territories` from the compressed file in territories/data/.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("region")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("commune")
        MUNICIPAL_ARRONDISSEMENT = "arrondissement", _("municipal arrondissement")

    code = models.CharField(_("INSEE code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # Unique within the department: an ambiguous name gets its postal code appended.
    slug = models.SlugField(_("slug"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="communes", verbose_name=_("department")
    )
    # For a municipal arrondissement (Paris, Lyon, Marseille): the commune it belongs to.
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="arrondissements",
        verbose_name=_("parent commune"),
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["name", "code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        # The API's listing (and every list of communes) in this order: read from the index
        # up to its LIMIT, not 35,000 communes sorted on each request (issue 18).
        indexes = [models.Index(fields=["name", "code"], name="territories_commune_name_code")]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "slug"], name="territories_commune_unique_slug"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PostalCode(models.Model):
    """One postal code serves one commune; a commune can have several, and a code several
    communes."""

    code = models.CharField(_("postal code"), max_length=5, db_index=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="postal_codes", verbose_name=_("commune")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "commune"], name="territories_postalcode_unique"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Epci(models.Model):
    """A grouping of communes (établissement public de coopération intercommunale)."""

    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10)  # CA, CC, CU, MET
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    members = models.ManyToManyField(
        Commune, related_name="epcis", blank=True, verbose_name=_("member communes")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")

    def __str__(self) -> str:
        return self.name
