"""Wagtail admin views that engage a department (administrators) or a commune (administrators,
and department editors within their own department). The rules are in `services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from territories.models import Commune, Department

from . import roles, services
from .forms import EngageCommuneForm, EngageDepartmentForm
from .models import TerritoryGroup

# A datalist beyond this is no help to anyone: type the INSEE code instead.
DATALIST_MAX = 1000


class EngageView(WagtailAdminTemplateMixin, FormView):
    header_icon = "site"
    template_name = "onboarding/engage.html"
    field_name = ""
    url_name = ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.url_name), "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.get_full_path(),
            submit_button_label=self.get_page_title(),
            submit_button_active_label=_("Engaging…"),
            datalist_id=self.field_name + "s",
            choices=self.get_choices(),
        )
        return context

    def get_choices(self):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            page = self.engage(form.cleaned_data[self.field_name])
        except services.OnboardingError as error:
            form.add_error(self.field_name, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(territory)s is engaged: its page, groups and collection are ready.")
            % {"territory": page.title},
        )
        return redirect("wagtailadmin_explore", page.pk)


class EngageDepartmentView(EngageView):
    page_title = gettext_lazy("Engage a department")
    form_class = EngageDepartmentForm
    field_name = "department"
    url_name = "onboarding:engage_department"

    def dispatch(self, request, *args, **kwargs):
        if not roles.may_engage_departments(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_choices(self):
        engaged = TerritoryGroup.objects.filter(
            role=TerritoryGroup.Role.EDITORS, department__isnull=False
        ).values("department_id")
        return Department.objects.exclude(pk__in=engaged).values_list("code", "name")

    def engage(self, code):
        return services.engage_department(self.request.user, code)


class EngageCommuneView(EngageView):
    page_title = gettext_lazy("Engage a commune")
    form_class = EngageCommuneForm
    field_name = "commune"
    url_name = "onboarding:engage_commune"

    def dispatch(self, request, *args, **kwargs):
        self.departments = roles.departments_engaging_for(request.user)
        if not self.departments.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_choices(self):
        """The communes not engaged yet of the department asked for in `?department=`, else
        of the user's departments (an administrator's are all France: no list, type it)."""
        departments = self.departments
        asked = self.request.GET.get("department", "").strip()
        if asked:
            departments = departments.filter(code=asked)
        elif self.request.user.is_superuser:
            return []
        # Without the NULLs of department groups, which would make NOT IN match nothing.
        engaged = TerritoryGroup.objects.filter(
            role=TerritoryGroup.Role.EDITORS, commune__isnull=False
        ).values("commune_id")
        communes = (
            Commune.objects.filter(department__in=departments)
            .exclude(pk__in=engaged)
            .values_list("code", "name")
        )
        return communes[:DATALIST_MAX]

    def engage(self, text):
        return services.engage_commune(self.request.user, text)
