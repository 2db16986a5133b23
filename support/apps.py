from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "support"
    verbose_name = _("Help and assistance")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import notifications
        from .models import Question
        from .purge import purge_help_centre_on_commit

        notifications.register()
        # A question edited in the admin shows at once on the help centre the proxy keeps.
        for signal in (post_save, post_delete):
            signal.connect(
                purge_help_centre_on_commit, sender=Question, dispatch_uid="support-purge"
            )
