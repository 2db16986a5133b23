"""The reviewer's choice of real-time e-mails or a daily digest, in the admin's account
settings (Notifications tab)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from . import dashboard
from .models import NotificationPreference


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["delivery"]
        widgets = {"delivery": forms.RadioSelect}


class ModerationNotificationsPanel(BaseSettingsPanel):
    name = "moderation_notifications"
    title = _("Moderation e-mails")
    tab = notifications_tab
    order = 150
    form_class = NotificationPreferenceForm

    def is_active(self):
        # Only those who review something: moderators, department referents, administrators.
        return dashboard.scope_of(self.user) is not None

    def get_form(self):
        instance = NotificationPreference.objects.filter(
            user=self.user
        ).first() or NotificationPreference(user=self.user)
        kwargs = {"instance": instance, "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)
