"""The idea box's public pages: the list with its filters, a gesture, the printable list and the
"Suggest a gesture" form, and that form as a JSON endpoint of the API. The rules are in
services.py."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from core.clients import client_address
from core.submissions import Outcome, answer, write_endpoint

from . import services
from .forms import GestureFilterForm, GestureSuggestionForm
from .submissions import submit_suggestion

TOO_MANY = gettext_lazy("You have sent many suggestions in the last hour: please try again later.")


def gesture_index(request: HttpRequest) -> HttpResponse:
    locale = Locale.get_active()
    categories = list(services.categories_of(locale))
    form = GestureFilterForm(request.GET or None, categories=categories)
    if form.is_bound:
        form.is_valid()  # an unknown value is reported next to its field and ignored
    filters = form.filters()
    gestures = services.filter_gestures(services.live_gestures(locale), filters)
    gestures = services.search_gestures(gestures, filters.q)
    paginator = Paginator(gestures, services.GESTURES_PER_PAGE)
    gestures_page = paginator.get_page(request.GET.get("page"))
    # The other filters, kept by the pagination links.
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "snippets/gesture_index.html",
        {
            "form": form,
            "filters": filters,
            "categories": categories,
            "gestures_page": gestures_page,
            "result_count": paginator.count,
            "query_string": query.urlencode(),
            "locale": locale,
        },
    )


def gesture_detail(request: HttpRequest, slug: str) -> HttpResponse:
    locale = Locale.get_active()
    gesture = services.gesture_shown(slug, locale)
    if gesture is None:
        raise Http404(_("No such gesture in the idea box."))
    return render(request, "snippets/gesture.html", services.gesture_context(gesture, locale))


def gesture_print(request: HttpRequest) -> HttpResponse:
    groups = services.printable_categories(Locale.get_active())
    return render(
        request,
        "snippets/gesture_print.html",
        {
            "groups": groups,
            "total": sum(len(gestures) for _category, gestures in groups),
            "locale": Locale.get_active(),
        },
    )


def gesture_suggest(request: HttpRequest) -> HttpResponse:
    locale = Locale.get_active()
    categories = services.categories_of(locale)
    address = client_address(request)
    status = 200
    if request.method == "POST":
        form = GestureSuggestionForm(request.POST, categories=categories)
        outcome = submit_suggestion(form, address, locale)
        if outcome is Outcome.DONE:
            return redirect("snippets:suggest_thanks")
        if outcome is Outcome.TOO_MANY:
            form.add_error(None, TOO_MANY)
            status = 429
    else:
        form = GestureSuggestionForm(categories=categories)
    return render(request, "snippets/gesture_suggest.html", {"form": form}, status=status)


def gesture_suggest_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "snippets/gesture_suggest_thanks.html")


@write_endpoint
def api_suggest(request: HttpRequest, data, files) -> HttpResponse:
    """POST /api/v2/gesture-suggestions/: the same form and submission as the page's; 202 once
    the draft awaits moderation (nothing is public before a moderator publishes it), 400 with
    the errors of each field, 429 past the limit. The name and e-mail are never echoed."""
    locale = Locale.get_active()
    form = GestureSuggestionForm(data, categories=services.categories_of(locale))
    outcome = submit_suggestion(form, client_address(request), locale)
    return answer(
        outcome,
        form,
        _("The moderators will read it. Once approved, it will appear in the idea box."),
    )
