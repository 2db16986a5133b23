"""The monthly hour of a volunteer who reads English (issue 21): the actions proposed in
English where translated, else in French marked lang="fr" in the HTML; the gesture of the idea
box in English with its English page; the batch reads the translations once per language."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mailings import monthly
from pages.translations import translate
from tests.volunteers.conftest import make_volunteer
from volunteers.models import Volunteer

from .conftest import bulk_volunteers
from .test_monthly_hour import actions  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_actions_are_proposed_in_english_where_translated(laval, laval_actions, actions):  # noqa: F811
    translate(laval_actions, "en", {})
    translate(actions["laval"], "en", {"Jardin partagé de Laval": "Laval's shared garden"})
    volunteer = make_volunteer(laval, 1, language="en", availability=",weekend-morning,")
    mail.outbox.clear()
    monthly.send_monthly_hour()
    message = next(m for m in mail.outbox if m.to == [volunteer.email])
    assert message.subject == "Your hour this month"
    assert "- Laval's shared garden," in message.body
    assert "Jardin partagé de Laval" not in message.body
    html = message.alternatives[0][0]
    assert "<strong>Laval&#x27;s shared garden</strong>" in html
    # Not translated: in French, marked for the reader's screen reader.
    assert '<strong lang="fr">Jardin de Château-Gontier</strong>' in html


def test_the_gesture_of_the_idea_box_is_in_english(laval, gestures):
    english = translate(gestures[2], "en", {"Arroser un jardin": "Water a garden"})
    english.get_latest_revision().publish(skip_permission_checks=True)  # after moderation
    volunteer = make_volunteer(laval, 1, language="en")
    volunteer.gestures.set([gestures[2]])
    mail.outbox.clear()
    monthly.send_monthly_hour()
    (message,) = [m for m in mail.outbox if m.to == [volunteer.email]]
    assert "Water a garden : http://testserver/en/" in message.body
    assert english.get_url() in message.body
    assert "Arroser" not in message.body


def test_a_batch_reads_the_translations_once_per_language(
    laval,
    laval_actions,
    gestures,
    actions,  # noqa: F811
    monkeypatch,
):
    translate(laval_actions, "en", {})
    translate(actions["laval"], "en", {"Jardin partagé de Laval": "Laval's shared garden"})
    monkeypatch.setattr(monthly, "BATCH_SIZE", 10)
    now = timezone.now()
    month = monthly.month_of(now)
    candidates = monthly.candidates(now)
    idea_box = list(monthly.Gesture.objects.filter(live=True).select_related("locale"))
    themes = {}
    translations = monthly.Translations(candidates, idea_box)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert monthly.send_batch(month, candidates, idea_box, themes, translations) == 10
        return len(captured)

    bulk_volunteers(laval, 30, 0, gesture=gestures[2])
    Volunteer.objects.update(language="en", availability=",weekend-morning,")
    first = queries()  # Laval's colours and the English translations, read once per run
    assert queries() == queries() < first
    assert sum("Laval's shared garden" in m.body for m in mail.outbox) == 30
    assert not any("Jardin partagé de Laval" in m.body for m in mail.outbox)
