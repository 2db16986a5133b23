"""The moderation in the admin: the automated check's flag in each item's history."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_flagged_action(actions):
    actions.register_action(
        "workflows.flagged",
        _("Flagged by the automated check"),
        _("Flagged by the automated check"),
    )
