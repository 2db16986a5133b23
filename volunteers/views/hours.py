"""The hours given: the volunteer's form (from the follow-up e-mail) and the public figures
in the API (/api/v2/figures/: aggregates only)."""

from django import forms
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from onboarding.roles import is_engaged
from territories.models import Commune, Department

from .. import hours, tokens
from .sign_up import link_problem


class HoursForm(forms.Form):
    hours = forms.DecimalField(
        label=gettext_lazy("Hours given"),
        min_value=hours.MIN_HOURS,
        max_value=hours.MAX_HOURS,
        decimal_places=1,
    )


@require_http_methods(["GET", "POST"])
def hours_form(request, token: str):
    try:
        registration = hours.registration_from_token(token)
    except tokens.InvalidLink as error:
        return link_problem(request, error)
    action = registration.action
    if request.method == "POST":
        form = HoursForm(request.POST)
        if form.is_valid():
            hours.record_hours(registration, form.cleaned_data["hours"])
            return render(request, "volunteers/hours_thanks.html", {"registration": registration})
        status = 400
    else:
        initial = registration.hours or hours.default_hours(action)
        form = HoursForm(initial={"hours": initial})
        status = 200
    return render(request, "volunteers/hours.html", {"form": form, "action": action}, status=status)


@require_safe
def figures(request):
    """`?department=53` or `?commune=53130` (INSEE codes), else the nation. A commune that has
    not joined has no figures of its own: a handful of people waiting there would be told
    apart; it answers its department's, with `"joined": false` (the scope says which)."""
    scope = None
    code = request.GET.get("commune", "").strip().upper()
    if code:
        scope = Commune.objects.filter(code=code).first()
        if scope is None:
            message = _("No commune has the INSEE code %(code)s.") % {"code": code[:10]}
            return JsonResponse({"message": message}, status=400)
    else:
        code = request.GET.get("department", "").strip().upper()
        if code:
            scope = Department.objects.filter(code=code).first()
            if scope is None:
                message = _("No department has the code %(code)s.") % {"code": code[:10]}
                return JsonResponse({"message": message}, status=400)
    asked = None
    if isinstance(scope, Commune) and not is_engaged(scope):
        asked = {"code": scope.code, "name": scope.name, "joined": False}
        scope = scope.department
    data = hours.cached_figures(scope).as_dict()
    if scope is not None:
        data["scope"] = {"code": scope.code, "name": scope.name}
    if asked is not None:
        data["asked"] = asked
    return JsonResponse(data)
