"""Vocabularies shared by the idea box, the actions and the volunteers' sign-up.

Stored values are short English identifiers; labels are translated (French for users).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    """The three kinds of action of L'Heure Civique."""

    NEIGHBOURLY = "neighbourly", _("Help between two people")
    COLLECTIVE = "collective", _("A collective action for the commune")
    ASSOCIATION = "association", _("A hand to an association")


class Place(models.TextChoices):
    HOME = "home", _("At home")
    OUTDOORS = "outdoors", _("Outdoors")
    ONLINE = "online", _("Online")


class Beneficiary(models.TextChoices):
    """Who a gesture helps."""

    OLDER_PEOPLE = "older_people", _("Older neighbours")
    CHILDREN = "children", _("Children and young people")
    FAMILIES = "families", _("Families")
    NEWCOMERS = "newcomers", _("Newcomers")
    DISABLED_PEOPLE = "disabled_people", _("People with a disability")
    ISOLATED_PEOPLE = "isolated_people", _("Isolated people")
    ASSOCIATIONS = "associations", _("Associations")
    ANIMALS = "animals", _("Animals")
    ENVIRONMENT = "environment", _("The environment")
    EVERYONE = "everyone", _("Everyone")
