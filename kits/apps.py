from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from territories import signals as territories


class KitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kits"
    verbose_name = _("Communication kits")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.images import get_image_model
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import (
            page_published,
            page_unpublished,
            post_page_move,
            published,
            unpublished,
        )

        # A lower app's model, read when the apps are ready (a gesture published marks the kits).
        from snippets.models import Gesture

        from . import signals

        page_published.connect(signals.rebuild_on_publish, dispatch_uid="kits_rebuild_on_publish")
        # What may change a kit marks its documents (kits/signals.py).
        page_published.connect(signals.page_changed, dispatch_uid="kits_page_published")
        page_unpublished.connect(signals.page_changed, dispatch_uid="kits_page_unpublished")
        post_page_move.connect(signals.page_moved, dispatch_uid="kits_page_moved")
        post_delete.connect(signals.page_changed, dispatch_uid="kits_page_deleted")
        for signal in (published, unpublished, post_delete):
            signal.connect(signals.gesture_changed, sender=Gesture, dispatch_uid="kits_gesture")
        post_save.connect(signals.logo_changed, sender=get_image_model(), dispatch_uid="kits_logo")
        post_save.connect(signals.site_changed, sender=Site, dispatch_uid="kits_site")
        territories.imported.connect(
            signals.territories_imported, dispatch_uid="kits_territories_imported"
        )
        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                signals.restriction_changed,
                sender=PageViewRestriction,
                dispatch_uid=f"kits_restriction_{name}",
            )
