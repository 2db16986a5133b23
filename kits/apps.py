from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kits"
    verbose_name = _("Communication kits")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published

        from .signals import rebuild_on_publish, rebuild_on_restriction

        page_published.connect(rebuild_on_publish, dispatch_uid="kits_rebuild_on_publish")
        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                rebuild_on_restriction,
                sender=PageViewRestriction,
                dispatch_uid=f"kits_rebuild_on_restriction_{name}",
            )
