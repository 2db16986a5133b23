"""The admin's form of a mailing: who it is from (the territories the writer may write for:
engaged ones only, a short list), the message and its button, and the segment. No field
lists every commune: the segment's communes are typed as INSEE codes, checked against the
sender's territory."""

from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminPageChooser

from onboarding.models import TerritoryGroup
from pages.models import ActionPage
from territories.models import Commune
from volunteers.forms import SignUpForm, live_gestures

from . import services
from .models import Mailing

NATIONAL = "national"


def sender_choices(user) -> list[tuple[str, str]]:
    """The national team, then the engaged departments, then the engaged communes `user`
    writes for (two queries)."""
    departments, communes = services.senders_for(user)
    engaged = TerritoryGroup.objects.all()
    choices = [(NATIONAL, str(_("The national team")))] if services.is_national(user) else []
    choices += [
        (f"d{department.pk}", str(department))
        for department in departments.filter(
            pk__in=engaged.filter(department__isnull=False).values("department_id")
        ).order_by("code")
    ]
    # A commune by its name (its INSEE code means nothing to a referent), in French order:
    # by its unaccented slug, "Évron" among the E's.
    choices += [
        (f"c{commune.pk}", commune.name)
        for commune in communes.filter(
            pk__in=engaged.filter(commune__isnull=False).values("commune_id")
        ).order_by("slug", "code")
    ]
    return choices


class MailingForm(WagtailAdminModelForm):
    sender = forms.ChoiceField(label=pgettext_lazy("mailing sender", "From"))
    call_to_action_url = forms.URLField(
        label=_("button's link"), required=False, max_length=200, assume_scheme="https"
    )
    commune_codes = forms.CharField(
        label=_("Only these communes (INSEE codes)"),
        required=False,
        help_text=_("Separated by spaces or commas; empty: every commune of the sender."),
    )
    # The sign-up's own choices, so that a segment says what volunteers chose.
    kinds = SignUpForm.base_fields["kinds"]
    availability = SignUpForm.base_fields["availability"]
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Any"))] + list(settings.LANGUAGES), required=False
    )

    class Meta:
        model = Mailing
        fields = [
            "subject",
            "body",
            "call_to_action",
            "call_to_action_url",
            "call_to_action_page",
            "gestures",
            "kinds",
            "availability",
            "language",
            "inactive_months",
        ]
        widgets = {
            "call_to_action_page": AdminPageChooser(target_models=[ActionPage]),
            "gestures": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["sender"].choices = sender_choices(user)
        self.fields["availability"].label = _("Availability")
        # The French gestures: a volunteer's choice is stored as them, in whichever language
        # it was made (volunteers/gestures.py).
        self.fields["gestures"].queryset = live_gestures().order_by("title")
        self.fields["call_to_action_page"].queryset = ActionPage.objects.live()
        mailing = self.instance
        if mailing.pk:
            self.initial["sender"] = (
                f"c{mailing.commune_id}"
                if mailing.commune_id
                else f"d{mailing.department_id}"
                if mailing.department_id
                else NATIONAL
            )
            self.initial["commune_codes"] = " ".join(
                mailing.communes.order_by("code").values_list("code", flat=True)
            )

    def clean(self):
        data = super().clean()
        sender = data.get("sender", "")
        self.sender_department_id = self.sender_commune_id = None
        if sender.startswith("d"):
            self.sender_department_id = int(sender[1:])
        elif sender.startswith("c"):
            self.sender_commune_id = int(sender[1:])
        codes = [code for code in re.split(r"[\s,;]+", data.get("commune_codes", "")) if code]
        if codes:
            scope = Commune.objects.filter(code__in=codes)
            if self.sender_commune_id:
                scope = scope.filter(pk=self.sender_commune_id)
            elif self.sender_department_id:
                scope = scope.filter(department_id=self.sender_department_id)
            found = dict(scope.values_list("code", "pk"))
            unknown = [code for code in codes if code not in found]
            if unknown:
                self.add_error(
                    "commune_codes",
                    _("Not a commune of the sender: %(codes)s") % {"codes": ", ".join(unknown)},
                )
            self.commune_ids = list(found.values())
        else:
            self.commune_ids = []
        return data

    def save(self, commit=True):
        mailing = super().save(commit=False)
        mailing.commune_id = self.sender_commune_id
        mailing.department_id = self.sender_department_id
        if mailing.created_by_id is None:
            mailing.created_by = self.user
        if commit:
            mailing.save()
            self.save_m2m()
            mailing.communes.set(self.commune_ids)
        return mailing


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Send on"),
        required=False,
        help_text=_("Paris time; empty: now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_at(self):
        at = self.cleaned_data.get("at")
        # A minute's grace: the time typed as "now" is already past when it is posted.
        if at is not None and at < timezone.now() - timedelta(minutes=1):
            raise forms.ValidationError(
                _("This date is past: choose a date to come, or leave it empty to send now."),
                code="past",
            )
        return at
