"""The territories in the Wagtail admin, for administrators to look them up: regions,
departments, communes (searchable, filtered by department) and EPCI. Read only: the data come
from `manage.py import_territories`, which would undo any edit.

Every admin form's commune field (a commune page's, an action's place…) is a chooser with a
search: a select of France's 35,000 communes would weigh megabytes on every edit page.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import services
from .models import Commune, Department, Epci, Region


class ReferenceDataPermissionPolicy(ModelPermissionPolicy):
    """Whoever may view the model looks it up; nobody adds, edits or deletes it here."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


class ReferenceDataViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    # Needed by ModelViewSet to build its (unused) edit form.
    form_fields: list[str] = []


class RegionViewSet(ReferenceDataViewSet):
    name = "territories_regions"
    url_prefix = "territories/regions"
    model = Region
    icon = "site"
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class DepartmentViewSet(ReferenceDataViewSet):
    name = "territories_departments"
    url_prefix = "territories/departments"
    model = Department
    icon = "site"
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code", "slug"]


class CommuneViewSet(ReferenceDataViewSet):
    name = "territories_communes"
    url_prefix = "territories/communes"
    model = Commune
    icon = "home"
    list_display = ["name", "code", "department", "kind", "population"]
    list_filter = ["department", "kind"]
    # The slug lets "chateau" find "Château-Gontier-sur-Mayenne" whatever the database.
    search_fields = ["name", "code", "slug"]
    inspect_view_fields = [
        "name",
        "code",
        "slug",
        "kind",
        "department",
        "parent",
        "siren",
        "population",
    ]

    def get_queryset(self, request):
        return Commune.objects.select_related("department")


class EpciViewSet(ReferenceDataViewSet):
    name = "territories_epcis"
    url_prefix = "territories/epcis"
    model = Epci
    icon = "group"
    list_display = ["name", "siren", "kind", "population"]
    list_filter = ["kind"]
    search_fields = ["name", "siren"]


class TerritoriesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Territories")
    menu_icon = "site"
    menu_order = 900
    items = (RegionViewSet, DepartmentViewSet, CommuneViewSet, EpciViewSet)


for model in (Region, Department, Commune, Epci):
    register_permission_policy(model, ReferenceDataPermissionPolicy(model))


@hooks.register("register_admin_viewset")
def register_territories_viewsets():
    return TerritoriesViewSetGroup()


class CommuneSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Name, INSEE code or postal code"),
        widget=forms.TextInput(attrs={"placeholder": _("Name, INSEE code or postal code")}),
        required=False,
    )

    def filter(self, objects):
        text = self.cleaned_data.get("q", "").strip()
        if text:
            self.is_searching = True
            self.search_query = text
            objects = services.search_communes(objects, text)
        return objects


class CommuneChooseViewMixin:
    filter_form_class = CommuneSearchForm

    def get_object_list(self):
        return Commune.objects.select_related("department")

    @property
    def columns(self):
        return [self.title_column, Column("department", label=_("department"))]


class CommuneChooseView(CommuneChooseViewMixin, chooser_views.ChooseView):
    pass


class CommuneChooseResultsView(CommuneChooseViewMixin, chooser_views.ChooseResultsView):
    pass


class CommuneChooserViewSet(ChooserViewSet):
    """Registers the chooser as the widget of every admin form's foreign key to a commune."""

    name = "commune_chooser"
    url_prefix = "territories/commune-chooser"
    model = Commune
    icon = "home"
    choose_one_text = _("Choose a commune")
    choose_another_text = _("Choose another commune")
    edit_item_text = _("See the commune")
    choose_view_class = CommuneChooseView
    choose_results_view_class = CommuneChooseResultsView


@hooks.register("register_admin_viewset")
def register_commune_chooser():
    return CommuneChooserViewSet()
