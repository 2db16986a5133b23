"""The volunteers' side of the mailings: leave one sender's list from a mailing's link, and
choose the lists in the space. Thin: the rules are in lists.py."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from volunteers.services import unsubscribe_url as leave_url
from volunteers.views.space import with_volunteer

from . import lists


@csrf_exempt  # RFC 8058: the mail provider POSTs without a form; the signed link is the proof
@require_http_methods(["GET", "POST"])
@never_cache
def unsubscribe(request, token: str):
    """GET asks (a mail scanner opens links), POST (the button, or a mail client's one-click
    `List-Unsubscribe=One-Click`) takes the volunteer off this sender's list only."""
    try:
        mailing, volunteer = lists.read_token(token)
    except lists.InvalidLink:
        response = render(request, "mailings/unsubscribe_invalid.html", status=404)
    else:
        if request.method == "POST":
            lists.unsubscribe(volunteer, mailing.topic, mailing=mailing)
        response = render(
            request,
            "mailings/unsubscribe.html",
            {
                "sender": mailing.commune or mailing.department,
                "done": not lists.is_subscribed(volunteer, mailing.topic),
                "leave_url": leave_url(volunteer),
            },
        )
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@with_volunteer
def space_lists(request, volunteer, token):
    """The space's form: the lists ticked are received, the others not."""
    lists.choose(volunteer, set(request.POST.getlist("lists")))
    return redirect(reverse("volunteers:space", kwargs={"token": token}) + "?ok=lists")
