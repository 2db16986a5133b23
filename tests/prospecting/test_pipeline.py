"""The prospecting pipeline: scoped to the department, ranked by the volunteers waiting (counts
only, bounded queries), an invitation with its .ics when a presentation is planned, engaging
through the onboarding, and bad input answered without a 500."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.schedules import SCHEDULES
from onboarding import roles
from onboarding.models import TerritoryGroup
from pages.models import CommunePage
from prospecting import services
from prospecting.models import Prospect
from tests.factories.territories import CommuneFactory
from tests.factories.volunteers import VolunteerFactory
from tests.rows import count_rows

Role = TerritoryGroup.Role
State = Prospect.State


def department_url(code="53"):
    return reverse("prospecting_admin:department", args=[code])


def commune_url(name, insee, code="53"):
    return reverse(f"prospecting_admin:{name}", args=[code, insee])


def refused(response) -> bool:
    """Wagtail's refusal of an admin view: to the dashboard with a message (or a 403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def future(days=10, hour=18):
    day = timezone.localdate() + dt.timedelta(days=days)
    return {
        "plan-day": day.isoformat(),
        "plan-time": f"{hour:02d}:30",
        "plan-kind": "video",
        "plan-place": "https://visio.example/heure-civique",
        "plan-presenter": "Camille Dupré",
    }


@pytest.fixture
def ernee_contact(ernee):
    return Prospect.objects.create(
        commune=ernee,
        state=State.CONTACTED,
        contact_name="Mme la maire",
        contact_email="mairie@ernee.example",
        contact_phone="0243000000",
    )


# --- Scoped to the department -----------------------------------------------------------------


def test_the_department_referent_sees_its_communes_ranked_by_volunteers_waiting(
    client, mayenne_referent, ernee, laval
):
    montenay = ernee.department.communes.get(code="53152")
    VolunteerFactory.create_batch(3, commune=montenay, waiting=True)
    VolunteerFactory(commune=ernee, waiting=True)
    VolunteerFactory(commune=ernee, waiting=True, erased_at=timezone.now())
    VolunteerFactory(commune=ernee, unconfirmed=True)
    client.force_login(mayenne_referent)
    response = client.get(department_url())
    assert response.status_code == 200
    rows = list(response.context["page_obj"])
    assert [(commune.name, commune.waiting) for commune in rows[:2]] == [
        ("Montenay", 3),
        ("Ernée", 1),
    ]
    states = {commune.name: commune.pipeline_state for commune in rows}
    assert states["Laval"] == State.ENGAGED
    assert states["Ernée"] == State.NOT_CONTACTED
    # Counts only: nobody's name in the page.
    assert b"Pr\xc3\xa9nom" not in response.content


def test_another_departments_referent_is_refused(client, finistere_referent, ernee, ernee_contact):
    client.force_login(finistere_referent)
    assert refused(client.get(department_url()))
    assert refused(client.get(commune_url("commune", ernee.code)))
    assert refused(client.get(reverse("prospecting_admin:commune_suggestions", args=["53"])))
    assert refused(client.post(commune_url("plan", ernee.code), future()))
    assert refused(client.post(commune_url("engage", ernee.code)))
    assert len(mail.outbox) == 0
    assert Prospect.objects.get(commune=ernee).state == State.CONTACTED
    assert not CommunePage.objects.filter(commune=ernee).exists()
    # Their own index offers only their department.
    response = client.get(reverse("prospecting_admin:index"))
    assert response.status_code == 302
    assert response["Location"] == department_url("29")


def test_a_commune_referent_and_anonymous_people_are_refused(client, laval_referent, ernee):
    assert client.get(department_url())["Location"].startswith("/admin/login/")
    client.force_login(laval_referent)
    assert refused(client.get(reverse("prospecting_admin:index")))
    assert refused(client.get(department_url()))


def test_a_commune_of_another_department_is_not_found_in_this_one(
    client, mayenne_referent, quimper
):
    client.force_login(mayenne_referent)
    assert client.get(commune_url("commune", quimper.code)).status_code == 404


def test_the_national_team_follows_every_department(client, moderator, ernee, quimper):
    client.force_login(moderator)
    response = client.get(reverse("prospecting_admin:index"))
    assert response.status_code == 200
    assert department_url("53") in response.content.decode()
    assert client.get(department_url("29")).status_code == 200


def test_the_list_runs_bounded_queries_and_rows(
    client, mayenne_referent, mayenne, django_assert_max_num_queries
):
    communes = CommuneFactory.create_batch(80, department=mayenne)
    for commune in communes[:20]:
        VolunteerFactory.create_batch(2, commune=commune, waiting=True)
    client.force_login(mayenne_referent)
    with django_assert_max_num_queries(25), count_rows() as read:
        response = client.get(department_url())
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 81  # and Laval
    assert read.rows < 120  # a page of 50 communes, not the volunteers


