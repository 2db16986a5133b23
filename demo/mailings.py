"""The demo's mailings (called by load_demo, after the volunteers): one sent by the
department of Mayenne ten days ago to its volunteers who like gardening, with its figures
(copies sent, one address bounced, one volunteer unsubscribed), and one from Laval scheduled
for next Monday morning. No e-mail is written: the sent one's copies are recorded as sent.

Idempotent: a mailing is found again by its sender and its subject.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mailings import services
from mailings.models import Bounce, Delivery, Mailing
from territories.models import Commune, Department

SENT_SUBJECT = "Le printemps des jardins partagés en Mayenne"
SENT_BODY = (
    "<p>Bonjour à toutes et à tous,</p>"
    "<p>Les jardins partagés de la Mayenne rouvrent leurs parcelles : arrosage, semis, "
    "désherbage, chacun donne l'heure qu'il peut. Merci à celles et ceux qui ont déjà "
    "répondu présent l'an dernier !</p>"
    "<ul><li>Un samedi matin par mois, outils fournis.</li>"
    "<li>Aucune compétence n'est nécessaire : on apprend en faisant.</li></ul>"
)
SCHEDULED_SUBJECT = "Laval : la semaine de l'entraide approche"
SCHEDULED_BODY = (
    "<p>Bonjour,</p>"
    "<p>Du 1<sup>er</sup> au 7 du mois prochain, Laval organise sa semaine de l'entraide : "
    "courses pour les voisins âgés, visites de convivialité, petites réparations. "
    "Inscrivez-vous dans l'agenda, une heure suffit.</p>"
)


def load() -> int:
    """Creates the two mailings when missing; returns how many were created."""
    mayenne = Department.objects.filter(code="53").first()
    laval = Commune.objects.filter(code="53130").first()
    if mayenne is None or laval is None:
        return 0
    users = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=["mayenne.referent", "laval.referent"]
        )
    }
    created = 0
    with transaction.atomic():
        if not Mailing.objects.filter(department=mayenne, subject=SENT_SUBJECT).exists():
            _sent_mailing(mayenne, users.get("mayenne.referent"))
            created += 1
        if not Mailing.objects.filter(commune=laval, subject=SCHEDULED_SUBJECT).exists():
            monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
            Mailing.objects.create(
                commune=laval,
                subject=SCHEDULED_SUBJECT,
                body=SCHEDULED_BODY,
                call_to_action="Voir l'agenda de Laval",
                call_to_action_url="https://heurecivique.fr/mayenne/laval/actions/",
                status=Mailing.Status.SCHEDULED,
                scheduled_at=timezone.make_aware(
                    dt.datetime(monday.year, monday.month, monday.day, 9, 0)
                ),
                created_by=users.get("laval.referent"),
            )
            created += 1
    return created


def _sent_mailing(mayenne: Department, author) -> None:
    sent_on = timezone.now() - dt.timedelta(days=10)
    mailing = Mailing.objects.create(
        department=mayenne,
        subject=SENT_SUBJECT,
        body=SENT_BODY,
        call_to_action="Trouver un jardin près de chez moi",
        call_to_action_url="https://heurecivique.fr/gestes/",
        availability=["weekend-morning", "weekend-afternoon"],
        status=Mailing.Status.SENT,
        scheduled_at=sent_on,
        sent_at=sent_on,
        created_by=author,
    )
    recipients = list(services.segment(mailing).order_by("pk")[:40])
    Delivery.objects.bulk_create(
        [Delivery(mailing=mailing, volunteer=volunteer) for volunteer in recipients]
    )
    # Their copies went out ten days ago (the one-a-week rule then lets the next one through).
    Delivery.objects.filter(mailing=mailing).update(created_at=sent_on)
    if len(recipients) >= 3:
        bounced, unsubscribed = recipients[-1], recipients[-2]
        Bounce.objects.get_or_create(volunteer=bounced, defaults={"kind": Bounce.Kind.BOUNCED})
        Delivery.objects.filter(mailing=mailing, volunteer=bounced).update(
            status=Delivery.Status.BOUNCED
        )
        Delivery.objects.filter(mailing=mailing, volunteer=unsubscribed).update(
            status=Delivery.Status.UNSUBSCRIBED
        )
