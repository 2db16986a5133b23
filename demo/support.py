"""The demo's help centre (called by load_demo): questions and answers for each audience, in
French, and tickets in every state — new, in progress, answered, closed — routed to Laval's
referents, to Mayenne's and to the national team. The requesters are invented, with
@exemple.invalid addresses.

Idempotent: a question is found again by its anchor, a ticket by its subject.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from support.models import Answer, Audience, Question, Ticket
from support.services import route_of
from territories.models import Commune

V, E, A = Audience.VOLUNTEERS, Audience.ELECTED, Audience.ASSOCIATIONS

QUESTIONS = (
    (
        V,
        "comment-s-inscrire",
        "Comment devenir bénévole de L’Heure Civique ?",
        "<p>Choisissez « Je participe », donnez votre code postal et les gestes qui vous "
        "plaisent. Un e-mail vous demande de confirmer votre adresse : c’est tout. Si votre "
        "commune ne participe pas encore, votre inscription l’attend et vous êtes prévenu dès "
        "qu’elle rejoint le programme.</p>",
    ),
    (
        V,
        "une-heure-par-mois",
        "Dois-je vraiment donner une heure chaque mois ?",
        "<p>Non : une heure par mois est une invitation, pas une obligation. Vous vous "
        "inscrivez aux actions qui vous conviennent, quand vous le pouvez, et vous pouvez "
        "aussi faire seul un geste de la boîte à idées.</p>",
    ),
    (
        V,
        "annuler-une-inscription",
        "Comment annuler mon inscription à une action ?",
        "<p>Ouvrez le lien de votre espace reçu par e-mail, puis « Annuler » à côté de "
        "l’action. Votre place est aussitôt rendue à la personne suivante sur la liste "
        "d’attente. Prévenez si possible la veille au plus tard.</p>",
    ),
    (
        V,
        "assurance-benevole",
        "Suis-je assuré pendant une action ?",
        "<p>Les actions organisées par une mairie sont couvertes par l’assurance de la "
        "commune pour ses collaborateurs bénévoles. Pour une action d’association, c’est "
        "l’assurance de l’association qui s’applique : demandez-la à l’organisateur.</p>",
    ),
    (
        E,
        "rejoindre-le-programme",
        "Comment notre commune peut-elle rejoindre L’Heure Civique ?",
        "<p>Écrivez-nous par le formulaire de contact en choisissant « Élus et agents de "
        "mairie » : l’équipe de votre département vous propose une présentation, en visio ou "
        "sur place. L’adhésion crée la page de la commune, ses comptes et ses supports de "
        "communication aux couleurs de la commune.</p>",
    ),
    (
        E,
        "role-du-referent",
        "Quel est le rôle du référent de la commune ?",
        "<p>Le référent accueille les bénévoles de la commune, enregistre les demandes d’aide "
        "reçues en mairie ou par téléphone et met en relation. Il voit les bénévoles de sa "
        "commune, et eux seuls. Comptez une à deux heures par semaine.</p>",
    ),
    (
        E,
        "publier-une-action",
        "Comment publier une action dans l’agenda ?",
        "<p>Dans l’administration, ouvrez la page de la commune puis « Actions » et "
        "« Ajouter une page enfant ». Indiquez la date, le lieu et le nombre de places : "
        "l’action paraît dans l’agenda, ses flux iCalendar et les affiches.</p>",
    ),
    (
        A,
        "association-partenaire",
        "Notre association peut-elle proposer des actions ?",
        "<p>Oui : proposez votre initiative par le formulaire public, ou demandez à la mairie "
        "de publier l’action dans son agenda. Les bénévoles de la commune pourront s’y "
        "inscrire.</p>",
    ),
    (
        A,
        "trouver-des-benevoles",
        "Comment trouver des bénévoles pour une action ponctuelle ?",
        "<p>Publiez l’action avec le nombre de places et les gestes qu’elle demande : les "
        "bénévoles qui ont choisi ces gestes la voient en premier. Le référent de la commune "
        "peut aussi vous mettre en relation.</p>",
    ),
)


@dataclass(frozen=True)
class DemoTicket:
    subject: str
    name: str
    email: str
    audience: str
    commune: str  # INSEE code, or ""
    message: str
    hours_ago: int
    state: str
    answer: str = ""
    answered_after_minutes: int = 0


TICKETS = (
    DemoTicket(
        "Action de samedi complète",
        "Sophie Exemple",
        "sophie.exemple@exemple.invalid",
        V,
        "53130",
        "Le nettoyage des berges de samedi est complet : puis-je venir quand même ?",
        2,
        Ticket.Status.NEW,
    ),
    DemoTicket(
        "Présenter le programme au conseil municipal",
        "Gérard Exemple",
        "maire.exemple@exemple.invalid",
        E,
        "53062",
        "Pouvez-vous venir présenter L’Heure Civique au conseil municipal du mois prochain ?",
        20,
        Ticket.Status.IN_PROGRESS,
    ),
    DemoTicket(
        "Changer d’adresse e-mail",
        "Nadia Exemple",
        "nadia.exemple@exemple.invalid",
        V,
        "53130",
        "J’ai changé d’adresse e-mail, comment la mettre à jour dans mon espace ?",
        48,
        Ticket.Status.ANSWERED,
        "Bonjour, ouvrez votre espace par le lien reçu par e-mail, puis « Mes coordonnées ». "
        "Le changement est confirmé par un e-mail à la nouvelle adresse.",
        95,
    ),
    DemoTicket(
        "Partenariat avec une association d’aide aux devoirs",
        "Association Exemple",
        "contact@association.exemple.invalid",
        A,
        "",
        "Notre association aimerait proposer de l’aide aux devoirs dans plusieurs communes.",
        120,
        Ticket.Status.CLOSED,
        "Merci ! Proposez chaque action par le formulaire d’initiative : elle paraît après "
        "modération, et les communes peuvent la reprendre.",
        300,
    ),
)


def load() -> int:
    """Creates the demo's questions and tickets that are missing; returns how many."""
    locale = Locale.get_default()
    saved = 0
    with transaction.atomic():
        for order, (audience, slug, question, answer) in enumerate(QUESTIONS):
            _item, created = Question.objects.get_or_create(
                locale=locale,
                slug=slug,
                defaults={
                    "audience": audience,
                    "question": question,
                    "answer": answer,
                    "order": order,
                },
            )
            saved += created
        saved += _load_tickets()
    return saved


def _load_tickets() -> int:
    communes = {c.code: c for c in Commune.objects.filter(code__in={t.commune for t in TICKETS})}
    author = get_user_model().objects.filter(username="laval.referent").first()
    now = timezone.now()
    saved = 0
    for spec in TICKETS:
        if Ticket.objects.filter(subject=spec.subject).exists():
            continue
        commune = communes.get(spec.commune)
        route = route_of(commune)
        ticket = Ticket.objects.create(
            name=spec.name,
            email=spec.email,
            audience=spec.audience,
            commune=commune,
            routed_commune=route.commune,
            routed_department=route.department,
            subject=spec.subject,
            message=spec.message,
            status=spec.state,
        )
        created_at = now - dt.timedelta(hours=spec.hours_ago)
        first_response = None
        if spec.answer:
            first_response = created_at + dt.timedelta(minutes=spec.answered_after_minutes)
            reply = Answer.objects.create(ticket=ticket, body=spec.answer, author=author)
            Answer.objects.filter(pk=reply.pk).update(created_at=first_response)
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=created_at,
            updated_at=first_response or created_at,
            first_response_at=first_response,
        )
        saved += 1
    return saved
