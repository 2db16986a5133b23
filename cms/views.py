"""The project's own error views: what a person sees when Django refuses a request."""

from django.shortcuts import render

from core import requests


def csrf_failure(request, reason: str = ""):
    """A form posted without a valid security token (a page kept open too long, cookies
    cleared): the site's page in the visitor's language with a way back, not Django's
    technical page. The reason stays out of the page; it is in the server's log."""
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception=None):
    """Django's 400 (handler400): the site's page, or JSON in the API. Unlike Django's own view,
    it does not read the form again (core/requests.py says why that matters)."""
    return requests.bad_request(request)
