"""The second factor's pages in the admin: enrol (QR code, first code, recovery codes), give a
code, the account's page to see, enrol or turn it off, and the administrators' reset of
someone's second factor (a lost phone). Thin: two_factor.py decides."""

from __future__ import annotations

import logging

import django_otp
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.log_actions import log

from . import two_factor
from .forms import CodeForm, FirstCodeForm

logger = logging.getLogger("accounts")
RESET_ACTION = "accounts.reset_two_factor"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and target.startswith(reverse("wagtailadmin_home")):
        return target
    return reverse("wagtailadmin_home")


def _log_device_in(request, device) -> None:
    # A new session key once the second factor is given, as Django does at log-in: a key
    # learnt before (fixation) is worth nothing after.
    request.session.cycle_key()
    django_otp.login(request, device)


def enrol(request):
    user = request.user
    status = two_factor.status_of(user)
    if status.enrolled:
        # A new authenticator only once the current one is off (turned off after giving a code).
        return redirect("two_factor:verify" if not user.is_verified() else "two_factor:account")
    device = two_factor.pending_authenticator(user)
    form = FirstCodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_enrolment(user, device, form.cleaned_data["code"])
        except two_factor.Refused as refused:
            error = str(refused)
            form.add_error("code", error)
        else:
            _log_device_in(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
    url = two_factor.provisioning_url(device)
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "must": status.must,
            "qr_code": two_factor.qr_code_svg(url),
            "secret": two_factor.secret_of(device),
            "next": _next(request),
        },
        status=400 if form.errors else 200,
    )


def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    status = two_factor.status_of(user)
    if not status.enrolled:
        return redirect("two_factor:enrol" if status.must else "wagtailadmin_home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify(user, form.cleaned_data["code"])
        except two_factor.Refused as refused:
            form.add_error("code", str(refused))
        else:
            _log_device_in(request, device)
            return redirect(_next(request))
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


def account(request):
    user = request.user
    status = two_factor.status_of(user)
    return render(
        request,
        "accounts/account.html",
        {
            "status": status,
            "recovery_codes_left": two_factor.recovery_codes_left(user) if status.enrolled else 0,
            "form": CodeForm(),
        },
    )


@require_POST
def disable(request):
    """Turned off only with a code of the authenticator (or a recovery code): a session left
    open, or a stray click, does not remove the second factor."""
    user = request.user
    status = two_factor.status_of(user)
    if status.must:
        messages.error(request, _("Your role requires two-factor authentication: it stays on."))
        return redirect("two_factor:account")
    if not status.enrolled:
        return redirect("two_factor:account")
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            two_factor.verify(user, form.cleaned_data["code"])
        except two_factor.Refused as refused:
            form.add_error("code", str(refused))
        else:
            two_factor.reset(user)
            messages.success(request, _("Two-factor authentication is turned off."))
            return redirect("two_factor:account")
    return render(
        request,
        "accounts/account.html",
        {
            "status": status,
            "recovery_codes_left": two_factor.recovery_codes_left(user),
            "form": form,
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
def reset_for_user(request, user_id: int):
    """An administrator removes someone's second factor (a lost phone): a page that asks to
    confirm, then a POST. Refused (403) to anyone but a superuser. Logged in the user's history
    and the application log with the ids only: no code, no secret. The person enrols again at
    their next step in the admin when their role requires it."""
    if not request.user.is_superuser:
        # A 403 rather than Wagtail's redirect home with a message: a refusal, said as one.
        return HttpResponseForbidden(_("Only an administrator may reset a two-factor log-in."))
    person = get_object_or_404(get_user_model(), pk=user_id)
    status = two_factor.status_of(person)
    if request.method == "POST":
        removed = two_factor.reset(person)
        log(instance=person, action=RESET_ACTION, user=request.user)
        logger.info(
            "two-factor reset",
            extra={"user_id": person.pk, "by_user_id": request.user.pk, "devices": removed},
        )
        messages.success(
            request,
            _("The two-factor authentication of %(name)s is reset.")
            % {"name": person.get_username()},
        )
        return redirect("wagtailusers_users:index")
    return render(
        request,
        "accounts/reset_for_user.html",
        {"person": person, "status": status},
    )
