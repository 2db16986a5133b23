"""The reviewer's choice of real-time e-mails or a daily digest, in the admin's account
settings (Notifications tab)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import notifications_tab

from cms.account import UserPreferencePanel

from . import dashboard
from .models import NotificationPreference


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["delivery"]
        widgets = {"delivery": forms.RadioSelect}


class ModerationNotificationsPanel(UserPreferencePanel):
    name = "moderation_notifications"
    title = _("Moderation e-mails")
    tab = notifications_tab
    order = 150
    model = NotificationPreference
    form_class = NotificationPreferenceForm

    def is_active(self):
        # Only those who review something: moderators, department referents, administrators.
        return dashboard.scope_of(self.user) is not None
