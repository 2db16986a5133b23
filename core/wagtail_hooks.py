"""The admin's account settings get one panel for the notifications' delivery, whatever app
owns each topic."""

from wagtail import hooks

from .account import NotificationChoicesPanel


@hooks.register("register_account_settings_panel")
def register_notification_choices_panel(request, user, profile):
    return NotificationChoicesPanel(request, user, profile)
