"""The demo's volunteers: forty-odd invented people, some waiting in communes that have not
joined, places in the demo's actions (a full one with a waiting list), hours given."""

from django.core import mail

from core.models import NotificationPreference
from demo import volunteers
from helprequests.models import Contact
from volunteers.hours import figures
from volunteers.models import ReferentNote, Registration, Volunteer


def test_volunteers_places_and_hours_and_idempotent(demo):
    # load_demo calls volunteers.load(); calling it again (and again) adds nothing.
    volunteers.load()
    count = Volunteer.objects.count()
    registrations = Registration.objects.count()
    assert count >= 30
    assert volunteers.load() == 0
    assert (Volunteer.objects.count(), Registration.objects.count()) == (count, registrations)

    assert all(v.email.endswith("@exemple.invalid") for v in Volunteer.objects.all())
    assert all(v.phone.startswith("063998") for v in Volunteer.objects.all())
    assert Volunteer.objects.filter(confirmed_at__isnull=True).exists()  # one still to confirm
    communes = set(Volunteer.objects.values_list("commune__code", flat=True))
    assert {"53130", "53062", "53147", "29019", "29232", "29151", "17300", "17299"} <= communes

    waiting = Volunteer.objects.waiting()
    assert set(waiting.values_list("commune__code", flat=True)) == {"53096", "29046", "17306"}

    full = Registration.objects.filter(action__slug=volunteers.FULL_ACTION)
    assert full.filter(status="registered").count() == volunteers.FULL_CAPACITY
    assert full.filter(status="waiting").count() == 2
    assert full.get(status="registered", volunteer__first_name="Clémence")  # first to ask

    assert Registration.objects.filter(hours__isnull=False).count() >= 5
    assert Registration.objects.filter(action__end__lt=full.first().action.start).exists()
    assert figures(None).hours > 0
    # The requests for help of the demo found volunteers to put in touch.
    assert Contact.objects.filter(volunteer__email__endswith="@exemple.invalid").exists()
    # The Laval referent's notes, signed by the demo account.
    notes = ReferentNote.objects.filter(volunteer__commune__code="53130")
    assert notes.count() == len(volunteers.NOTES) == ReferentNote.objects.count()
    assert {note.author.username for note in notes} == {"laval.referent"}
    # The department's referent reads one digest a day.
    digest = NotificationPreference.objects.get(
        user__username="mayenne.referent", topic="new_volunteers"
    )
    assert digest.delivery == NotificationPreference.Delivery.DAILY
    # Loading writes rows: nobody invented is e-mailed.
    assert not [m for m in mail.outbox if any("exemple.invalid" in to for to in m.to)]


# --- Privacy: nothing personal in any public output ------------------------------------------


def _public_urls() -> list[str]:
    """Every public address of the demo: pages (with their agenda.ics, press page and sign-up
    where they have one), the idea box, the forms, and the API (listings and details)."""
    from wagtail.models import Page

    from pages.models import ActionPage, CommunePage
    from snippets.models import Gesture

    urls = ["/", "/gestes/", "/gestes/imprimer/", "/gestes/proposer/", "/je-participe/"]
    urls += ["/je-participe/mon-espace/", "/proposer-une-initiative/", "/agenda.ics"]
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    for page in pages:
        url = page.url
        if not url:
            continue
        urls += [url, f"{url}agenda.ics", f"{url}presse/"]
        if isinstance(page, CommunePage):
            urls.append(f"{url}je-participe/")
        if isinstance(page, ActionPage) and page.registration_required:
            urls.append(f"{url}inscription/")
        urls.append(f"/api/v2/pages/{page.pk}/")
    for gesture in Gesture.objects.filter(live=True)[:20]:
        urls.append(f"/gestes/{gesture.slug}/")
    urls += [
        "/api/v2/pages/?limit=20",
        "/api/v2/pages/?type=pages.ActionPage&fields=*&limit=20",
        "/api/v2/actions/?limit=20",
        "/api/v2/gestures/?limit=20",
        "/api/v2/gesture-categories/",
        "/api/v2/communes/?postal_code=53000",
        "/api/v2/figures/",
        "/api/v2/figures/?department=53",
        "/api/v2/figures/?commune=53130",
        "/api/v2/figures/?commune=53096",
    ]
    for action in ActionPage.objects.live()[:60]:
        urls.append(f"/api/v2/actions/{action.pk}/")
    return urls


def _personal_strings() -> set[str]:
    from helprequests.models import HelpRequest

    found = set()
    for volunteer in Volunteer.objects.all():
        found |= {
            volunteer.full_name,
            f"{volunteer.last_name} {volunteer.first_name}",
            volunteer.email,
            volunteer.email.split("@")[0],
            volunteer.phone,
            " ".join(volunteer.phone[i : i + 2] for i in range(0, 10, 2)),
        }
    for request in HelpRequest.objects.all():
        found |= {request.beneficiary_name, request.beneficiary_phone, request.beneficiary_email}
    return {text for text in found if text and len(text) > 4}


def _text_of(response) -> str:
    import json

    text = response.content.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        # Undo the \\u00e9 escapes, so that "Clémence" is found as written.
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text.replace("\r\n ", "")  # iCalendar folds long lines


def test_no_public_url_shows_a_volunteer(client, demo):
    personal = _personal_strings()
    assert len(personal) > 150
    visited = 0
    for url in _public_urls():
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        visited += 1
        text = _text_of(response)
        leaks = [value for value in personal if value in text]
        assert not leaks, f"{url} shows {leaks}"
    print(f"{visited} public responses read, none shows any of {len(personal)} personal strings")
    assert visited > 100
    # The check itself finds a name where one is shown: the volunteer's own space.
    from tests.factories.volunteers import opened_space

    volunteer = Volunteer.objects.confirmed().first()
    own = _text_of(client.get(opened_space(volunteer)))
    assert [value for value in personal if value in own]


def test_no_kit_document_shows_a_volunteer(client, demo, settings, tmp_path):
    """The communication kits print a mairie's actions, gestures and contacts: Laval's, the
    commune with the most volunteers, requests for help and notes, read back page by page."""
    import io

    from pypdf import PdfReader

    from kits import services as kits
    from kits.documents import KINDS
    from pages.models import CommunePage

    settings.MEDIA_ROOT = tmp_path / "media"
    laval = CommunePage.objects.get(commune__code="53130")
    assert kits.build_kit(laval.pk)
    personal = _personal_strings()
    read = 0
    for kind in KINDS:
        response = client.get(f"{laval.url}presse/{kind.filename}")
        assert response.status_code == 200, kind.filename
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if not kind.is_pdf:
            continue
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        assert "Laval" in text  # the text layer is read: the check can see
        leaks = [value for value in personal if value in text]
        assert not leaks, f"{kind.filename} shows {leaks}"
        read += 1
    assert read >= 3
