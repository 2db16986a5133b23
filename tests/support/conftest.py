"""The help centre's questions for each audience, tickets routed to Laval, to Mayenne, to
Quimper and to the national team, and a contact form's valid fields."""

import pytest
from wagtail.models import Locale

from support.models import Audience, Question, Ticket
from tests.pages.test_purge import purge_server  # noqa: F401 (its fixture)

QUESTIONS = [
    (Audience.VOLUNTEERS, "inscription", "Comment m’inscrire ?", "<p>Par le formulaire.</p>"),
    (Audience.VOLUNTEERS, "annuler", "Comment annuler ?", "<p>Depuis votre espace.</p>"),
    (Audience.ELECTED, "rejoindre", "Comment la commune rejoint-elle ?", "<p>Écrivez-nous.</p>"),
    (Audience.ASSOCIATIONS, "partenaire", "Devenir partenaire ?", "<p>Proposez une action.</p>"),
]


@pytest.fixture
def questions(db):
    locale = Locale.get_default()
    return [
        Question.objects.create(
            locale=locale, audience=audience, slug=slug, question=text, answer=answer, order=n
        )
        for n, (audience, slug, text, answer) in enumerate(QUESTIONS)
    ]


def make_ticket(**fields) -> Ticket:
    values = {
        "name": "Jeanne Demandeuse",
        "email": "jeanne@exemple.invalid",
        "audience": Audience.VOLUNTEERS,
        "subject": "Une question",
        "message": "Comment se passe une action ?",
    }
    values.update(fields)
    return Ticket.objects.create(**values)


@pytest.fixture
def laval_ticket(laval, mayenne, laval_referent):
    return make_ticket(commune=laval, routed_commune=laval, routed_department=mayenne)


@pytest.fixture
def mayenne_ticket(ernee, mayenne, mayenne_referent):
    return make_ticket(commune=ernee, routed_department=mayenne, subject="Pour la Mayenne")


@pytest.fixture
def quimper_ticket(quimper, finistere, quimper_referent):
    return make_ticket(
        commune=quimper, routed_commune=quimper, routed_department=finistere, subject="Quimper"
    )


@pytest.fixture
def national_ticket(db):
    return make_ticket(subject="Pour l’équipe nationale", email="national@exemple.invalid")


@pytest.fixture
def contact_fields():
    return {
        "name": "Jeanne Demandeuse",
        "email": "jeanne@exemple.invalid",
        "audience": "volunteers",
        "postal_code": "",
        "commune": "",
        "subject": "Trouver une action",
        "message": "Je ne trouve pas d’action près de chez moi, que faire ?",
        "website": "",
    }
