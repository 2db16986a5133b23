from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workflows"
    verbose_name = _("Moderation")

    def ready(self):
        from django.core.signals import request_started

        from . import models, notifications, signal_handlers

        notifications.connect()
        notifications.register()
        signal_handlers.connect()
        request_started.connect(
            lambda **kwargs: models.last_action.set(None), weak=False, dispatch_uid="workflows"
        )