def test_the_commune_filter_and_its_suggestions(client, mayenne_referent, ernee, quimper):
    client.force_login(mayenne_referent)
    response = client.get(department_url(), {"commune": "Ernée (53500)"})
    assert [commune.name for commune in response.context["page_obj"]] == ["Ernée"]
    suggestions = client.get(
        reverse("prospecting_admin:commune_suggestions", args=["53"]), {"q": "ern"}
    ).json()
    assert suggestions == {"items": [{"label": "Ernée (53500)"}]}
    # Quimper is not in Mayenne: never suggested there.
    suggestions = client.get(
        reverse("prospecting_admin:commune_suggestions", args=["53"]), {"q": "quim"}
    ).json()
    assert suggestions == {"items": []}
    response = client.get(department_url(), {"state": "contacted"})
    assert list(response.context["page_obj"]) == []


@pytest.mark.parametrize(
    "query", [{"state": "nonsense"}, {"commune": "x" * 500}, {"p": "abc"}, {"commune": "\x00"}]
)
def test_bad_filters_answer_without_error(client, mayenne_referent, ernee, query):
    client.force_login(mayenne_referent)
    assert client.get(department_url(), query).status_code in (200, 400)


# --- Recording where a commune stands -----------------------------------------------------------


def test_recording_the_contact_of_a_commune(client, mayenne_referent, ernee):
    client.force_login(mayenne_referent)
    response = client.post(
        commune_url("commune", ernee.code),
        {
            "prospect-state": "contacted",
            "prospect-contact_name": "M. le maire",
            "prospect-contact_email": "maire@ernee.example",
            "prospect-contact_phone": "02 43 00 00 00",
            "prospect-presenter": "",
            "prospect-notes": "Rappeler en janvier.",
        },
    )
    assert response.status_code == 302
    prospect = Prospect.objects.get(commune=ernee)
    assert (prospect.state, prospect.contact_phone) == (State.CONTACTED, "0243000000")
    assert prospect.updated_by == mayenne_referent


def test_a_bad_contact_changes_nothing(client, mayenne_referent, ernee):
    client.force_login(mayenne_referent)
    response = client.post(
        commune_url("commune", ernee.code),
        {
            "prospect-state": "engaged",  # only engaging sets it
            "prospect-contact_name": "Deux\nlignes",
            "prospect-contact_email": "pas une adresse",
            "prospect-contact_phone": "12",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"state", "contact_name", "contact_email", "contact_phone"}
    assert not Prospect.objects.exists()


# --- Planning a presentation --------------------------------------------------------------------


def test_planning_a_presentation_sends_the_invitation_with_its_ics(
    client, mayenne_referent, ernee, ernee_contact
):
    client.force_login(mayenne_referent)
    response = client.post(commune_url("plan", ernee.code), future())
    assert response.status_code == 302
    prospect = Prospect.objects.get(commune=ernee)
    assert prospect.state == State.PLANNED
    assert prospect.presentation_kind == "video"
    assert prospect.presenter == "Camille Dupré"
    (message,) = mail.outbox
    assert message.to == ["mairie@ernee.example"]
    assert "aux élus d'Ernée" in message.subject  # elided, not "de Ernée"
    assert "aux élus d'Ernée" in message.body
    ((name, content, mime_type),) = message.attachments
    assert name == "presentation.ics"
    # RFC 6047: the calendar's method is in the attachment's MIME type too.
    (part,) = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    assert part.get_content_charset() == "utf-8"
    # The mairie answers the person who invites, not the platform's no-reply address.
    assert message.extra_headers["Reply-To"] == mayenne_referent.email
    calendar = Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Paris"
    assert start.dt == prospect.presentation_at
    assert start.dt.hour == 18 and start.dt.minute == 30
    assert str(event["UID"]) == "presentation-53096@heure-civique.fr"
    assert int(event["SEQUENCE"]) == 1
    assert str(event["ATTENDEE"]) == "mailto:mairie@ernee.example"
    assert str(event["ORGANIZER"]) == f"mailto:{mayenne_referent.email}"
    assert str(event["SUMMARY"]) == "Présentation de l'Heure Civique aux élus d'Ernée"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"


def test_moving_the_presentation_keeps_its_uid_and_raises_its_sequence(
    client, mayenne_referent, ernee, ernee_contact
):
    client.force_login(mayenne_referent)
    client.post(commune_url("plan", ernee.code), future(days=10))
    client.post(commune_url("plan", ernee.code), future(days=12, hour=10))
    first, second = (
        Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0] for message in mail.outbox
    )
    assert first["UID"] == second["UID"]
    assert (int(first["SEQUENCE"]), int(second["SEQUENCE"])) == (1, 2)
    assert second["DTSTART"].dt.hour == 10


