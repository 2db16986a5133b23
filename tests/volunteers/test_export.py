"""The referents' CSV of their volunteers is streamed as the database is read in chunks: the
same file as when it was built whole in memory (columns, rows, who is in it per role, the
user's language and time zone), formulas neutralised, and a number of queries that does not
grow with the number of volunteers."""

import datetime as dt

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.users.models import UserProfile

from tests.spreadsheets import csv_rows
from volunteers import access, exports

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db

URL = "/admin/volontaires/export.csv"


def previous_rows(volunteers) -> list[list[str]]:
    """What the export gave when it was built whole in memory (volunteers/views/admin.py before
    it streamed), one volunteer at a time, as the oracle of the streamed one."""
    rows = [
        [
            "Prénom",
            "Nom",
            "E-mail",
            "Téléphone",
            "Commune",
            "Code INSEE",
            "Gestes",
            "Types d'action",
            "Disponibilités",
            "Compétences",
            "Confirmé le",
            "Inscrit le",
        ]
    ]
    for volunteer in volunteers:
        confirmed = volunteer.confirmed_at
        rows.append(
            [
                volunteer.first_name,
                volunteer.last_name,
                volunteer.email,
                volunteer.phone,
                volunteer.commune.name,
                volunteer.commune.code,
                ", ".join(gesture.title for gesture in volunteer.gestures.all()),
                ", ".join(volunteer.kind_labels()),
                ", ".join(volunteer.availability_labels()),
                volunteer.skills,
                timezone.localtime(confirmed).strftime("%Y-%m-%d %H:%M") if confirmed else "",
                timezone.localtime(volunteer.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return rows


@pytest.fixture
def people(laval, chateau_gontier_page, quimper_page, ernee, gestures):
    lucie = make_volunteer(
        laval,
        1,
        first_name="Lucie",
        last_name="Lavalloise",
        availability=",weekend-morning,",
        kinds=",neighbourly,",
        skills="Bricolage; couture",
    )
    lucie.gestures.add(gestures[0], gestures[2])
    return [
        lucie,
        make_volunteer(laval, 2, first_name="Luc", last_name="Pasconfirmé", confirmed=False),
        make_volunteer(chateau_gontier_page.commune, 3, first_name="Chloé", last_name="Castel"),
        make_volunteer(quimper_page.commune, 4, first_name="Quentin", last_name="Quimperois"),
        make_volunteer(ernee, 5, first_name="Eric", last_name="Erneen", handed_over=False),
    ]


def test_the_export_is_streamed_as_a_download(client, people, laval_referent):
    client.force_login(laval_referent)
    response = client.get(URL)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="volontaires-')
    parts = list(response.streaming_content)
    assert parts[0].startswith("\ufeffPrénom;Nom;E-mail;".encode())
    assert parts[0].endswith(b"\r\n") and parts[0].count(b"\r\n") == 1  # the heading, at once


@pytest.mark.parametrize("role", ["laval_referent", "mayenne_referent", "quimper_referent"])
def test_the_rows_are_those_the_export_gave_before(client, people, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    expected = previous_rows(access.listed_volunteers(user).order_by("last_name", "first_name"))
    assert csv_rows(client.get(URL)) == expected
    assert len(expected) > 1


def test_every_field_of_a_volunteer_is_written(client, people, laval_referent):
    client.force_login(laval_referent)
    (_heading, lucie) = csv_rows(client.get(URL))
    assert lucie[:6] == [
        "Lucie",
        "Lavalloise",
        people[0].email,
        people[0].phone,
        "Laval",
        "53130",
    ]
    assert lucie[6] == "Arroser un jardin, Faire les courses d'un voisin"
    assert lucie[8] and lucie[9] == "Bricolage; couture"


def test_the_export_is_in_the_users_language_and_time_zone(client, people, laval_referent):
    UserProfile.objects.update_or_create(
        user=laval_referent,
        defaults={"preferred_language": "en", "current_time_zone": "America/New_York"},
    )
    moment = dt.datetime(2026, 1, 15, 12, 30, tzinfo=dt.UTC)
    type(people[0]).objects.filter(pk=people[0].pk).update(confirmed_at=moment)
    client.force_login(laval_referent)
    heading, lucie = csv_rows(client.get(URL))
    assert heading[:3] == ["First name", "Last name", "E-mail"]
    assert lucie[10] == "2026-01-15 07:30"  # New York, as the admin shows it to this user


def test_a_formula_like_volunteer_is_written_as_text(client, laval, laval_referent):
    make_volunteer(laval, 1, first_name='=HYPERLINK("http://evil.example")', last_name="+33")
    make_volunteer(laval, 2, first_name="@SUM(A1)", last_name="-Moins", skills="=1+1")
    client.force_login(laval_referent)
    rows = csv_rows(client.get(URL))[1:]
    cells = {cell for row in rows for cell in row[:2] + row[9:10]}
    assert {
        '\'=HYPERLINK("http://evil.example")',
        "'+33",
        "'@SUM(A1)",
        "'-Moins",
        "'=1+1",
    } <= cells


def queries_of_export(client) -> tuple[int, int]:
    """The queries of the request and of reading its whole stream, and the rows read."""
    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(client.get(URL))
    return len(queries), len(rows) - 1


def test_the_queries_do_not_grow_with_the_volunteers(client, laval_page, laval_referent, gestures):
    client.force_login(laval_referent)

    def add(start, count):
        for n in range(start, start + count):
            make_volunteer(laval_page.commune, n).gestures.add(gestures[n % 3])

    add(0, 5)
    few, rows = queries_of_export(client)
    assert rows == 5
    add(5, 45)
    many, rows = queries_of_export(client)
    assert rows == 50
    assert many == few


def test_each_further_chunk_costs_one_query(
    client, laval_page, laval_referent, gestures, monkeypatch
):
    for n in range(25):
        make_volunteer(laval_page.commune, n).gestures.add(gestures[n % 3])
    client.force_login(laval_referent)
    monkeypatch.setattr(exports, "CHUNK", 25)
    one_chunk, rows = queries_of_export(client)
    monkeypatch.setattr(exports, "CHUNK", 5)
    five_chunks, rows_again = queries_of_export(client)
    assert rows == rows_again == 25
    # Each further chunk: its gestures; its volunteers are read on from the same cursor.
    assert five_chunks == one_chunk + 4


def test_the_export_follows_the_filters(client, people, mayenne_referent):
    client.force_login(mayenne_referent)
    assert {row[1] for row in csv_rows(client.get(URL))[1:]} == {"Lavalloise", "Castel"}
    only_laval = csv_rows(client.get(URL + "?commune=53000"))
    assert [row[1] for row in only_laval[1:]] == ["Lavalloise"]
    # A commune outside the territory: no one, rather than everyone under a wrong filter.
    assert csv_rows(client.get(URL + "?commune=Quimper")) == [only_laval[0]]


def test_a_refused_export_says_nothing_of_anyone(client, people, moderator):
    client.force_login(moderator)
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert not response.streaming
    assert "Lavalloise" not in response.content.decode()
