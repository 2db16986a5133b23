"""Volunteers in the admin: scoped to the viewer in the listing, the detail and the export."""

import pytest

from tests.spreadsheets import csv_text

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(laval, chateau_gontier_page, quimper_page, gestures):
    laval_one = make_volunteer(
        laval, 1, first_name="Lucie", last_name="Lavalloise", availability=",weekend-morning,"
    )
    laval_one.gestures.add(gestures[0])
    return {
        "laval": laval_one,
        "laval_unconfirmed": make_volunteer(
            laval, 2, first_name="Luc", last_name="Pasconfirmé", confirmed=False
        ),
        "chateau": make_volunteer(
            chateau_gontier_page.commune, 3, first_name="Chloé", last_name="Castelgontiere"
        ),
        "quimper": make_volunteer(
            quimper_page.commune, 4, first_name="Quentin", last_name="Quimperois"
        ),
    }


def names(response):
    content = csv_text(response) if response.streaming else response.content.decode()
    return {
        n for n in ("Lavalloise", "Pasconfirmé", "Castelgontiere", "Quimperois") if n in content
    }


def test_laval_referent_sees_only_laval(client, people, laval_referent):
    client.force_login(laval_referent)
    # A sign-up never confirmed is never listed nor exported (volunteers/access.py).
    assert names(client.get("/admin/volontaires/")) == {"Lavalloise"}
    assert names(client.get("/admin/volontaires/export.csv")) == {"Lavalloise"}
    assert client.get(f"/admin/volontaires/{people['laval'].pk}/").status_code == 200
    assert client.get(f"/admin/volontaires/{people['quimper'].pk}/").status_code == 404
    assert client.get(f"/admin/volontaires/{people['chateau'].pk}/").status_code == 404


def test_department_referent_sees_its_communes(client, people, mayenne_referent):
    client.force_login(mayenne_referent)
    expected = {"Lavalloise", "Castelgontiere"}
    assert names(client.get("/admin/volontaires/")) == expected
    assert names(client.get("/admin/volontaires/export.csv")) == expected
    assert client.get(f"/admin/volontaires/{people['quimper'].pk}/").status_code == 404


def test_moderator_counts_but_names_no_one(client, people, moderator):
    client.force_login(moderator)
    assert names(client.get("/admin/volontaires/", follow=True)) == set()
    assert names(client.get("/admin/volontaires/export.csv", follow=True)) == set()
    response = client.get(f"/admin/volontaires/{people['quimper'].pk}/", follow=True)
    assert people["quimper"].email not in response.content.decode()
    assert "Quimper (29232)" in client.get("/admin/volontaires/chiffres/").content.decode()


def test_a_user_without_territory_sees_nothing(client, people, django_user_model):
    user = django_user_model.objects.create_user("personne", password="motdepasse-123")
    client.force_login(user)
    assert client.get("/admin/volontaires/").status_code in (302, 403)
    assert client.get("/admin/volontaires/export.csv").status_code in (302, 403)
    client.logout()
    assert client.get("/admin/volontaires/export.csv").status_code == 302  # to the login


def test_filters(client, people, mayenne_referent, gestures, laval):
    client.force_login(mayenne_referent)
    assert names(client.get("/admin/volontaires/?commune=Laval")) == {"Lavalloise"}
    assert names(client.get(f"/admin/volontaires/?gesture={gestures[0].pk}")) == {"Lavalloise"}
    assert names(client.get("/admin/volontaires/?availability=weekend-morning")) == {"Lavalloise"}
    assert names(client.get("/admin/volontaires/?q=castel")) == {"Castelgontiere"}
    csv = csv_text(client.get("/admin/volontaires/export.csv?q=castel"))
    assert csv.splitlines()[0].startswith("Prénom;Nom;E-mail")
    assert "Castelgontiere" in csv and "Lavalloise" not in csv


@pytest.mark.parametrize("count", [5, 50])
def test_listing_and_export_run_bounded_queries(
    client, laval_page, laval_referent, gestures, count, django_assert_max_num_queries
):
    for n in range(count):
        volunteer = make_volunteer(laval_page.commune, n)
        volunteer.gestures.add(gestures[n % 3])
    client.force_login(laval_referent)
    with django_assert_max_num_queries(40):
        assert client.get("/admin/volontaires/").status_code == 200
    with django_assert_max_num_queries(20):
        assert csv_text(client.get("/admin/volontaires/export.csv")).count("\n") == count + 1


@pytest.fixture
def past_registration(people, make_action):
    import datetime as dt

    from django.utils import timezone

    from volunteers.models import Registration

    action = make_action(slug="passee", title="Nettoyage passé")
    ended = timezone.now() - dt.timedelta(days=2)
    type(action).objects.filter(pk=action.pk).update(start=ended - dt.timedelta(hours=2), end=ended)
    return Registration.objects.create(
        volunteer=people["laval"], action=action, status="registered", requested_at=ended
    )


