"""Every public form, sent with bad input, says so in a way a screen reader announces: each
invalid input has aria-invalid and an aria-describedby whose ids all exist in the page, one of
them holding the error's text; an error summary comes first, focused on load (autofocus), each
of its links leading to a field of the page."""

import html
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Locale

from core.vocabulary import ActionKind
from pages.agenda.queries import ensure_action_index
from pages.models import ActionPage
from snippets.models import Gesture, GestureCategory
from tests.factories.volunteers import VolunteerFactory, opened_space
from volunteers import hours
from volunteers.models import Registration


def _action(laval_page, slug: str, start) -> ActionPage:
    action = ActionPage(
        title="Nettoyage des berges",
        slug=slug,
        description="On ramasse les déchets au bord de la Mayenne.",
        kind=ActionKind.COLLECTIVE,
        start=start,
        end=start + timedelta(hours=2),
        capacity=10,
        registration_required=True,
        address="Quai d'Avesnières, Laval",
    )
    ensure_action_index(laval_page).add_child(instance=action)
    return action


@pytest.fixture
def public_forms(laval_page, laval):
    """(name, path, bad data) of every public form of the site."""
    locale = Locale.get_default()
    category = GestureCategory.objects.create(locale=locale, name="Courses", slug="courses")
    Gesture.objects.create(
        locale=locale,
        title="Porter un colis",
        slug="porter-colis",
        summary="Porter un colis",
        category=category,
        kind=ActionKind.NEIGHBOURLY,
        live=True,
    )
    volunteer = VolunteerFactory(
        commune=laval,
        email="camille.durand@exemple.invalid",
        confirmed_at=timezone.now(),
        handed_over_at=timezone.now(),
    )
    coming = _action(laval_page, "a-venir", timezone.now() + timedelta(days=10))
    past = _action(laval_page, "passee", timezone.now() + timedelta(days=1))
    ended = timezone.now() - timedelta(hours=5)
    ActionPage.objects.filter(pk=past.pk).update(start=ended - timedelta(hours=2), end=ended)
    registration = Registration.objects.create(
        volunteer=volunteer, action=past, status="registered", requested_at=timezone.now()
    )
    space_path = opened_space(volunteer)
    return [
        ("sign-up", "/je-participe/", {"email": "pas-un-email", "postal_code": "99999"}),
        ("sign-up of Laval", "/mayenne/laval/je-participe/", {"gestures": ["0"]}),
        ("link to the space", "/je-participe/mon-espace/", {"email": "pas-un-email"}),
        ("profile", space_path + "profil/", {"first_name": "", "kinds": ["nothing"]}),
        ("commune", space_path + "commune/", {"postal_code": "99999"}),
        (
            "hours",
            hours.hours_url(registration).removeprefix("http://testserver"),
            {"hours": "30"},
        ),
        ("registration link", coming.url + "inscription/", {"email": "pas-un-email"}),
        ("gesture suggestion", "/gestes/proposer/", {"email": "pas-un-email"}),
        ("initiative", "/proposer-une-initiative/", {"people_helped": "-3"}),
        ("initiative in Laval", "/mayenne/laval/proposer-une-initiative/", {"title": ""}),
    ]


def _described_by(element) -> list[str]:
    """The ids describing an input: its own aria-describedby, or that of the group of choices
    (fieldset) it belongs to."""
    for node in (element, *element.parents):
        if node.name and node.get("aria-describedby"):
            return node["aria-describedby"].split()
        if node.name == "form":
            break
    return []


def test_every_public_form_announces_its_errors(client, public_forms):
    for name, path, data in public_forms:
        response = client.post(path, data, REMOTE_ADDR="192.0.2.10")
        assert response.status_code in (200, 400), name
        errors = response.context["form"].errors
        assert errors, name
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        form = soup.find("form", method="post")

        for field_name, messages in errors.items():
            inputs = form.find_all(attrs={"name": field_name})
            assert inputs, (name, field_name)
            for element in inputs:
                assert element.get("aria-invalid") == "true", (name, field_name)
                ids = _described_by(element)
                assert any(id_.endswith("_error") for id_ in ids), (name, field_name, ids)
                described = [soup.find(id=id_) for id_ in ids]
                assert all(described), (name, field_name, ids)
                text = " ".join(node.get_text(" ") for node in described)
                assert "Erreur :" in text, (name, field_name)
                for message in messages:
                    assert html.unescape(message) in text, (name, field_name, message)

        summary = soup.find(id="form-errors")
        assert summary is not None, name
        assert summary.has_attr("autofocus") and summary["tabindex"] == "-1", name
        assert summary.sourceline < form.sourceline, name  # first, before the form
        links = summary.find_all("a")
        assert len(links) == len(errors), name
        for link in links:
            assert soup.find(id=link["href"].removeprefix("#")) is not None, (name, link)


def test_the_idea_box_filters_announce_an_unknown_value(client, db):
    """A search form: the bad value is reported beside its field (and ignored), no summary."""
    response = client.get("/gestes/", {"duree": "abc"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    select = soup.find("select", attrs={"name": "duree"})
    assert select.get("aria-invalid") == "true"
    assert select["aria-describedby"] == "id_duree_error"
    error = soup.find(id="id_duree_error")
    assert error is not None and "Erreur :" in error.get_text()


def test_a_page_without_errors_has_no_summary_and_nothing_invalid(client, public_forms):
    for name, path, _data in public_forms:
        page = client.get(path).content.decode()
        assert 'id="form-errors"' not in page, name
        assert "aria-invalid" not in page, name
