"""The demo's volunteers: about forty invented people across the demo's communes, a few waiting
in communes that have not joined (Ernée, Douarnenez, Royan), registrations to the demo's
actions — one full, with its waiting list —, and two past actions with the hours given.

Everyone is invented: addresses end in @exemple.invalid (a domain that can't exist) and the
numbers are in the 06 39 98 range, kept for fiction. No e-mail is sent: the rows are written
directly, as if the volunteers had signed up, confirmed and registered.

Idempotent: a volunteer is found again by their e-mail, an action by its slug under its agenda,
a registration by its volunteer and action. Called by load_demo after the actions and before the
requests for help (which suggest these volunteers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from core.models import NotificationPreference
from core.vocabulary import ActionKind
from demo.actions import CONTACTS, PHONES
from pages.agenda.queries import ensure_action_index
from pages.agenda.recurrence import PARIS
from pages.models import ActionPage, CommunePage
from snippets.models import Gesture
from territories.models import Commune
from volunteers.models import (
    ReferentNote,
    Registration,
    Volunteer,
    join_codes,
)
from volunteers.notifications import TOPIC as NEW_VOLUNTEERS

DOMAIN = "exemple.invalid"
NOT_JOINED = ("53096", "29046", "17306")  # Ernée, Douarnenez, Royan
FULL_ACTION = "lecture-ehpad-laval"  # five ask for its places: three get one, two wait
FULL_CAPACITY = 3

# Gestures of the idea box (demo/gestures.py), by slug; the requests for help ask for these.
COURSES = "faire-les-courses-d-un-voisin"
DEMARCHE = "aider-un-voisin-a-faire-une-demarche-administrative-en-ligne"
RDV = "accompagner-un-aine-a-un-rendez-vous"
POUBELLES = "sortir-les-poubelles-d-un-voisin-qui-peine-a-se-deplacer"
JARDIN = "aider-un-aine-a-entretenir-son-jardin"
VIDEO = "apprendre-a-un-aine-a-appeler-ses-proches-en-video"
COURRIER = "lire-le-courrier-d-une-personne-malvoyante"

WD_AM, WD_PM, WD_EV = "weekday-morning", "weekday-afternoon", "weekday-evening"
WE_AM, WE_PM = "weekend-morning", "weekend-afternoon"
N, C, A = ActionKind.NEIGHBOURLY, ActionKind.COLLECTIVE, ActionKind.ASSOCIATION


@dataclass(frozen=True)
class DemoVolunteer:
    commune: str  # INSEE code
    first_name: str
    last_name: str
    gestures: tuple[str, ...] = ()
    availability: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    skills: str = ""
    confirmed: bool = True

    @property
    def email(self) -> str:
        return f"{slugify(self.first_name)}.{slugify(self.last_name)}@{DOMAIN}"


VOLUNTEERS = (
    # Laval: six, five of whom ask for the three places of the reading at the EHPAD
    DemoVolunteer("53130", "Anouk", "Brisefer", (COURSES, RDV), (WD_AM, WE_AM), (N,), "Permis B"),
    DemoVolunteer("53130", "Bastien", "Coquelicot", (DEMARCHE,), (WD_PM, WD_EV), (N, A)),
    DemoVolunteer(
        "53130", "Clémence", "Pivoine", (COURSES,), (WD_AM,), (N,), "Lecture à voix haute"
    ),
    DemoVolunteer("53130", "Désiré", "Framboisier", (RDV, POUBELLES), (WD_AM, WD_EV), (N, C)),
    DemoVolunteer("53130", "Eulalie", "Tournesol", (VIDEO,), (WE_PM,), (A,), "Informatique"),
    DemoVolunteer("53130", "Fulbert", "Quenouille", (POUBELLES,), (WD_EV,), (C,), confirmed=False),
    # Château-Gontier-sur-Mayenne
    DemoVolunteer("53062", "Gaspard", "Lavandin", (JARDIN,), (WE_AM,), (N,), "Jardinage"),
    DemoVolunteer("53062", "Héloïse", "Mirabelle", (JARDIN, COURSES), (WE_AM, WE_PM), (N, C)),
    DemoVolunteer("53062", "Isidore", "Cerfeuil", (COURSES,), (WD_PM,), (A,)),
    DemoVolunteer("53062", "Jacinthe", "Bouleau", (), (WD_EV,), (C,)),
    # Mayenne
    DemoVolunteer("53147", "Kévin", "Pommeraie", (JARDIN,), (WE_AM,), (C,)),
    DemoVolunteer("53147", "Léontine", "Chardonneret", (VIDEO, COURRIER), (WD_PM,), (N,)),
    DemoVolunteer("53147", "Maxence", "Tilleul", (), (WE_PM,), (A,), "Bricolage"),
    DemoVolunteer("53147", "Noémie", "Myrtille", (COURSES,), (WD_AM,), (N,)),
    # Brest
    DemoVolunteer("29019", "Octave", "Goéland", (VIDEO,), (WD_PM,), (N,), "Smartphones"),
    DemoVolunteer("29019", "Philippine", "Varech", (), (WE_AM,), (C,)),
    DemoVolunteer("29019", "Quentin", "Bigorneau", (RDV,), (WD_AM,), (N,)),
    DemoVolunteer("29019", "Rosalie", "Salicorne", (VIDEO, COURRIER), (WD_PM, WE_PM), (N, A)),
    # Quimper
    DemoVolunteer("29232", "Sidonie", "Korrigan", (COURSES,), (WD_AM,), (N,)),
    DemoVolunteer("29232", "Tanguy", "Bruyère", (), (WE_AM,), (C,), "Canoë"),
    DemoVolunteer("29232", "Ursule", "Hortensia", (RDV,), (WD_PM,), (N,)),
    DemoVolunteer("29232", "Virgile", "Ajonc", (JARDIN,), (WE_PM,), (A,)),
    # Morlaix
    DemoVolunteer("29151", "Wendy", "Viaduc", (COURRIER,), (WD_AM,), (N,)),
    DemoVolunteer("29151", "Xavier", "Goémon", (), (WE_AM,), (C,)),
    DemoVolunteer("29151", "Yolande", "Pétoncle", (COURSES,), (WD_EV,), (N,)),
    DemoVolunteer("29151", "Zacharie", "Lichen", (VIDEO,), (WE_PM,), (A,)),
    # La Rochelle
    DemoVolunteer("17300", "Apolline", "Mouette", (COURRIER,), (WD_AM,), (N,), "Braille"),
    DemoVolunteer("17300", "Barnabé", "Chalutier", (), (WE_AM,), (C,)),
    DemoVolunteer("17300", "Capucine", "Salorge", (COURSES, COURRIER), (WD_AM, WD_PM), (N,)),
    DemoVolunteer("17300", "Dorian", "Écluse", (DEMARCHE,), (WD_EV,), (A,)),
    # Rochefort
    DemoVolunteer("17299", "Edmée", "Corderie", (RDV,), (WD_AM,), (N,)),
    DemoVolunteer("17299", "Florent", "Transbordeur", (), (WE_PM,), (C,)),
    DemoVolunteer("17299", "Gisèle", "Hermione", (JARDIN,), (WE_AM,), (N, C)),
    # Saintes
    DemoVolunteer("17415", "Hippolyte", "Arène", (VIDEO,), (WD_PM,), (N,)),
    DemoVolunteer("17415", "Ismérie", "Charentaise", (COURSES,), (WD_AM,), (N,)),
    DemoVolunteer("17415", "Joachim", "Cognac", (), (WE_AM,), (C,)),
    # Waiting in communes that have not joined: the moderators' list to prospect
    DemoVolunteer("53096", "Katell", "Bocage", (COURSES,), (WD_AM,), (N,)),
    DemoVolunteer("53096", "Lubin", "Haie-Vive", (JARDIN,), (WE_AM,), (C,)),
    DemoVolunteer("53096", "Marceline", "Talus", (), (WD_EV,), (A,)),
    DemoVolunteer("29046", "Nolwenn", "Sardinier", (RDV,), (WD_PM,), (N,)),
    DemoVolunteer("29046", "Oriane", "Penn-Sardin", (), (WE_AM,), (C,)),
    DemoVolunteer("17306", "Prosper", "Pinède", (COURSES,), (WE_PM,), (N,)),
)


@dataclass(frozen=True)
class PastAction:
    commune: str
    slug: str
    title: str
    description: str
    days_ago: int
    hour: int
    minutes: int
    address: str
    # (volunteer's e-mail, hours given, or None when not yet confirmed)
    hours: tuple[tuple[str, str | None], ...]


def _email(first: str, last: str) -> str:
    return f"{slugify(first)}.{slugify(last)}@{DOMAIN}"


PAST_ACTIONS = (
    PastAction(
        "53130",
        "ramassage-feuilles-square-boston",
        "Ramassage des feuilles au square de Boston",
        "Râteaux et brouettes pour dégager les allées avant l'hiver, avec les jardiniers "
        "de la ville.",
        12,
        9,
        150,
        "Square de Boston, Laval",
        (
            (_email("Anouk", "Brisefer"), "2.5"),
            (_email("Désiré", "Framboisier"), "2"),
            (_email("Clémence", "Pivoine"), "1.5"),
            (_email("Bastien", "Coquelicot"), None),
        ),
    ),
    PastAction(
        "29019",
        "atelier-smartphone-bellevue",
        "Atelier smartphone à Bellevue",
        "Montrer aux habitants comment appeler en vidéo, envoyer une photo, prendre un "
        "rendez-vous en ligne.",
        20,
        14,
        120,
        "Maison de quartier de Bellevue, Brest",
        (
            (_email("Octave", "Goéland"), "2"),
            (_email("Rosalie", "Salicorne"), "2"),
            (_email("Quentin", "Bigorneau"), "1"),
        ),
    ),
)

# (action slug, e-mails in the order they asked): places first, then the waiting list.
REGISTRATIONS = (
    (
        FULL_ACTION,
        (
            _email("Clémence", "Pivoine"),
            _email("Anouk", "Brisefer"),
            _email("Eulalie", "Tournesol"),
            _email("Bastien", "Coquelicot"),
            _email("Désiré", "Framboisier"),
        ),
    ),
    (
        "nettoyage-berges-mayenne",
        (_email("Désiré", "Framboisier"), _email("Bastien", "Coquelicot")),
    ),
    (
        "banque-alimentaire-tri",
        (_email("Isidore", "Cerfeuil"), _email("Héloïse", "Mirabelle")),
    ),
    (
        "formation-premiers-secours",
        (_email("Kévin", "Pommeraie"), _email("Gaspard", "Lavandin"), _email("Noémie", "Myrtille")),
    ),
    (
        "nettoyage-plage-moulin-blanc",
        (_email("Philippine", "Varech"), _email("Octave", "Goéland")),
    ),
    (
        "nettoyage-vieux-port",
        (_email("Barnabé", "Chalutier"), _email("Capucine", "Salorge")),
    ),
)


def phone_of(index: int) -> str:
    return f"063998{index:04d}"


def _ensure_volunteers(now: dt.datetime) -> tuple[int, dict[str, Volunteer]]:
    locale = Locale.get_default()
    communes = {c.code: c for c in Commune.objects.filter(code__in={v.commune for v in VOLUNTEERS})}
    engaged = set(
        CommunePage.objects.live()
        .filter(commune__code__in=communes.keys())
        .values_list("commune__code", flat=True)
    )
    gestures = {
        g.slug: g
        for g in Gesture.objects.filter(
            locale=locale, live=True, slug__in={s for v in VOLUNTEERS for s in v.gestures}
        )
    }
    existing = {v.email: v for v in Volunteer.objects.filter(email__endswith=f"@{DOMAIN}")}
    created = 0
    for index, spec in enumerate(VOLUNTEERS):
        commune = communes.get(spec.commune)
        if commune is None or spec.email in existing:
            continue
        signed_up = now - dt.timedelta(days=40 - index % 30)
        confirmed_at = signed_up + dt.timedelta(hours=2) if spec.confirmed else None
        volunteer = Volunteer.objects.create(
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=spec.email,
            phone=phone_of(index),
            commune=commune,
            kinds=join_codes(spec.kinds),
            availability=join_codes(spec.availability),
            skills=spec.skills,
            heard_from="Le bulletin municipal" if index % 2 else "Un voisin",
            charter_accepted_at=signed_up,
            contact_consent=True,
            confirmed_at=confirmed_at,
            handed_over_at=confirmed_at if spec.commune in engaged else None,
        )
        if not spec.confirmed:
            # A recent sign-up still waiting for its confirmation (not purged yet).
            signed_up = now - dt.timedelta(days=2)
        Volunteer.objects.filter(pk=volunteer.pk).update(created_at=signed_up)
        volunteer.gestures.set([gestures[s] for s in spec.gestures if s in gestures])
        existing[spec.email] = volunteer
        created += 1
    return created, existing


def _ensure_past_action(spec: PastAction, now: dt.datetime) -> ActionPage | None:
    page = CommunePage.objects.live().filter(commune__code=spec.commune).first()
    if page is None:
        return None
    index = ensure_action_index(page)
    action = ActionPage.objects.child_of(index).filter(slug=spec.slug).first()
    if action is not None:
        return action
    day = timezone.localtime(now, PARIS).date() - dt.timedelta(days=spec.days_ago)
    start = dt.datetime.combine(day, dt.time(spec.hour), tzinfo=PARIS)
    action = ActionPage(
        title=spec.title,
        slug=spec.slug,
        description=spec.description,
        kind=ActionKind.COLLECTIVE,
        start=start,
        end=start + dt.timedelta(minutes=spec.minutes),
        address=spec.address,
        place_commune=page.commune,
        registration_required=True,
        capacity=20,
        contact_name=CONTACTS[spec.commune][0],
        contact_email=CONTACTS[spec.commune][1],
        contact_phone=PHONES[spec.commune],
    )
    index.add_child(instance=action)
    action.save_revision().publish()
    return action


def _register(volunteer: Volunteer, action: ActionPage, status: str, at: dt.datetime, **extra):
    registration, created = Registration.objects.get_or_create(
        volunteer=volunteer,
        action_id=action.pk,
        defaults={"status": status, "requested_at": at, **extra},
    )
    return created


# The Laval referent's notes: what a phone call or a visit to the mairie taught them.
NOTES = (
    ("laval.referent", "Anouk", "Brisefer", "Appelée : préfère les courses du mardi matin."),
    (
        "laval.referent",
        "Clémence",
        "Pivoine",
        "Passée à l'accueil de la mairie ; lira volontiers à l'EHPAD une fois par mois.",
    ),
    ("laval.referent", "Clémence", "Pivoine", "Absente du 10 au 24 : pas de sollicitation."),
)


def _ensure_notes(volunteers: dict[str, Volunteer]) -> None:
    usernames = {username for username, *_rest in NOTES}
    authors = {
        user.username: user for user in get_user_model().objects.filter(username__in=usernames)
    }
    for username, first, last, text in NOTES:
        volunteer = volunteers.get(_email(first, last))
        if volunteer is not None:
            ReferentNote.objects.get_or_create(
                volunteer=volunteer, text=text, defaults={"author": authors.get(username)}
            )


# The Mayenne referent, who follows the whole department, chose one e-mail a day.
DAILY_DIGEST_USERS = ("mayenne.referent",)


def _ensure_preferences() -> None:
    for user in get_user_model().objects.filter(username__in=DAILY_DIGEST_USERS):
        NotificationPreference.objects.update_or_create(
            user=user,
            topic=NEW_VOLUNTEERS,
            defaults={"delivery": NotificationPreference.Delivery.DAILY},
        )


def load() -> int:
    """Creates the demo's volunteers, registrations and hours that are missing; returns how
    many volunteers were created (0 the second time)."""
    now = timezone.now()
    with transaction.atomic():
        created, volunteers = _ensure_volunteers(now)
        for spec in PAST_ACTIONS:
            action = _ensure_past_action(spec, now)
            if action is None:
                continue
            for email, hours in spec.hours:
                volunteer = volunteers.get(email)
                if volunteer is None:
                    continue
                _register(
                    volunteer,
                    action,
                    Registration.Status.REGISTERED,
                    action.start - dt.timedelta(days=5),
                    hours=Decimal(hours) if hours is not None else None,
                    hours_recorded_at=action.end + dt.timedelta(days=1) if hours else None,
                    followed_up_at=action.end + dt.timedelta(hours=2),
                    reminded_for=timezone.localtime(action.start, PARIS).date(),
                )
        actions = {
            a.slug: a
            for a in ActionPage.objects.filter(slug__in={slug for slug, _e in REGISTRATIONS})
        }
        for slug, emails in REGISTRATIONS:
            action = actions.get(slug)
            if action is None:
                continue
            for order, email in enumerate(emails):
                volunteer = volunteers.get(email)
                if volunteer is None or not volunteer.is_confirmed:
                    continue
                full = action.capacity is not None and order >= action.capacity
                status = Registration.Status.WAITING if full else Registration.Status.REGISTERED
                _register(volunteer, action, status, now - dt.timedelta(hours=48 - order))
        _ensure_notes(volunteers)
        _ensure_preferences()
    return created
