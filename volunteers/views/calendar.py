"""The volunteer's own calendar: the feed at /agenda/perso/<token>.ics, and the page that
gives it a new address (from a signed link in their e-mails)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from pages.agenda.calendar_links import webcal_url
from pages.agenda.feeds import feed_language

from .. import calendar, services, tokens
from ..models import Volunteer
from .sign_up import link_problem


@require_safe
def personal_feed(request, token: str):
    if len(token) < 32:
        raise Http404
    volunteer = Volunteer.objects.filter(calendar_token=token, confirmed_at__isnull=False).first()
    if volunteer is None:
        raise Http404
    body = calendar.personal_calendar(volunteer, feed_language())  # its address's language
    etag = calendar.etag_of(body)
    last_modified = calendar.last_modified_of(volunteer, etag)
    # If-None-Match first, If-Modified-Since when there is none (RFC 9110, 13.2.2).
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="mes-actions.ics"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Personal: no shared cache keeps it, and search engines never list it.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "POST"])
def renew_calendar(request, token: str):
    try:
        volunteer = services.volunteer_from_token(tokens.CALENDAR, token)
    except tokens.InvalidLink as error:
        return link_problem(request, error)
    renewed = request.method == "POST"
    if renewed:
        calendar.renew_token(volunteer)
    url = calendar.personal_feed_url(volunteer, language=get_language())
    return render(
        request,
        "volunteers/calendar.html",
        {"renewed": renewed, "feed_url": url, "webcal_url": webcal_url(url)},
    )
