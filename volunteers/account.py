"""The referent's choice, in the admin's account settings (Notifications tab), of an e-mail
for each new volunteer or a daily digest."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import notifications_tab

from cms.account import UserPreferencePanel
from onboarding.models import TerritoryGroup

from .models import ReferentPreference


class ReferentPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReferentPreference
        fields = ["new_volunteers"]
        widgets = {"new_volunteers": forms.RadioSelect}


class NewVolunteersPanel(UserPreferencePanel):
    name = "volunteer_notifications"
    title = _("New volunteers")
    tab = notifications_tab
    order = 160
    model = ReferentPreference
    form_class = ReferentPreferenceForm

    def is_active(self):
        # Only those who are told of new volunteers: the referents of a territory.
        return TerritoryGroup.objects.filter(
            group__user=self.user, role=TerritoryGroup.Role.REFERENTS
        ).exists()
