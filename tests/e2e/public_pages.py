"""Every public template of the demo, one address each, for the browser tests that look at all
of them (tests/e2e/test_reflow.py, tests/e2e/test_axe.py).

`demo_public_pages()` loads the demo and returns the addresses; call it in a fixture, before the
browser opens (see tests/e2e/conftest.py)."""

import datetime
from urllib.parse import urlsplit

from django.test import RequestFactory
from django.urls import reverse

from demo.services import load_demo
from pages.models import (
    AccessibilityStatementPage,
    ActionIndexPage,
    ActionPage,
    CommunePage,
    DepartmentPage,
    HomePage,
    InitiativeIndexPage,
    InitiativePage,
    NewsIndexPage,
    NewsPage,
    SitemapPage,
    StandardPage,
)
from practices.models import PracticeLibraryPage, PracticePage
from snippets.models import Gesture
from tests.demo.territories import create_demo_territories
from tests.factories.volunteers import opened_space
from volunteers import hours, services
from volunteers.models import Registration
from workflows.services import status_token

# The widths the pages must fit without horizontal scrolling: phones, a tablet, a laptop.
WIDTHS = (320, 390, 768, 1366)


def _url(page) -> str:
    """The page's path on the national site: the demo's Mayenne and Laval also have their own
    addresses (demo/sites.py), which `page.url` names; the browser tests read the national
    copies on the live server (tests/e2e/test_dedicated_site.py reads a territory's own)."""
    return page.get_url(RequestFactory().get("/"))  # a request on the national site


def _first(model, **filters):
    page = model.objects.live().filter(**filters).order_by("path").first()
    assert page is not None, f"The demo has no live {model.__name__} ({filters})."
    return page


def demo_public_pages() -> dict[str, str]:
    """Loads the demo; returns {what the page is: its path} for every public template."""
    create_demo_territories()
    load_demo(password="heure-civique-demo", kits_too=False)

    pages = {"home": _url(_first(HomePage))}
    for department in DepartmentPage.objects.live().order_by("path"):
        pages[f"department {department.title}"] = _url(department)
    for commune in CommunePage.objects.live().order_by("path"):
        pages[f"commune {commune.title}"] = _url(commune)
    laval = _first(CommunePage, commune__code="53130")

    agenda = _first(ActionIndexPage, depth=3)  # the national agenda, under the home page
    today = datetime.date.today()
    pages["agenda"] = _url(agenda)
    pages["agenda of a commune"] = _url(_first(ActionIndexPage, path__startswith=laval.path))
    pages["agenda by month"] = _url(agenda) + agenda.reverse_subpage(
        "month", args=(today.year, today.month)
    )
    with_registration = _first(ActionPage, registration_required=True)
    pages["action with registration"] = _url(with_registration)
    pages["action without registration"] = _url(_first(ActionPage, registration_required=False))
    pages["registration request"] = _url(with_registration) + "inscription/"
    pages["news index"] = _url(_first(NewsIndexPage))
    pages["news"] = _url(_first(NewsPage))
    pages["standard page"] = _url(_first(StandardPage))
    pages["accessibility statement"] = _url(_first(AccessibilityStatementPage))
    pages["site map"] = _url(_first(SitemapPage))
    pages["initiative index"] = _url(_first(InitiativeIndexPage))
    pages["initiative"] = _url(_first(InitiativePage))
    pages["good practices library"] = _url(_first(PracticeLibraryPage))
    pages["good practices of a topic"] = _url(_first(PracticeLibraryPage)) + "?theme=solidarity"
    pages["good practice"] = _url(_first(PracticePage, attachments__isnull=False))

    gesture = Gesture.objects.filter(live=True).order_by("pk").first()
    pages["idea box"] = reverse("snippets:gesture_index")
    pages["gesture"] = reverse("snippets:gesture", args=[gesture.slug])
    pages["gesture proposal"] = reverse("snippets:suggest")
    pages["gesture proposal thanks"] = reverse("snippets:suggest_thanks")
    pages["sign-up"] = reverse("volunteers:sign_up")
    pages["help centre"] = reverse("support:help_centre")
    pages["help centre contact"] = reverse("support:contact")
    pages["help centre contact thanks"] = reverse("support:contact_thanks")
    pages["sign-up in a commune"] = _url(laval) + "je-participe/"
    pages["check your inbox"] = reverse("volunteers:check_inbox")
    pages["space request"] = reverse("volunteers:space_request")
    pages["initiative proposal"] = reverse("workflows:propose")
    pages["initiative proposal in a commune"] = _url(laval) + "proposer-une-initiative/"
    pages["press page"] = _url(laval) + "presse/"
    pages["initiative status"] = reverse(
        "workflows:status", args=[status_token(_first(InitiativePage))]
    )
    sent_back = reverse("workflows:status", args=[status_token(_sent_back_initiative())])
    pages["initiative sent back for changes"] = sent_back
    pages["initiative changes form"] = sent_back + "modifier/"
    pages["not found: initiative link not valid"] = reverse("workflows:status", args=["lien-abime"])
    pages["not found"] = "/cette-page-n-existe-pas/"
    pages["the API's documentation"] = reverse("api_docs")
    pages["log-in of a restricted page"] = "/_util/login/?next=/"
    pages.update(_volunteer_pages())
    return pages


def _sent_back_initiative() -> InitiativePage:
    from wagtail.models import WorkflowState

    state = WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES).first()
    assert state is not None, "The demo has no initiative sent back for changes."
    return state.content_object.specific


def _path(url: str) -> str:
    return urlsplit(url).path


def _volunteer_pages() -> dict[str, str]:
    """The pages a demo volunteer reaches through the links of their e-mails."""
    registration = (
        Registration.objects.filter(
            status=Registration.Status.REGISTERED,
            volunteer__confirmed_at__isnull=False,
            volunteer__erased_at__isnull=True,
        )
        .select_related("volunteer")
        .order_by("pk")
        .first()
    )
    assert registration is not None, "The demo has no registration of a confirmed volunteer."
    volunteer, action = registration.volunteer, registration.action
    not_yet = (
        ActionPage.objects.live()
        .filter(registration_required=True)
        .exclude(registrations__volunteer=volunteer)
        .order_by("path")
        .first()
    )
    assert not_yet is not None, "The demo has no action this volunteer could register for."
    home = opened_space(volunteer)  # its e-mailed link opened with its button
    return {
        "registered (success page)": _path(services.registration_link(volunteer, action)),
        "register by the e-mailed link": _path(services.registration_link(volunteer, not_yet)),
        "stop e-mails": _path(services.stop_emails_url(volunteer)),
        "volunteer's space": home,
        # The space's link made the browser recognise the volunteer (volunteers/devices.py):
        "action, one click on a recognising device": _url(not_yet),
        "action, registered, on a recognising device": _url(action),
        "space: profile": home + "profil/",
        "space: commune": home + "commune/",
        "space: erase": home + "effacer/",
        "hours given": _path(hours.hours_url(registration)),
        "cancel a registration": _path(services.cancel_url(registration)),
        "unsubscribe": _path(services.unsubscribe_url(registration.volunteer)),
    }
