"""The demo's requests for help (called by load_demo, after the volunteers): received by
phone or at the desk in several communes, Laval among them, in every state — open, a
volunteer put in touch, closed with the hours given, and one closed long ago whose
beneficiary's details are already erased. The beneficiaries are invented, with fictional
numbers and @exemple.invalid addresses.

Idempotent: a request is found again by its commune and its text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from helprequests import services
from helprequests.models import Contact, HelpRequest
from snippets.models import Gesture
from territories.models import Commune


@dataclass(frozen=True)
class DemoRequest:
    commune: str  # INSEE code
    need: str
    gesture: str  # a gesture's slug, or ""
    channel: str
    availability: str
    place: str
    beneficiary: tuple[str, str, str]  # name, telephone, e-mail
    days_ago: int
    state: str = "open"  # open, in_touch, closed, erased
    hours: str = "0"


REQUESTS = (
    DemoRequest(
        "53130",
        "Faire les courses une fois par semaine pendant une convalescence de deux mois.",
        "faire-les-courses-d-un-voisin",
        "phone",
        "weekday-morning",
        "Quartier Saint-Nicolas",
        ("Mme Odile Exemple", "02 99 99 70 01", "odile.exemple@exemple.invalid"),
        3,
    ),
    DemoRequest(
        "53130",
        "Aider à déclarer ses revenus en ligne avant la date limite.",
        "aider-un-voisin-a-faire-une-demarche-administrative-en-ligne",
        "desk",
        "weekday-afternoon",
        "Centre-ville",
        ("M. Lucien Exemple", "02 99 99 70 02", ""),
        9,
        state="in_touch",
    ),
    DemoRequest(
        "53130",
        "Accompagner à un rendez-vous à l'hôpital et attendre pour le retour.",
        "accompagner-un-aine-a-un-rendez-vous",
        "partner",
        "weekday-morning",
        "Avesnières",
        ("Mme Rose Exemple", "02 99 99 70 03", ""),
        21,
        state="closed",
        hours="3",
    ),
    DemoRequest(
        "53130",
        "Sortir les poubelles chaque mardi soir pendant l'hiver.",
        "sortir-les-poubelles-d-un-voisin-qui-peine-a-se-deplacer",
        "phone",
        "weekday-evening",
        "Hilard",
        ("M. André Exemple", "02 99 99 70 04", ""),
        140,
        state="erased",
        hours="8",
    ),
    DemoRequest(
        "53062",
        "Arroser le potager pendant trois semaines d'hospitalisation.",
        "aider-un-aine-a-entretenir-son-jardin",
        "desk",
        "weekend-morning",
        "Bazouges",
        ("Mme Hélène Exemple", "02 99 99 70 05", ""),
        5,
        state="in_touch",
    ),
    DemoRequest(
        "29019",
        "Aider à installer un smartphone pour appeler la famille en vidéo.",
        "apprendre-a-un-aine-a-appeler-ses-proches-en-video",
        "phone",
        "weekday-afternoon",
        "Saint-Marc",
        ("M. Yves Exemple", "02 99 99 70 06", "yves.exemple@exemple.invalid"),
        2,
    ),
    DemoRequest(
        "17300",
        "Lire le courrier chaque semaine à une voisine malvoyante.",
        "lire-le-courrier-d-une-personne-malvoyante",
        "partner",
        "weekday-morning",
        "Tasdon",
        ("Mme Claire Exemple", "02 99 99 70 07", ""),
        30,
        state="closed",
        hours="4",
    ),
)


def load() -> int:
    """Creates the demo's requests that are missing; returns how many."""
    locale = Locale.get_default()
    communes = {c.code: c for c in Commune.objects.filter(code__in={r.commune for r in REQUESTS})}
    gestures = {
        g.slug: g
        for g in Gesture.objects.filter(locale=locale, slug__in={r.gesture for r in REQUESTS})
    }
    now = timezone.now()
    saved = 0
    with transaction.atomic():
        for spec in REQUESTS:
            commune = communes.get(spec.commune)
            if (
                commune is None
                or HelpRequest.objects.filter(commune=commune, need=spec.need).exists()
            ):
                continue
            name, phone, email = spec.beneficiary
            help_request = HelpRequest.objects.create(
                commune=commune,
                gesture=gestures.get(spec.gesture),
                need=spec.need,
                channel=spec.channel,
                availability=spec.availability,
                place=spec.place,
                beneficiary_name=name,
                beneficiary_phone=phone.replace(" ", ""),
                beneficiary_email=email,
            )
            HelpRequest.objects.filter(pk=help_request.pk).update(
                created_at=now - dt.timedelta(days=spec.days_ago)
            )
            if spec.state in ("in_touch", "closed", "erased"):
                suggested = services.suggestions(help_request, limit=1)
                if suggested:
                    Contact.objects.create(request=help_request, volunteer=suggested[0])
                    help_request.status = HelpRequest.Status.IN_TOUCH
                    help_request.save(update_fields=["status"])
            if spec.state in ("closed", "erased"):
                closed_at = now - dt.timedelta(days=max(spec.days_ago - 7, 0))
                services.close(
                    help_request, outcome="helped", hours=Decimal(spec.hours), now=closed_at
                )
            saved += 1
        services.erase_old_contacts(now)
    return saved
