from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kits"
    verbose_name = _("Communication kits")

    def ready(self):
        from wagtail.signals import page_published

        from .signals import rebuild_on_publish

        page_published.connect(rebuild_on_publish, dispatch_uid="kits_rebuild_on_publish")