def test_referent_records_hours_in_the_detail_view(
    client, people, laval_referent, past_registration
):
    from decimal import Decimal

    from volunteers.hours import figures

    client.force_login(laval_referent)
    url = f"/admin/volontaires/{people['laval'].pk}/"
    page = client.get(url).content.decode()
    assert "Enregistrer les heures données" in page and "Nettoyage passé" in page
    response = client.post(url, {"registration": past_registration.pk, "hours": "1.5"})
    assert response.status_code == 302
    past_registration.refresh_from_db()
    assert past_registration.hours == Decimal("1.5")
    assert figures(people["laval"].commune).hours == Decimal("1.5")


@pytest.mark.parametrize(
    ("hours", "message"),
    [("0", "supérieure ou égale à 0.5"), ("13", "inférieure ou égale à 12"), ("", "Champ requis")],
)
def test_bad_hours_from_the_referent_change_nothing(
    client, people, laval_referent, past_registration, hours, message
):
    client.force_login(laval_referent)
    url = f"/admin/volontaires/{people['laval'].pk}/"
    response = client.post(url, {"registration": past_registration.pk, "hours": hours})
    assert response.status_code == 400
    assert message in response.content.decode()
    past_registration.refresh_from_db()
    assert past_registration.hours is None


def test_quimper_referent_cannot_record_laval_hours(
    client, people, quimper_referent, past_registration
):
    client.force_login(quimper_referent)
    response = client.post(
        f"/admin/volontaires/{people['laval'].pk}/",
        {"registration": past_registration.pk, "hours": "2"},
    )
    assert response.status_code == 404
    past_registration.refresh_from_db()
    assert past_registration.hours is None


def test_erased_volunteers_leave_the_listing(client, people, laval_referent):
    from volunteers import space

    space.erase(people["laval"])
    client.force_login(laval_referent)
    assert names(client.get("/admin/volontaires/")) == set()
    assert client.get(f"/admin/volontaires/{people['laval'].pk}/").status_code == 404


def test_referent_adds_and_deletes_notes_in_the_detail_view(client, people, laval_referent):
    from volunteers.models import ReferentNote

    client.force_login(laval_referent)
    volunteer = people["laval"]
    url = f"/admin/volontaires/{volunteer.pk}/"
    assert "Aucune note pour l’instant." in client.get(url).content.decode()

    response = client.post(f"{url}notes/", {"text": "Appelée le 3 : préfère le samedi."})
    assert response.status_code == 302 and response["Location"] == url
    note = ReferentNote.objects.get(volunteer=volunteer)
    assert note.author == laval_referent
    page = client.get(url).content.decode()
    assert "Appelée le 3 : préfère le samedi." in page
    assert "La note est ajoutée." in page
    assert f"par {laval_referent.get_username()}" in page

    response = client.post(f"{url}notes/{note.pk}/supprimer/")
    assert response.status_code == 302
    assert not ReferentNote.objects.exists()


def test_an_empty_note_gets_a_message_and_saves_nothing(client, people, laval_referent):
    from volunteers.models import ReferentNote

    client.force_login(laval_referent)
    response = client.post(f"/admin/volontaires/{people['laval'].pk}/notes/", {"text": "  "})
    assert response.status_code == 400
    assert "Écrivez la note avant de l’ajouter." in response.content.decode()
    assert not ReferentNote.objects.exists()


def test_quimper_referent_can_neither_read_nor_write_laval_notes(
    client, people, laval_referent, quimper_referent, mayenne_referent
):
    from volunteers import notes
    from volunteers.models import ReferentNote

    note = notes.add_note(people["laval"], laval_referent, "Note lavalloise")
    client.force_login(quimper_referent)
    base = f"/admin/volontaires/{people['laval'].pk}/"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}notes/", {"text": "Intrus"}).status_code == 404
    assert client.post(f"{base}notes/{note.pk}/supprimer/").status_code == 404
    # A note can't be deleted through another volunteer's address, even one in sight.
    client.force_login(mayenne_referent)
    other = f"/admin/volontaires/{people['chateau'].pk}/notes/{note.pk}/supprimer/"
    assert client.post(other).status_code == 404
    assert list(ReferentNote.objects.values_list("text", flat=True)) == ["Note lavalloise"]
    assert client.get(f"{base}notes/").status_code == 405


def test_notes_are_in_the_volunteers_data_and_erased_with_it(people, laval_referent):
    from volunteers import notes, space
    from volunteers.models import ReferentNote

    notes.add_note(people["laval"], laval_referent, "Disponible en juillet")
    exported = space.export(people["laval"])
    assert [note["text"] for note in exported["referent_notes"]] == ["Disponible en juillet"]
    space.erase(people["laval"])
    assert not ReferentNote.objects.exists()
