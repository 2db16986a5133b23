"""The help centre's public pages: /aide/ (the questions by audience, a search, the office
hours), the contact form and its thanks. Thin: the rules are in services.py."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from core.clients import client_address
from core.submissions import Outcome
from volunteers.sites import commune_initial, site_commune_page

from . import services
from .forms import ContactForm, SearchForm
from .hours import keep_until, office_hours
from .submissions import submit_contact

TOO_MANY = gettext_lazy(
    "You have sent many requests in the last hour: please try again later, or call us."
)


def help_centre(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    questions = services.questions_of(Locale.get_active(), query)
    hours = office_hours()
    response = render(
        request,
        "support/help_centre.html",
        {
            "form": form,
            "query": query,
            "audiences": services.by_audience(questions),
            "result_count": len(questions),
            "in_source_language": any(getattr(q, "in_source_language", "") for q in questions),
            "hours": hours,
        },
    )
    # It says whether the assistance is open now: kept no longer than that stays true.
    keep_until(request, response, hours.changes_at)
    return response


def contact(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        outcome = submit_contact(form, client_address(request))
        if outcome is Outcome.DONE:
            return redirect("support:contact_thanks")
        if outcome is Outcome.TOO_MANY:
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.commune_to_choose:
            status = 200
        else:
            status = 400
    else:
        # On a commune's own address, the request goes to its team unless changed.
        form = ContactForm(initial=commune_initial(site_commune_page(request)))
    return render(
        request, "support/contact.html", {"form": form, "hours": office_hours()}, status=status
    )


def contact_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "support/contact_thanks.html")
