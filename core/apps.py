from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
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
        # The hosts the platform answers for are read again when a Site or a second name changes.
        from wagtail.models import Site

        from .models import SiteAlias
        from .sites import forget_hosts

        for model in (Site, SiteAlias):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_hosts, sender=model, dispatch_uid=f"core-hosts-{model.__name__}"
                )
        # Any change the API may show: its ETags stop matching (core/api_cache.py).
        from .api_cache import connect as follow_api_changes

        follow_api_changes()
        # A title, a name or a place is one line, in every admin form.
        refuse_line_breaks_in_admin()
