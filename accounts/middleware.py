"""The admin's second factor, asked before any admin view: a user who must use it and has
none is sent to enrol, a user who has one to give a code. The pages to enrol, to give a code
and to log out stay open (django-otp's OTPMiddleware, before this one, says who is verified)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

from .two_factor import status_of

# What a user on the way to their second factor may still reach in the admin.
OPEN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor:enrol",
    "two_factor:verify",
}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in OPEN_VIEWS:
            return None
        try:
            admin = reverse("wagtailadmin_home")
        except NoReverseMatch:  # a URLconf without the admin (a test's own)
            return None
        if not request.path.startswith(admin):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        status = status_of(user)
        if status.enrolled:
            target = "two_factor:verify"
        elif status.must:
            target = "two_factor:enrol"
        else:
            return None
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))
