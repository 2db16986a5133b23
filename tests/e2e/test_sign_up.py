"""A resident signs up from their commune's page, then confirms from the e-mail."""

import re

import pytest
from django.core import mail

from core.vocabulary import ActionKind
from onboarding.services import onboard_commune
from snippets.models import Gesture, GestureCategory
from tests.factories.territories import CommuneFactory, DepartmentFactory, PostalCodeFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def laval_sign_up(live_server) -> str:
    from wagtail.models import Locale

    mayenne = DepartmentFactory(code="53", name="Mayenne", slug="mayenne")
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=laval)
    onboard_commune("53130")
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
    mail.outbox = []
    return live_server.url


def test_resident_signs_up_and_confirms(laval_sign_up, page, screenshots):
    page.goto(laval_sign_up + "/mayenne/laval/je-participe/?geste=porter-colis")
    assert page.get_by_role("heading", level=1).inner_text() == "Je donne une heure par mois"
    assert page.get_by_label("Code postal").input_value() == "53000"
    assert page.get_by_label("Porter un colis").is_checked()
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label(re.compile(r"^Nom")).fill("Durand")
    page.get_by_label("E-mail").fill("camille.durand@exemple.invalid")
    page.get_by_label("Le week-end, le matin").check()
    page.get_by_label("J'ai lu et j'accepte la charte du bénévole").check()
    page.get_by_label(re.compile("J'accepte d'être contacté")).check()
    page.screenshot(path=str(screenshots / "sign-up-form.png"), full_page=True)
    page.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_url(re.compile(r"/je-participe/verifiez-vos-e-mails/$"))
    assert "Vérifiez votre boîte" in page.get_by_role("heading", level=1).inner_text()

    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/je-participe/confirmer/\S+/)", mail.outbox[0].body)[1]
    page.goto(laval_sign_up + link)
    assert page.get_by_role("heading", level=1).inner_text() == "Votre inscription est confirmée"
