from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of Heure Civique shares; it imports none of them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Heure Civique: shared mechanisms")

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the deployment checks)
        from .addresses import follow_after_migrate
        from .schedules import ensure_schedules
        from .text import refuse_line_breaks_in_admin

        # Once per migrate (sent for core only): the table of periodic jobs, in one place.
        post_migrate.connect(ensure_schedules, sender=self, dispatch_uid="core-schedules")
        # The default Wagtail Site says the public address (WAGTAILADMIN_BASE_URL).
        post_migrate.connect(follow_after_migrate, sender=self, dispatch_uid="core-site-address")
        # A title, a name or a place is one line, in every admin form.
        refuse_line_breaks_in_admin()
