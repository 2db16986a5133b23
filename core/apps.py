from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of Heure Civique shares; it imports none of them."""

    name = "core"
    verbose_name = _("Heure Civique: shared mechanisms")
