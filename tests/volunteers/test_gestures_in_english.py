"""A volunteer who chooses gestures in English (issue 21): the forms offer them in English where
translated, in French marked `lang="fr"` otherwise; the choice is stored as the French gestures
(volunteers/gestures.py), so that a mailing's segment by the French gesture finds them and the
figures count them once; the data migration moves the links made to translations before."""

from importlib import import_module

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.utils import timezone
from wagtail.models import Locale

from mailings.models import Mailing
from mailings.services import segment
from tests.factories.volunteers import opened_space
from tests.pages.bilingual import published_translation
from volunteers.gestures import offered_gestures, source_gestures
from volunteers.models import Volunteer

from .conftest import make_volunteer, sign_up_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(gestures):
    """The shopping gesture and its category in English; the parcel one left in French."""
    shopping, parcel = gestures[0], gestures[1]
    published_translation(shopping.category, {"Courses": "Shopping"})
    return {
        "shopping": published_translation(
            shopping, {"Faire les courses d'un voisin": "Do a neighbour's shopping"}
        ),
        "french_shopping": shopping,
        "parcel": parcel,
    }


@pytest.fixture
def make_mailing():
    def make(gestures, **fields):
        mailing = Mailing.objects.create(subject="Les nouvelles", body="<p>Merci.</p>", **fields)
        mailing.gestures.set(gestures)
        return mailing

    return make


def confirm(volunteer: Volunteer) -> None:
    now = timezone.now()
    Volunteer.objects.filter(pk=volunteer.pk).update(confirmed_at=now, handed_over_at=now)


def test_the_english_sign_up_offers_the_gestures_in_english_the_french_ones_marked(
    client, laval_page, english, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):  # as in French (test_sign_up.py)
        response = client.get("/en/je-participe/")
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    shopping = soup.find("input", attrs={"name": "gestures", "value": str(english["shopping"].pk)})
    assert shopping is not None
    label = soup.find("label", attrs={"for": shopping["id"]})
    assert label.get_text() == "Do a neighbour's shopping" and not label.has_attr("lang")
    parcel = soup.find("label", string="Porter un colis")
    assert parcel["lang"] == "fr"
    assert "Faire les courses" not in soup.get_text()  # once, in English
    summaries = [summary.get_text(" ", strip=True) for summary in soup.select("summary")]
    assert any(text.startswith("Shopping") for text in summaries)
    assert not any(text.startswith("Courses") for text in summaries)  # one group, in English
    # The French page: the French gestures, nothing marked.
    french = BeautifulSoup(client.get("/je-participe/").content.decode(), "html.parser")
    assert french.find("label", string="Faire les courses d'un voisin") is not None
    assert not french.select("form [lang]")


def test_signing_up_in_english_stores_the_french_gesture_and_the_segment_finds_it(
    client, laval_page, english, make_mailing
):
    response = client.post(
        "/en/je-participe/",
        sign_up_data(gestures=[english["shopping"].pk, english["parcel"].pk]),
    )
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert set(volunteer.gestures.all()) == {english["french_shopping"], english["parcel"]}
    confirm(volunteer)
    mailing = make_mailing([english["french_shopping"]], department=laval_page.commune.department)
    assert list(segment(mailing)) == [volunteer]
    # The figures count them once, whichever language the gesture is read in.
    for language_code, shown in (("fr", "french_shopping"), ("en", "shopping")):
        offered = offered_gestures(Locale.objects.get(language_code=language_code))
        popularity = {gesture.pk: gesture.popularity for gesture in offered}
        assert popularity[english[shown].pk] == 1, language_code


def test_the_api_sign_up_takes_the_english_ids_and_stores_the_french_gestures(
    client, laval, english
):
    data = sign_up_data(gestures=[english["shopping"].pk, english["french_shopping"].pk])
    response = client.post("/api/v2/sign-up/", data, content_type="application/json")
    assert response.status_code == 202, response.content
    assert list(Volunteer.objects.get().gestures.all()) == [english["french_shopping"]]


def test_the_english_space_ticks_the_gesture_in_english_and_keeps_it_french(client, laval, english):
    volunteer = make_volunteer(laval, 1, language="en")
    volunteer.gestures.set([english["french_shopping"], english["parcel"]])
    space = opened_space(volunteer, client)
    assert space.startswith("/en/")
    home = BeautifulSoup(client.get(space).content.decode(), "html.parser")
    gestures_shown = home.find("dt", string="Gestures").find_next("dd")
    assert "Do a neighbour's shopping" in gestures_shown.get_text()
    assert gestures_shown.find("span", attrs={"lang": "fr"}).get_text() == "Porter un colis"
    page = BeautifulSoup(client.get(space + "profil/").content.decode(), "html.parser")
    ticked = {box["value"] for box in page.select("input[name=gestures][checked]")}
    assert ticked == {str(english["shopping"].pk), str(english["parcel"].pk)}
    response = client.post(
        space + "profil/",
        {
            "first_name": "Camille",
            "last_name": "Martin",
            "gestures": [english["shopping"].pk],
            "kinds": ["neighbourly"],
        },
    )
    assert response.status_code == 302
    assert list(volunteer.gestures.all()) == [english["french_shopping"]]


def test_the_data_migration_moves_the_links_to_translations_to_the_french_gestures(
    laval, english, make_mailing
):
    both = make_volunteer(laval, 1)
    both.gestures.set([english["shopping"], english["french_shopping"]])
    only_english = make_volunteer(laval, 2)
    only_english.gestures.set([english["shopping"], english["parcel"]])
    mailing = make_mailing([english["shopping"]])
    volunteers_migration = import_module("volunteers.migrations.0014_gestures_stored_in_french")
    volunteers_migration.forwards(apps, None)
    import_module("mailings.migrations.0004_segments_by_french_gestures").forwards(apps, None)
    assert list(both.gestures.all()) == [english["french_shopping"]]  # not doubled
    assert set(only_english.gestures.all()) == {english["french_shopping"], english["parcel"]}
    assert list(mailing.gestures.all()) == [english["french_shopping"]]
    # Run again: nothing left to move.
    through = Volunteer.gestures.through
    assert volunteers_migration.to_french(through, "volunteer", apps) == 0


def test_source_gestures_keeps_a_gesture_without_a_french_version(english):
    assert source_gestures([english["shopping"], english["parcel"]]) == [
        english["french_shopping"],
        english["parcel"],
    ]
    assert source_gestures([]) == []
