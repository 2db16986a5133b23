from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mailings"
    verbose_name = _("Mailings")

    def ready(self) -> None:
        from anymail.signals import post_send, tracking

        from volunteers.signals import collect_space_settings

        from .bounces import on_post_send, on_tracking_event
        from .space import space_lists

        # Bounces and complaints reported by the e-mail provider (django-anymail's webhooks),
        # matched to the copy by the id the provider gave it when it took it.
        tracking.connect(on_tracking_event, dispatch_uid="mailings-tracking")
        post_send.connect(on_post_send, dispatch_uid="mailings-post-send")
        # Their boxes in the volunteer's space, a sender each.
        collect_space_settings.connect(space_lists, dispatch_uid="mailings-space-lists")
