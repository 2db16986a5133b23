"""Who works on which territory: the groups of each engaged department and commune, found by a
stable key (role + territory) rather than by their name, and the collection of each territory."""

from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection


class TerritoryGroup(models.Model):
    """The group holding a role over a territory: a commune, a department, or all of France
    (the moderators, with neither)."""

    class Role(models.TextChoices):
        EDITORS = "editors", _("editors")
        REFERENTS = "referents", _("referents")
        MODERATORS = "moderators", _("moderators")

    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="territory_group", verbose_name=_("group")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        "territories.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="territory_groups",
        verbose_name=_("department"),
    )
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="territory_groups",
        verbose_name=_("commune"),
    )

    class Meta:
        verbose_name = _("territory group")
        verbose_name_plural = _("territory groups")
        constraints = [
            # Editors and referents act on exactly one territory; moderators on the whole country.
            models.CheckConstraint(
                condition=(
                    Q(role="moderators", department__isnull=True, commune__isnull=True)
                    | Q(
                        ~Q(role="moderators"),
                        Q(department__isnull=False, commune__isnull=True)
                        | Q(department__isnull=True, commune__isnull=False),
                    )
                ),
                name="onboarding_territorygroup_one_scope",
            ),
            models.UniqueConstraint(
                fields=["role", "department"],
                condition=Q(department__isnull=False),
                name="onboarding_territorygroup_unique_department_role",
            ),
            models.UniqueConstraint(
                fields=["role", "commune"],
                condition=Q(commune__isnull=False),
                name="onboarding_territorygroup_unique_commune_role",
            ),
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(role="moderators"),
                name="onboarding_territorygroup_unique_moderators",
            ),
        ]

    def __str__(self) -> str:
        return self.group.name


class TerritoryCollection(models.Model):
    """The collection of images and documents of an engaged department or commune."""

    collection = models.OneToOneField(
        Collection,
        on_delete=models.PROTECT,
        related_name="territory",
        verbose_name=_("collection"),
    )
    department = models.OneToOneField(
        "territories.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="territory_collection",
        verbose_name=_("department"),
    )
    commune = models.OneToOneField(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="territory_collection",
        verbose_name=_("commune"),
    )

    class Meta:
        verbose_name = _("territory collection")
        verbose_name_plural = _("territory collections")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(department__isnull=False, commune__isnull=True)
                    | Q(department__isnull=True, commune__isnull=False)
                ),
                name="onboarding_territorycollection_one_territory",
            ),
        ]

    def __str__(self) -> str:
        return self.collection.name
