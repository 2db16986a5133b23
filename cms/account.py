"""A panel of the admin's account settings for a per-user preference: a model with a
one-to-one `user` field, edited with `form_class`, created on the first save."""

from wagtail.admin.views.account import BaseSettingsPanel


class UserPreferencePanel(BaseSettingsPanel):
    model = None  # the preference's model, with a OneToOneField named `user`

    def get_form(self):
        instance = self.model.objects.filter(user=self.user).first() or self.model(user=self.user)
        kwargs = {"instance": instance, "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)
