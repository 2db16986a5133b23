"""A public form's post, whether it comes from the site's page or from the API as JSON: one
outcome, which the HTML view answers with a redirect or the page again and the JSON endpoint
with 202 or the field-by-field errors. So both go through the same Django form (validation,
honeypot) and the same submission function of their app (rate limits, the service that saves
and e-mails), and cannot drift apart.

The JSON endpoints are for front ends on other origins (issue 19): they act on no session and
no user (no cookie-based authority at all), so CSRF protection has nothing to protect and is
off for them; what guards them is what guards the site's forms against a robot that fetched the
page first: the rate limits (core/ratelimit.py), the honeypot (core/honeypot.py) and, for
anything that reaches a person, the double opt-in or the moderation.
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .ratelimit import TARGET

# A client past its rate limit may try again after this many seconds at most (the longest
# window of the public forms).
RETRY_AFTER = 60 * 60


class Outcome(enum.Enum):
    # Saved and e-mailed, or answered as if (a robot caught by the honeypot, an address past
    # its own limit): the client cannot tell them apart.
    DONE = "done"
    INVALID = "invalid"  # the form's errors say why
    TOO_MANY = "too_many"  # the client's rate limit: told so


def outcome_of_limit(limited: str) -> Outcome | None:
    """The outcome of a rate limit's answer (core/ratelimit.which_limit), None when none is
    passed: the client's limit is told, an address's limit is answered as a success."""
    if not limited:
        return None
    return Outcome.DONE if limited == TARGET else Outcome.TOO_MANY


class UnreadableBody(ValueError):
    pass


def _field_values(value) -> list:
    if isinstance(value, list):
        return [_scalar(item) for item in value]
    return [_scalar(value)]


def _scalar(value) -> str:
    """A JSON value as a form reads it: booleans as "true"/"false" (a checkbox understands
    them), numbers and strings as text; an object or a nested list is no field's value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    raise UnreadableBody


def form_data(request: HttpRequest) -> tuple[MultiValueDict, MultiValueDict]:
    """The fields and files of a JSON (or form-encoded, or multipart) body, as a Django form
    reads them: a JSON list gives a field several values, null leaves the field out. Raises
    UnreadableBody when the body is not one JSON object of such values."""
    if request.content_type != "application/json":
        return request.POST, request.FILES
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise UnreadableBody from error
    if not isinstance(body, dict):
        raise UnreadableBody
    data = MultiValueDict()
    for name, value in body.items():
        if value is not None:
            data.setlist(name, _field_values(value))
    return data, MultiValueDict()


def json_answer(payload: dict, status: int) -> JsonResponse:
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


def errors_answer(form: forms.Form) -> JsonResponse:
    """400 with `{"errors": {"field": ["message", ...]}}`, in the language of the request;
    the errors of the whole form under `__all__`, as Django names them. A form's `questions()`
    (what its page asks as a calm second step, e.g. which commune) are errors here too."""
    errors = {name: [str(text) for text in messages] for name, messages in form.errors.items()}
    questions = getattr(form, "questions", None)
    for name, messages in (questions() if questions else {}).items():
        errors.setdefault(name, []).extend(messages)
    return json_answer({"errors": errors}, 400)


def answer(outcome: Outcome, form: forms.Form, done_message: str) -> JsonResponse:
    """The JSON answer of a submission: 202 (accepted: an e-mail to confirm, a moderation to
    pass) with a message and nothing of what was sent, 400 with the errors, or 429."""
    if outcome is Outcome.INVALID:
        return errors_answer(form)
    if outcome is Outcome.TOO_MANY:
        message = _("Too many forms were sent from your connection. Try again in an hour.")
        response = json_answer({"message": message}, 429)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return json_answer({"message": done_message}, 202)


def write_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public form's JSON endpoint: POST only (405 otherwise, in JSON), a body it cannot read
    is a 400, and the view gets `data` and `files` to bind its form with.

    csrf_exempt is safe here only because the view acts on no session: it never reads the
    session, the user or any cookie (the cookies are emptied before the view runs), so a
    request forged from another site can do nothing that any client could not do anyway, under
    the same rate limits and honeypot, and with the same double opt-in or moderation."""

    @csrf_exempt
    @functools.wraps(view)
    def endpoint(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            response = json_answer({"message": _("Send the form with POST.")}, 405)
            response["Allow"] = "POST"
            return response
        request.COOKIES = {}
        try:
            data, files = form_data(request)
        except UnreadableBody:
            message = _("The body must be a JSON object of the form's fields.")
            return json_answer({"errors": {"__all__": [message]}}, 400)
        return view(request, data, files, *args, **kwargs)

    return endpoint
