"""The translation tool (wagtail-localize) reads snippets through its own admin API, the one its
editor's choosers use: gestures awaiting moderation (a suggestion from the public form, a
draft) are listed there only to those who may moderate gestures (issue 14). A commune editor
sees the published ones, as on the public idea box."""

import pytest

from snippets.models import Gesture

from .conftest import DRAFT_WORD, SUGGESTION_WORD

pytestmark = pytest.mark.django_db

LISTING = "/admin/localize/api/snippets/snippets/gesture/"


def titles(client, url=LISTING) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [item["title"] for item in response.json()]


def test_a_commune_editor_sees_only_published_gestures_in_the_translation_tool(
    client, laval_editor, hidden_gestures
):
    client.force_login(laval_editor)
    listed = titles(client)
    live = list(Gesture.objects.filter(live=True).values_list("title", flat=True))
    assert sorted(listed) == sorted(live) and live
    body = client.get(LISTING).content.decode()
    assert DRAFT_WORD not in body and SUGGESTION_WORD not in body
    for gesture in hidden_gestures:
        assert client.get(f"{LISTING}{gesture.pk}/").status_code == 404
    published = Gesture.objects.filter(live=True).first()
    assert client.get(f"{LISTING}{published.pk}/").json()["title"] == published.title


def test_a_moderator_sees_the_suggestions_to_translate_them_once_approved(
    client, moderator, hidden_gestures
):
    client.force_login(moderator)
    listed = titles(client)
    for gesture in hidden_gestures:
        assert gesture.title in listed
        assert client.get(f"{LISTING}{gesture.pk}/").status_code == 200


def test_the_other_snippets_of_the_translation_tool_still_answer(client, laval_editor, loaded):
    client.force_login(laval_editor)
    response = client.get("/admin/localize/api/snippets/snippets/gesturecategory/")
    assert response.status_code == 200 and len(response.json()) == 3
