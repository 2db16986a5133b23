"""The one CSV writer neutralises spreadsheet formulas, in every export: each export below gets
names that a spreadsheet would run (=HYPERLINK, +1, -1, @SUM, a leading tab) and is read back."""

import csv
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from core.spreadsheets import STREAM_PART, csv_lines, csv_response, neutralised
from pages.models import InitiativePage
from snippets.models import Gesture, GestureCategory
from tests.factories.volunteers import VolunteerFactory
from workflows import services as moderation

HOSTILE = ['=HYPERLINK("http://evil.example","Clic")', "+1", "-1", "@SUM(A1:A9)", "\tTabulé"]


def read_back(content: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


@pytest.mark.parametrize("text", [*HOSTILE, "\rRetour"])
def test_a_text_that_starts_like_a_formula_is_written_as_text(text):
    assert neutralised(text) == "'" + text


@pytest.mark.parametrize("value", ["Camille", "Jean-Pierre", "a=b", 12, -3, 2.5, None])
def test_other_values_are_kept(value):
    assert neutralised(value) == value


def test_the_lines_keep_their_delimiter():
    assert list(csv_lines([["=1", "Laval"], [-1, "53"]], delimiter=";")) == [
        "'=1;Laval\r\n",
        "-1;53\r\n",
    ]


def test_a_streamed_file_is_written_in_the_language_and_time_zone_of_its_view():
    def rows():  # read only as the file is sent, after the view has returned
        yield [translation.get_language(), str(timezone.get_current_timezone())]

    with translation.override("en"), timezone.override(ZoneInfo("America/New_York")):
        response = csv_response(rows(), "f.csv", streaming=True)
    assert translation.get_language() != "en"
    assert read_back(b"".join(response.streaming_content)) == [["en", "America/New_York"]]


def test_a_streamed_file_sends_its_heading_at_once_then_large_parts():
    rows = (["Nom", "Commune"] if n == 0 else [f"Volontaire {n}", "Laval"] for n in range(20_000))
    response = csv_response(rows, "f.csv", delimiter=";", excel_bom=True, streaming=True)
    parts = list(response.streaming_content)
    assert parts[0] == "\ufeffNom;Commune\r\n".encode()
    assert all(len(part) >= STREAM_PART for part in parts[1:-1])
    assert len(parts) < 20_000 / 100
    assert len(read_back(b"".join(parts), delimiter=";")) == 20_000


def test_the_volunteers_export(client, laval, laval_referent):
    for number, name in enumerate(HOSTILE):
        VolunteerFactory(commune=laval, first_name=name, last_name=f"Nom{number}")
    client.force_login(laval_referent)
    response = client.get("/admin/volontaires/export.csv")
    content = b"".join(response.streaming_content)  # written as it is read
    assert content.startswith("\ufeff".encode())  # for Excel, as before
    rows = read_back(content, delimiter=";")
    assert rows[0][:3] == ["Prénom", "Nom", "E-mail"]
    assert sorted(row[0] for row in rows[1:]) == sorted("'" + name for name in HOSTILE)


def test_the_moderation_dashboard_export(client, laval_page, moderator):
    for name in HOSTILE:
        moderation.submit_initiative(
            moderation.Submission(
                title=name,
                summary="Chaque samedi, un café à la médiathèque.",
                description="Une dizaine de bénévoles accueillent les habitants.",
                tips="Commencer petit.",
                name="Camille Martin",
                email="camille@example.org",
                organisation="",
                people_helped=None,
                hours_given=None,
                volunteers=None,
            ),
            laval_page,
        )
    titles = list(InitiativePage.objects.values_list("title", flat=True))
    client.force_login(moderator)
    response = client.get("/admin/moderation/", {"export": "csv"})
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    rows = read_back(content)
    assert rows[0][0] == "Titre"
    exported = [row[0] for row in rows[1 : len(titles) + 1]]
    assert sorted(exported) == sorted("'" + title for title in titles)


def test_the_idea_box_export(admin_client, db):
    category = GestureCategory.objects.create(
        locale=Locale.get_default(), name="=Catégorie", slug="categorie"
    )
    for number, name in enumerate(HOSTILE):
        Gesture.objects.create(
            locale=category.locale,
            title=name,
            slug=f"geste-{number}",
            summary="-Un geste",
            category=category,
            kind="neighbourly",
            live=True,
        )
    response = admin_client.get(reverse("wagtailsnippets_snippets_gesture:list"), {"export": "csv"})
    rows = read_back(b"".join(response.streaming_content))
    assert rows[0][0] == "Titre"
    assert sorted(row[0] for row in rows[1:]) == sorted("'" + name for name in HOSTILE)
    assert {row[2] for row in rows[1:]} == {"'-Un geste"}
    assert {row[3] for row in rows[1:]} == {"'=Catégorie"}
