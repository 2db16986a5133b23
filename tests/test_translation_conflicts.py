"""One translation per English text. Django merges the apps' catalogues and the first app in
INSTALLED_APPS wins: an English text translated one way in one app and another way elsewhere is
shown in the first app's words everywhere (the wrong gender, the wrong word). Where the French
must differ, the English carries a context (pgettext, `{% translate ... context ... %}`): these
tests hold the catalogues to one French per (context, text), and show the places that were
wrong now saying the right word."""

from collections import defaultdict

import pytest
from django.conf import settings
from django.utils import translation

from mailings.admin_views import PER_PAGE
from mailings.models import Mailing
from tests.test_translation_coverage import BASE, entries

pytestmark = pytest.mark.django_db


def catalogues(code: str):
    for po in sorted(BASE.glob(f"**/locale/{code}/LC_MESSAGES/django.po")):
        if ".venv" in po.parts or "node_modules" in po.parts:
            continue
        yield po.relative_to(BASE), entries(po)


def conflicts(code: str) -> dict[tuple[str, str], dict[str, str]]:
    """(context, msgid) -> {catalogue: msgstr} where two catalogues translate it differently
    (an empty translation is none: the other catalogue's is shown)."""
    found: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for po, catalogue in catalogues(code):
        for key, msgstr in catalogue.items():
            if msgstr:
                found[key][str(po)] = msgstr
    return {key: where for key, where in found.items() if len(set(where.values())) > 1}


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_no_two_catalogues_translate_the_same_text_differently(code):
    assert list(catalogues(code))  # the catalogues were found
    assert conflicts(code) == {}


@pytest.mark.parametrize(
    ("label", "french"),
    [
        (lambda: Mailing.Status.SCHEDULED.label, "Programmé"),
        (lambda: _action_status().SCHEDULED.label, "Prévue"),
        (lambda: _field("support.Answer", "created_at"), "envoyée le"),
        (lambda: _field("support.Answer", "author"), "écrite par"),
        (lambda: _field("mailings.MonthlyHour", "created_at"), "envoyée le"),
        (lambda: _field("mailings.Mailing", "created_by"), "écrit par"),
        (lambda: _field("mailings.Mailing", "created_at"), "écrit le"),
        (lambda: _field("mailings.Delivery", "volunteer"), "bénévole"),
        (lambda: _field("mailings.Bounce", "kind"), "type"),
        (lambda: _field("volunteers.ReferentNote", "created_at"), "écrite le"),
        (lambda: _field("volunteers.NoticeDelivery", "sent_at"), "envoyé le"),
        (lambda: _field("volunteers.Registration", "updated_at"), "mise à jour le"),
        (lambda: _field("core.PendingNotification", "created_at"), "créée le"),
        (lambda: _field("core.OutgoingEmail", "created_at"), "créé le"),
        (lambda: _field("practices.PracticePage", "topic"), "thème"),
        (lambda: _field("core.NotificationPreference", "topic"), "sujet"),
        (lambda: _field("practices.PracticePage", "body"), "contenu"),
        (lambda: _all_prospects(), "Tous"),
        (lambda: _field("pages.AccessibilityStatementPage", "contact_email"), "e-mail"),
    ],
)
def test_each_label_is_in_its_own_french(label, french):
    with translation.override("fr"):
        assert str(label()) == french


def _field(model: str, name: str) -> str:
    from django.apps import apps

    return apps.get_model(model)._meta.get_field(name).verbose_name


def _all_prospects() -> str:
    from prospecting.forms import PipelineFilterForm

    return PipelineFilterForm.base_fields["state"].choices[0][1]


def _action_status():
    from pages.models.actions import ActionStatus

    return ActionStatus


def test_the_mailings_list_and_form_say_it_in_the_mailings_words(client, laval, laval_referent):
    """The list's sender column, a scheduled mailing's state and the pages' links: before, "De"
    (a ticket's sender), "Prévue" (an action's, feminine) and "Suivantes" (the help requests')
    won over the mailings' own words."""
    Mailing.objects.create(
        commune=laval, subject="Nettoyage des berges", body="<p>x</p>", status="scheduled"
    )
    for n in range(PER_PAGE):
        Mailing.objects.create(commune=laval, subject=f"Brouillon {n}", body="<p>x</p>")
    client.force_login(laval_referent)
    listing = client.get("/admin/envois/").content.decode()
    second = client.get("/admin/envois/?p=2").content.decode()
    form = client.get("/admin/envois/nouveau/").content.decode()
    assert '<th scope="col">De la part de</th>' in listing
    assert '<th scope="col">Statut</th>' in listing
    assert "Nettoyage des berges" in listing + second
    assert "Programmé" in listing + second and "Prévue" not in listing + second
    assert ">Suivante</a>" in listing and ">Précédente</a>" in second
    assert "De la part de" in form
