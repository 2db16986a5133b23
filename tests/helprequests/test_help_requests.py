"""Requests for help: recorded by a commune's referents, seen within each role's territory, the
beneficiary's details seen only by the commune's referents and erased 90 days after closing,
volunteers suggested best first, put in touch, hours counted."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.schedules import ERASE_CONTACTS as PURGE_SCHEDULE_NAME
from helprequests import services
from helprequests.models import Contact, HelpRequest

from .conftest import make_volunteer

ADMIN = "/admin/entraide/"


def html(response) -> str:
    return response.content.decode()


# --- Who sees what ---------------------------------------------------------------------------


def test_a_commune_referent_sees_their_requests_and_the_beneficiary(
    client, laval_referent, laval_request, quimper_request
):
    client.force_login(laval_referent)
    listing = html(client.get(ADMIN))
    assert "Des courses chaque semaine" in listing
    assert "Accompagner un rendez-vous" not in listing
    detail = html(client.get(f"{ADMIN}{laval_request.pk}/"))
    assert "Odette Bénéficiaire" in detail and "0199000001" in detail
    assert client.get(f"{ADMIN}{quimper_request.pk}/").status_code == 404


def test_a_department_referent_sees_the_request_but_not_the_beneficiary(
    client, mayenne_referent, laval_request, quimper_request
):
    client.force_login(mayenne_referent)
    assert "Des courses chaque semaine" in html(client.get(ADMIN))
    detail = html(client.get(f"{ADMIN}{laval_request.pk}/"))
    assert "Des courses chaque semaine" in detail
    assert "Odette" not in detail and "0199000001" not in detail and "Lilas" not in detail
    assert "Seuls les référents de la commune voient les coordonnées" in detail
    assert client.get(f"{ADMIN}{quimper_request.pk}/").status_code == 404
    # Nor can they act on it.
    volunteer = make_volunteer(laval_request.commune, 1)
    response = client.post(
        f"{ADMIN}{laval_request.pk}/mise-en-relation/", {"volunteer": volunteer.pk}
    )
    assert response.status_code == 302 and response.url == "/admin/"  # Wagtail's refusal
    assert not Contact.objects.exists()


def test_moderators_see_every_request_without_the_beneficiaries(
    client, moderator, laval_request, quimper_request
):
    client.force_login(moderator)
    listing = html(client.get(ADMIN))
    assert "Des courses chaque semaine" in listing and "Accompagner un rendez-vous" in listing
    assert "Yann" not in html(client.get(f"{ADMIN}{quimper_request.pk}/"))


def test_the_volunteer_put_in_touch_is_named_to_the_referents_only(
    client, laval_referent, mayenne_referent, moderator, admin_user, laval_request
):
    """The sign-up's promise: a volunteer is seen by their commune's and department's
    referents; the national staff see the request, not who helps (issue 14)."""
    volunteer = make_volunteer(laval_request.commune, 1, first_name="Lucie", last_name="Aidante")
    Contact.objects.create(request=laval_request, volunteer=volunteer)
    named = {}
    for user in (laval_referent, mayenne_referent, moderator, admin_user):
        client.force_login(user)
        detail = html(client.get(f"{ADMIN}{laval_request.pk}/"))
        assert "Des courses chaque semaine" in detail
        named[user.username] = "Aidante" in detail
        assert ("Un bénévole de la commune" in detail) is not named[user.username]
    assert named == {
        laval_referent.username: True,
        mayenne_referent.username: True,
        moderator.username: False,
        admin_user.username: False,
    }


def test_people_without_a_role_are_refused(client, django_user_model, laval_request):
    user = django_user_model.objects.create_user("curieux", password="motdepasse-123")
    client.force_login(user)
    for url in (ADMIN, f"{ADMIN}{laval_request.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "Odette" not in html(response)


# --- Recording -------------------------------------------------------------------------------


def test_a_referent_records_a_request(client, laval_referent, laval, gestures):
    client.force_login(laval_referent)
    form = html(client.get(f"{ADMIN}nouvelle/"))
    assert "Enregistrer une demande d&#x27;aide" in form or "Enregistrer une demande" in form
    response = client.post(
        f"{ADMIN}nouvelle/",
        {
            "commune": laval.pk,
            "gesture": gestures[2].pk,
            "need": "Arroser le jardin pendant trois semaines d'hospitalisation.",
            "wanted_on": "2026-12-10",
            "availability": "weekend-morning",
            "place": "Avesnières",
            "channel": "desk",
            "beneficiary_name": "Jeanne Exemple",
            "beneficiary_phone": "01 99 00 00 03",
        },
    )
    help_request = HelpRequest.objects.get()
    assert response.status_code == 302
    assert response.url == f"{ADMIN}{help_request.pk}/"
    assert help_request.beneficiary_phone == "0199000003"
    assert help_request.recorded_by == laval_referent
    assert help_request.status == HelpRequest.Status.OPEN


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"need": "Aide"}, "Décrivez l&#x27;aide nécessaire en quelques mots."),
        ({"beneficiary_phone": "12"}, "Saisissez un numéro de téléphone français"),
        (
            {"beneficiary_phone": ""},
            "Donnez un numéro de téléphone ou une adresse e-mail pour joindre la personne aidée.",
        ),
        ({"wanted_on": "demain"}, "Saisissez une date valide."),
        ({"channel": "pigeon"}, "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(client, laval_referent, laval, change, message):
    client.force_login(laval_referent)
    data = {
        "commune": laval.pk,
        "need": "Des courses pour une voisine qui ne sort plus.",
        "channel": "phone",
        "beneficiary_phone": "0199000004",
        **change,
    }
    response = client.post(f"{ADMIN}nouvelle/", data)
    assert response.status_code == 200
    assert message in html(response)
    assert not HelpRequest.objects.exists()


def test_a_referent_cannot_record_for_another_commune(client, laval_referent, quimper):
    client.force_login(laval_referent)
    response = client.post(
        f"{ADMIN}nouvelle/",
        {"commune": quimper.pk, "need": "Une aide à Quimper.", "channel": "phone"},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in html(response)
    assert not HelpRequest.objects.exists()


def test_a_department_referent_records_nothing(client, mayenne_referent):
    client.force_login(mayenne_referent)
    response = client.get(f"{ADMIN}nouvelle/")
    assert response.status_code == 302 and response.url == "/admin/"  # Wagtail's refusal


# --- Suggestions, putting in touch, closing --------------------------------------------------


def test_suggestions_come_best_first(laval, chateau_gontier, gestures, laval_request):
    courses = gestures[0]
    both = make_volunteer(laval, 1, last_name="Zola", availability=",weekday-morning,")
    both.gestures.set([courses])
    gesture_only = make_volunteer(laval, 2, last_name="Abel")
    gesture_only.gestures.set([courses])
    available = make_volunteer(laval, 3, availability=",weekday-morning,", last_name="Bart")
    kind = make_volunteer(laval, 4, kinds=",neighbourly,", last_name="Carl")
    plain = make_volunteer(laval, 5, last_name="Dora")
    make_volunteer(laval, 6, confirmed=False).gestures.set([courses])  # unconfirmed
    refused = make_volunteer(laval, 7)  # does not want to be contacted
    refused.gestures.set([courses])
    type(refused).objects.filter(pk=refused.pk).update(contact_consent=False)
    make_volunteer(chateau_gontier, 8).gestures.set([courses])  # another commune
    make_volunteer(laval, 9, handed_over=False)  # not handed to the commune yet

    suggested = services.suggestions(laval_request)

    assert suggested == [both, gesture_only, available, kind, plain]
    assert suggested[0].chose_gesture and suggested[0].available
    assert not suggested[2].chose_gesture and suggested[2].available


def test_the_busiest_volunteers_come_after_the_others(laval, gestures, laval_request):
    busy = make_volunteer(laval, 1, last_name="Aaron")
    free = make_volunteer(laval, 2, last_name="Zoé")
    other = HelpRequest.objects.create(
        commune=laval, need="Une autre demande en cours.", channel="phone"
    )
    Contact.objects.create(request=other, volunteer=busy)
    assert services.suggestions(laval_request) == [free, busy]


def test_putting_in_touch_then_closing_counts_the_hours(
    client, laval_referent, laval, gestures, laval_request
):
    volunteer = make_volunteer(laval, 1)
    volunteer.gestures.set([gestures[0]])
    client.force_login(laval_referent)
    assert "Nom53130x1" in html(client.get(f"{ADMIN}{laval_request.pk}/"))

    client.post(f"{ADMIN}{laval_request.pk}/mise-en-relation/", {"volunteer": volunteer.pk})
    laval_request.refresh_from_db()
    assert laval_request.status == HelpRequest.Status.IN_TOUCH
    assert list(laval_request.volunteers.all()) == [volunteer]
    # Once in touch, they are no longer suggested for it.
    assert services.suggestions(laval_request) == []

    response = client.post(
        f"{ADMIN}{laval_request.pk}/cloture/", {"outcome": "helped", "hours": "3"}
    )
    assert response.status_code == 302
    laval_request.refresh_from_db()
    assert laval_request.status == HelpRequest.Status.CLOSED
    assert laval_request.hours == Decimal(3)
    assert services.hours_given() == Decimal(3)
    assert services.hours_given(laval.department.communes.all()) == Decimal(3)


def test_a_volunteer_of_another_commune_cannot_be_put_in_touch(
    client, laval_referent, quimper, laval_request
):
    outsider = make_volunteer(quimper, 1)
    client.force_login(laval_referent)
    response = client.post(
        f"{ADMIN}{laval_request.pk}/mise-en-relation/", {"volunteer": outsider.pk}, follow=True
    )
    assert "Ce bénévole ne peut pas être mis en relation pour cette demande." in html(response)
    assert not Contact.objects.exists()
    response = client.post(
        f"{ADMIN}{laval_request.pk}/mise-en-relation/", {"volunteer": "abc"}, follow=True
    )
    assert response.status_code == 200
    assert "Choisissez l&#x27;un des bénévoles proposés." in html(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "helped", "hours": "-1"}, "supérieure ou égale à 0"),
        ({"outcome": "helped", "hours": "500"}, "inférieure ou égale à 200"),
        ({"outcome": "peut-etre", "hours": "1"}, "Sélectionnez un choix valide"),
    ],
)
def test_closing_with_bad_input_changes_nothing(
    client, laval_referent, laval_request, data, message
):
    client.force_login(laval_referent)
    response = client.post(f"{ADMIN}{laval_request.pk}/cloture/", data)
    assert response.status_code == 400
    assert message in html(response)
    laval_request.refresh_from_db()
    assert laval_request.status == HelpRequest.Status.OPEN


# --- Erasure ---------------------------------------------------------------------------------


def test_contacts_are_erased_90_days_after_closing(laval_request, quimper_request):
    now = timezone.now()
    services.close(
        laval_request, outcome="helped", hours=Decimal(2), now=now - dt.timedelta(days=91)
    )
    services.close(
        quimper_request, outcome="helped", hours=Decimal(1), now=now - dt.timedelta(days=10)
    )

    assert services.erase_old_contacts(now) == 1

    laval_request.refresh_from_db()
    quimper_request.refresh_from_db()
    assert laval_request.beneficiary_name == laval_request.beneficiary_phone == ""
    assert laval_request.beneficiary_email == laval_request.beneficiary_address == ""
    assert laval_request.contacts_erased_at == now
    assert laval_request.need and laval_request.hours == Decimal(2)  # kept, anonymous
    assert quimper_request.beneficiary_name == "Yann Bénéficiaire"
    assert services.erase_old_contacts(now) == 0


def test_the_erasure_is_scheduled_daily(db):
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name=PURGE_SCHEDULE_NAME)
    assert schedule.func == "helprequests.jobs.erase_old_contacts"
    assert schedule.schedule_type == Schedule.DAILY


# --- Bounded queries --------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_and_a_request_run_the_same_queries_for_few_or_many(
    client, laval_referent, laval, gestures, laval_request
):
    client.force_login(laval_referent)
    client.get(ADMIN)
    url = f"{ADMIN}{laval_request.pk}/"
    few = (count_queries(client, ADMIN), count_queries(client, url))
    for number in range(30):
        HelpRequest.objects.create(
            commune=laval, gesture=gestures[1], need=f"Demande {number}", channel="phone"
        )
        make_volunteer(laval, 100 + number).gestures.set([gestures[0]])
    many = (count_queries(client, ADMIN), count_queries(client, url))
    assert many == few