@pytest.mark.parametrize(
    "change",
    [
        {"plan-day": "2001-01-01"},
        {"plan-day": "demain"},
        {"plan-time": "25:00"},
        {"plan-kind": "pigeon"},
        {"plan-presenter": "Deux\nlignes"},
    ],
)
def test_a_bad_presentation_sends_nothing(client, mayenne_referent, ernee, ernee_contact, change):
    client.force_login(mayenne_referent)
    response = client.post(commune_url("plan", ernee.code), {**future(), **change})
    assert response.status_code == 400
    assert len(mail.outbox) == 0
    assert Prospect.objects.get(commune=ernee).state == State.CONTACTED


def test_no_invitation_without_a_contact_address(client, mayenne_referent, ernee):
    client.force_login(mayenne_referent)
    response = client.post(commune_url("plan", ernee.code), future())
    assert response.status_code == 400
    assert "adresse électronique" in response.context["plan_form"].non_field_errors()[0]
    assert len(mail.outbox) == 0
    assert not Prospect.objects.filter(commune=ernee).exists()


# --- Engaging ---------------------------------------------------------------------------------


def test_engaging_from_the_pipeline_creates_the_page_and_groups(
    client, mayenne_editor, ernee, ernee_contact
):
    VolunteerFactory(commune=ernee, waiting=True)
    client.force_login(mayenne_editor)
    response = client.get(commune_url("commune", ernee.code))
    assert reverse("prospecting_admin:engage", args=["53", ernee.code]) in response.content.decode()
    response = client.post(commune_url("engage", ernee.code))
    assert response.status_code == 302
    assert CommunePage.objects.filter(commune=ernee, live=True).exists()
    assert roles.group_of(ernee, Role.EDITORS) is not None
    assert roles.group_of(ernee, Role.REFERENTS) is not None
    assert Prospect.objects.get(commune=ernee).state == State.ENGAGED
    response = client.get(department_url(), {"state": "engaged"})
    assert "Ernée" in [commune.name for commune in response.context["page_obj"]]
    # Its waiting volunteer was handed over by the onboarding.
    assert ernee.volunteers.get().handed_over_at is not None


def test_an_engaged_commune_stays_engaged(client, mayenne_referent, laval):
    client.force_login(mayenne_referent)
    response = client.post(
        commune_url("commune", laval.code),
        {"prospect-state": "declined", "prospect-contact_name": "", "prospect-notes": ""},
    )
    assert response.status_code == 302
    assert not Prospect.objects.filter(commune=laval).exists()


def test_a_referent_may_not_engage(client, mayenne_referent, ernee, ernee_contact):
    client.force_login(mayenne_referent)
    response = client.get(commune_url("commune", ernee.code))
    assert reverse("prospecting_admin:engage", args=["53", ernee.code]) not in (
        response.content.decode()
    )
    response = client.post(commune_url("engage", ernee.code), follow=True)
    assert response.status_code == 200
    assert not CommunePage.objects.filter(commune=ernee).exists()
    assert Prospect.objects.get(commune=ernee).state == State.CONTACTED


def test_an_engaged_commune_gets_no_invitation(mayenne_editor, laval, laval_page):
    Prospect.objects.create(commune=laval, contact_email="mairie@laval.example")
    services.engage(laval, mayenne_editor)
    with pytest.raises(services.ProspectingError):
        services.plan_presentation(
            laval, mayenne_editor, at=timezone.now() + dt.timedelta(days=3), kind="on_site"
        )
    assert len(mail.outbox) == 0


# --- Issue 22's review: French order, retention --------------------------------------------------


def test_the_pipeline_sorts_accented_names_in_french_order(mayenne, ernee):
    from tests.conftest import _commune

    _commune(mayenne, "53097", "Évron", "evron", "53600")
    _commune(mayenne, "53250", "Zélande", "zelande", "53999")
    names = [commune.name for commune in services.pipeline(mayenne)]
    assert names.index("Ernée") < names.index("Évron") < names.index("Montenay")
    assert names[-1] == "Zélande"


def test_the_contacts_are_erased_after_the_retention_period(settings, ernee, ernee_contact):
    settings.PROSPECT_RETENTION_DAYS = 30
    ernee_contact.notes = "Rappeler M. le maire après le conseil."
    ernee_contact.save()
    assert services.erase_old_contacts() == 0
    later = timezone.now() + dt.timedelta(days=31)
    assert services.erase_old_contacts(later) == 1
    ernee_contact.refresh_from_db()
    assert (ernee_contact.contact_name, ernee_contact.contact_email) == ("", "")
    assert (ernee_contact.contact_phone, ernee_contact.notes) == ("", "")
    assert ernee_contact.state == State.CONTACTED  # the pipeline keeps where it stands
    assert services.erase_old_contacts(later) == 0  # run again: nothing more
    assert any(periodic.func == "prospecting.jobs.erase_old_contacts" for periodic in SCHEDULES)
