"""The user's choice, in the admin's account settings (Notifications tab), of an e-mail each
time or a daily digest, for each topic of notifications that concerns them."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from .models import Delivery, NotificationPreference
from .notifications import Topic, topics_for


class NotificationChoicesForm(forms.Form):
    """One choice per topic, named by its code; a topic without a saved choice is real time."""

    def __init__(self, *args, user, topics: list[Topic], **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(
            NotificationPreference.objects.filter(
                user=user, topic__in=[topic.code for topic in topics]
            ).values_list("topic", "delivery")
        )
        for topic in topics:
            self.fields[topic.code] = forms.ChoiceField(
                label=topic.label,
                help_text=topic.help,
                choices=Delivery.choices,
                initial=chosen.get(topic.code, Delivery.REAL_TIME),
                widget=forms.RadioSelect,
                # A topic left out of the post (a page opened before an app added its topic)
                # keeps its choice, rather than refusing the whole account form.
                required=False,
            )

    def save(self) -> None:
        for code, delivery in self.cleaned_data.items():
            if not delivery:
                continue
            NotificationPreference.objects.update_or_create(
                user=self.user, topic=code, defaults={"delivery": delivery}
            )


class NotificationChoicesPanel(BaseSettingsPanel):
    name = "notification_choices"
    title = _("E-mails: each time or a daily digest")
    tab = notifications_tab
    order = 150

    def __init__(self, request, user, profile):
        super().__init__(request, user, profile)
        self.topics = topics_for(user)

    def is_active(self):
        return bool(self.topics)

    def get_form(self):
        kwargs = {"user": self.user, "topics": self.topics, "prefix": self.name}
        if self.request.method == "POST":
            return NotificationChoicesForm(self.request.POST, **kwargs)
        return NotificationChoicesForm(**kwargs)
