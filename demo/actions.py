"""The demo's actions: about forty, over the next eight weeks, across the demo's communes.

Some repeat every month, one is cancelled (with its reason), one lasts all day, one concerns a
whole department. Dates are counted from the day of the load. Everything is invented; contacts
are institutional (@example.org, 02 99 99 .. ..), never a person's.

`load()` is idempotent: an action already there (by its slug, under its agenda) is left as it
is, so a second call saves nothing and returns 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Locale

from pages.agenda.queries import ensure_action_index, today
from pages.agenda.recurrence import PARIS
from pages.models import ActionPage, CommunePage, DepartmentPage, HomePage, MonthlyPosition
from snippets.models import Gesture
from territories.models import Commune

WEEKS = 8


@dataclass(frozen=True)
class DemoAction:
    territory: str  # the INSEE code of a commune, or of a department for a department-wide one
    slug: str
    title: str
    description: str
    kind: str
    day: int  # days after the load
    hour: int = 10
    minute: int = 0
    minutes: int = 90
    address: str = ""
    contact: str = ""
    capacity: int | None = None
    registration: bool = False
    all_day: bool = False
    monthly: int = 0  # a MonthlyPosition: repeats on that weekday of every month
    weekday: int = 5  # for a monthly action: its weekday (Monday = 0)
    online: bool = False
    cancelled: str = ""  # the reason, for a cancelled action


# (name, e-mail, telephone) of the services that answer for the actions, per territory.
CONTACTS = {
    "53": ("Conseil départemental — mission solidarités", "solidarites@mayenne.example.org"),
    "53130": ("Mairie de Laval — vie associative", "benevolat@laval.example.org"),
    "53062": ("Mairie de Château-Gontier — CCAS", "ccas@chateau-gontier.example.org"),
    "53147": ("Mairie de Mayenne — vie locale", "vie-locale@mayenne-ville.example.org"),
    "29": ("Conseil départemental — mission engagement", "engagement@finistere.example.org"),
    "17": ("Conseil départemental — vie associative", "benevolat@charente-maritime.example.org"),
    "29019": ("Mairie de Brest — engagement citoyen", "engagement@brest.example.org"),
    "29232": ("Mairie de Quimper — CCAS", "ccas@quimper.example.org"),
    "29151": ("Mairie de Morlaix — vie associative", "associations@morlaix.example.org"),
    "17300": ("Mairie de La Rochelle — démocratie locale", "citoyennete@larochelle.example.org"),
    "17299": ("Mairie de Rochefort — CCAS", "ccas@rochefort.example.org"),
    "17415": ("Mairie de Saintes — vie associative", "associations@saintes.example.org"),
}
PHONES = {
    code: f"02 99 99 {10 + index:02d} {20 + index:02d}" for index, code in enumerate(CONTACTS)
}

N, C, A = "neighbourly", "collective", "association"

ACTIONS = (
    # Laval
    DemoAction(
        "53130",
        "cafe-tricot-solidaire",
        "Café-tricot solidaire",
        "On tricote bonnets et écharpes pour les maraudes de l'hiver, autour d'un café. "
        "Laine fournie ; débutants bienvenus, on vous montre les mailles de base.",
        A,
        0,
        monthly=MonthlyPosition.FIRST,
        weekday=5,
        hour=14,
        minutes=120,
        address="Maison de quartier d'Avesnières, 2 rue du Val de Mayenne, Laval",
    ),
    DemoAction(
        "53130",
        "nettoyage-berges-mayenne",
        "Nettoyage des berges de la Mayenne",
        "Ramassage des déchets le long du chemin de halage, du pont d'Avesnières au "
        "barrage. Gants et sacs fournis, prévoir des bottes.",
        C,
        5,
        hour=9,
        minutes=150,
        capacity=30,
        registration=True,
        address="Quai Paul Boudet, au pied du pont d'Avesnières, Laval",
    ),
    DemoAction(
        "53130",
        "courses-voisins-isoles",
        "Courses pour les voisins isolés",
        "Des habitants âgés du quartier Saint-Nicolas ont besoin d'aide pour leurs courses "
        "du samedi. Une heure, une liste, un trajet à pied jusqu'au marché.",
        N,
        12,
        hour=10,
        minutes=60,
        address="Centre social Saint-Nicolas, rue Jean-Baptiste Lully, Laval",
    ),
    DemoAction(
        "53130",
        "atelier-reparation-velos",
        "Atelier de réparation de vélos",
        "Crevaisons, freins, dérailleurs : on répare ensemble les vélos des étudiants et "
        "des familles. Outils sur place ; mécaniciens amateurs recherchés.",
        A,
        19,
        hour=14,
        minutes=180,
        address="Place du 11-Novembre, Laval",
    ),
    DemoAction(
        "53130",
        "lecture-ehpad-laval",
        "Lecture à voix haute à la résidence",
        "Lire le journal ou un roman aux résidents qui ne voient plus assez pour lire. "
        "Un moment calme et très attendu.",
        N,
        26,
        hour=15,
        minutes=60,
        capacity=3,
        registration=True,
        address="Résidence autonomie du Bourny, Laval",
    ),
    # Château-Gontier-sur-Mayenne
    DemoAction(
        "53062",
        "jardin-partage-bazouges",
        "Matinée au jardin partagé",
        "Bêchage, semis et paillage des parcelles collectives ; les légumes vont à "
        "l'épicerie solidaire. Chaque premier samedi du mois.",
        C,
        0,
        monthly=MonthlyPosition.FIRST,
        weekday=5,
        hour=9,
        minutes=120,
        address="Jardin partagé de Bazouges, rue du Pressoir, Château-Gontier-sur-Mayenne",
    ),
    DemoAction(
        "53062",
        "aide-numerique-mediatheque",
        "Permanence d'aide numérique",
        "Aider à prendre un rendez-vous médical en ligne, à remplir une déclaration ou à "
        "envoyer une photo à ses petits-enfants. Patience plus que technique.",
        N,
        8,
        hour=14,
        minutes=120,
        address="Médiathèque du Pays de Château-Gontier, Château-Gontier-sur-Mayenne",
    ),
    DemoAction(
        "53062",
        "banque-alimentaire-tri",
        "Tri à la banque alimentaire",
        "Trier et ranger les denrées de la collecte avant leur distribution aux familles.",
        A,
        22,
        hour=9,
        minutes=180,
        capacity=12,
        registration=True,
        address="Entrepôt de la banque alimentaire, zone de Bellitourne",
    ),
    # Mayenne (commune)
    DemoAction(
        "53147",
        "fleurir-place-cheverus",
        "Fleurir la place Cheverus",
        "Planter les bulbes et les vivaces des jardinières du centre-ville avec le "
        "service des espaces verts.",
        C,
        3,
        hour=10,
        minutes=120,
        address="Place Cheverus, Mayenne",
    ),
    DemoAction(
        "53147",
        "gouter-jeux-aines",
        "Goûter et jeux de société avec les aînés",
        "Belote, scrabble et petits gâteaux avec les habitants du foyer-logement.",
        N,
        17,
        hour=15,
        minutes=90,
        address="Foyer-logement des Tilleuls, Mayenne",
    ),
    DemoAction(
        "53147",
        "repair-cafe-mayenne",
        "Repair café",
        "Grille-pain, lampes, vêtements décousus : apportez-les, on les répare ensemble. "
        "Chaque troisième samedi du mois.",
        A,
        0,
        monthly=MonthlyPosition.THIRD,
        weekday=5,
        hour=14,
        minutes=180,
        address="Salle polyvalente, rue de la Madeleine, Mayenne",
    ),
    # Department-wide (Mayenne) and all-day
    DemoAction(
        "53",
        "journee-departementale-engagement",
        "Journée départementale de l'engagement",
        "Dans toutes les communes de la Mayenne, une journée pour découvrir les "
        "associations qui cherchent des bénévoles et donner sa première heure. Programme "
        "détaillé sur la page de votre commune.",
        C,
        33,
        all_day=True,
        address="Dans toutes les communes de la Mayenne",
    ),
    DemoAction(
        "53",
        "formation-premiers-secours",
        "Initiation aux premiers secours",
        "Deux heures pour apprendre les gestes qui sauvent, avec la Protection civile. "
        "Session en ligne, ouverte aux bénévoles de tout le département.",
        A,
        15,
        hour=18,
        minute=30,
        minutes=120,
        online=True,
        capacity=40,
        registration=True,
    ),
    # Brest
    DemoAction(
        "29019",
        "nettoyage-plage-moulin-blanc",
        "Nettoyage de la plage du Moulin-Blanc",
        "Ramassage des déchets laissés par la marée, avec un tri pour l'association "
        "d'étude du littoral. Gants et sacs fournis.",
        C,
        6,
        hour=10,
        minutes=120,
        capacity=50,
        registration=True,
        address="Plage du Moulin-Blanc, Brest",
    ),
    DemoAction(
        "29019",
        "accompagnement-rendez-vous",
        "Accompagner à un rendez-vous médical",
        "Des personnes seules ont besoin d'être accompagnées en tram jusqu'à l'hôpital de "
        "la Cavale-Blanche. Le CCAS vous met en relation.",
        N,
        10,
        hour=9,
        minutes=120,
        address="CCAS de Brest, rue Frézier, Brest",
    ),
    DemoAction(
        "29019",
        "epicerie-solidaire-brest",
        "Une heure à l'épicerie solidaire",
        "Mise en rayon et accueil des familles. Chaque premier mercredi du mois.",
        A,
        0,
        monthly=MonthlyPosition.FIRST,
        weekday=2,
        hour=14,
        minutes=60,
        address="Épicerie solidaire de Recouvrance, Brest",
    ),
    DemoAction(
        "29019",
        "conversation-francais",
        "Conversation en français",
        "Parler de tout et de rien avec des personnes qui apprennent le français.",
        A,
        24,
        hour=18,
        minutes=90,
        address="Maison de quartier de Bellevue, Brest",
    ),
    # Quimper
    DemoAction(
        "29232",
        "berges-odet",
        "Entretien des berges de l'Odet",
        "Arracher la renouée du Japon et ramasser les déchets le long de l'Odet, avec les "
        "agents du service de l'eau.",
        C,
        9,
        hour=9,
        minute=30,
        minutes=150,
        address="Quai de l'Odet, face à la préfecture, Quimper",
    ),
    DemoAction(
        "29232",
        "visite-de-courtoisie",
        "Visites de courtoisie",
        "Une visite d'une heure chez une personne âgée qui reçoit peu de monde.",
        N,
        16,
        hour=15,
        minutes=60,
        address="CCAS de Quimper, place Saint-Corentin, Quimper",
    ),
    DemoAction(
        "29232",
        "collecte-jouets",
        "Collecte de jouets",
        "Recevoir, trier et emballer les jouets donnés pour les enfants du Secours populaire.",
        A,
        30,
        hour=10,
        minutes=240,
        address="Halles Saint-François, Quimper",
    ),
    # Morlaix
    DemoAction(
        "29151",
        "troc-graines",
        "Troc de graines et de plants",
        "Échanger graines et boutures, et aider à tenir les tables du troc.",
        C,
        13,
        hour=10,
        minutes=180,
        address="Place des Otages, Morlaix",
    ),
    DemoAction(
        "29151",
        "aide-devoirs",
        "Aide aux devoirs",
        "Accompagner des collégiens dans leurs devoirs, une heure par semaine.",
        A,
        4,
        hour=17,
        minutes=60,
        address="Centre social Ti an Oll, Morlaix",
    ),
    DemoAction(
        "29151",
        "marche-solidaire-viaduc",
        "Marche solidaire au viaduc",
        "Accompagner des personnes à mobilité réduite pour une promenade au pied du viaduc.",
        N,
        27,
        hour=14,
        minutes=90,
        address="Parvis de l'église Saint-Melaine, Morlaix",
    ),
    # La Rochelle
    DemoAction(
        "17300",
        "nettoyage-vieux-port",
        "Nettoyage des quais du Vieux-Port",
        "Ramasser les déchets des quais et des bassins avec le club de kayak.",
        C,
        7,
        hour=9,
        minutes=120,
        capacity=25,
        registration=True,
        address="Quai Duperré, La Rochelle",
        cancelled="Annulé par arrêté préfectoral : tempête annoncée sur le littoral. "
        "Une nouvelle date sera proposée.",
    ),
    DemoAction(
        "17300",
        "cafe-des-aidants",
        "Café des aidants",
        "Accueillir les proches aidants autour d'un café, pendant que les professionnels "
        "animent l'échange. Chaque deuxième mardi du mois.",
        A,
        0,
        monthly=MonthlyPosition.SECOND,
        weekday=1,
        hour=14,
        minute=30,
        minutes=90,
        address="Maison des associations, rue de la Charité, La Rochelle",
    ),
    DemoAction(
        "17300",
        "reparer-ordinateurs",
        "Reconditionner des ordinateurs",
        "Nettoyer et réinstaller des ordinateurs donnés, pour les familles qui n'en ont pas.",
        A,
        20,
        hour=14,
        minutes=180,
        address="Fablab de la Rochelle, avenue Michel Crépeau, La Rochelle",
    ),
    DemoAction(
        "17300",
        "lecture-port-neuf",
        "Lire des histoires aux enfants",
        "Lecture d'albums à la bibliothèque du quartier de Port-Neuf.",
        N,
        34,
        hour=10,
        minute=30,
        minutes=60,
        address="Médiathèque de Port-Neuf, La Rochelle",
    ),
    # Rochefort
    DemoAction(
        "17299",
        "jardin-corderie",
        "Jardin partagé de la Corderie",
        "Entretien des carrés potagers ouverts à tous, près de la Corderie royale.",
        C,
        11,
        hour=9,
        minute=30,
        minutes=120,
        address="Rue Jean-Baptiste Audebert, Rochefort",
    ),
    DemoAction(
        "17299",
        "portage-livres",
        "Portage de livres à domicile",
        "Apporter des livres de la médiathèque aux lecteurs qui ne se déplacent plus.",
        N,
        18,
        hour=14,
        minutes=120,
        address="Médiathèque de Rochefort, rue Toufaire, Rochefort",
    ),
    DemoAction(
        "17299",
        "restos-rochefort",
        "Distribution des Restos du cœur",
        "Accueil et distribution, chaque dernier jeudi du mois.",
        A,
        0,
        monthly=MonthlyPosition.LAST,
        weekday=3,
        hour=9,
        minutes=180,
        address="Centre des Restos du cœur, avenue de la Libération, Rochefort",
    ),
    # Saintes
    DemoAction(
        "17415",
        "nettoyage-charente",
        "Nettoyage des bords de Charente",
        "Ramassage des déchets sur les berges, de l'arc de Germanicus au pont Palissy.",
        C,
        14,
        hour=10,
        minutes=120,
        address="Arc de Germanicus, Saintes",
    ),
    DemoAction(
        "17415",
        "numerique-seniors",
        "Un smartphone pour les aînés",
        "Apprendre à des aînés à se servir de leur téléphone : appels vidéo, photos.",
        N,
        21,
        hour=14,
        minutes=90,
        address="Espace Mosaïque, Saintes",
    ),
    DemoAction(
        "17415",
        "chantier-abbaye",
        "Chantier à l'abbaye aux Dames",
        "Désherbage des allées et rangement du jardin de l'abbaye avec les bénévoles de "
        "l'association des amis.",
        A,
        28,
        hour=9,
        minutes=180,
        address="Abbaye aux Dames, place de l'Abbaye, Saintes",
    ),
    # Department-wide (Finistère, Charente-Maritime)
    DemoAction(
        "29",
        "rencontre-benevoles-finistere",
        "Rencontre départementale des bénévoles",
        "Une soirée en ligne pour échanger entre bénévoles de tout le Finistère.",
        C,
        23,
        hour=19,
        minutes=90,
        online=True,
    ),
    DemoAction(
        "17",
        "grand-menage-littoral",
        "Grand ménage du littoral",
        "Sur toutes les plages de la Charente-Maritime, ramassage des déchets.",
        C,
        41,
        hour=9,
        minutes=180,
        address="Plages de la Charente-Maritime",
    ),
    # More weeks, more communes
    DemoAction(
        "53130",
        "distribution-colis",
        "Distribution de colis de Noël",
        "Porter les colis de fin d'année aux personnes âgées du quartier des Pommeraies.",
        N,
        40,
        hour=14,
        minutes=120,
        address="Centre social des Pommeraies, Laval",
    ),
    DemoAction(
        "53062",
        "balade-patrimoine",
        "Balade du patrimoine avec les résidents",
        "Accompagner les résidents de l'EHPAD pour une courte balade commentée.",
        N,
        44,
        hour=15,
        minutes=60,
        address="EHPAD Saint-Joseph, Château-Gontier-sur-Mayenne",
    ),
    DemoAction(
        "29019",
        "banque-alimentaire-brest",
        "Collecte de la banque alimentaire",
        "Tenir un stand de collecte à l'entrée d'un supermarché.",
        A,
        47,
        hour=10,
        minutes=120,
        address="Centre commercial de Kergaradec, Brest",
    ),
    DemoAction(
        "29232",
        "atelier-couture",
        "Atelier couture solidaire",
        "Repriser et ajuster des vêtements pour le vestiaire solidaire.",
        A,
        50,
        hour=14,
        minutes=150,
        address="Centre social de Kermoysan, Quimper",
    ),
    DemoAction(
        "17415",
        "fete-quartier",
        "Préparer la fête de quartier",
        "Installer tables et stands, puis ranger : deux heures pour la fête.",
        C,
        53,
        hour=10,
        minutes=120,
        address="Place du Bastion, Saintes",
    ),
)


# The gestures of the idea box each demo action puts into practice (snippets/data/gestures.json).
GESTURES = {
    "cafe-tricot-solidaire": ("tricoter-des-bonnets-et-des-echarpes-pour-les-personnes-a-la-rue",),
    "nettoyage-berges-mayenne": (
        "nettoyer-les-berges-d-une-riviere-avec-une-association",
        "ramasser-les-dechets-dans-son-quartier",
    ),
    "courses-voisins-isoles": ("faire-les-courses-d-un-voisin",),
    "atelier-reparation-velos": ("reparer-des-objets-lors-d-un-atelier-de-reparation",),
    "lecture-ehpad-laval": (
        "lire-le-journal-a-une-personne-agee",
        "rendre-visite-a-un-resident-d-ehpad",
    ),
    "jardin-partage-bazouges": ("entretenir-un-jardin-partage",),
    "aide-numerique-mediatheque": (
        "animer-un-atelier-numerique-a-la-mediatheque",
        "aider-un-voisin-a-utiliser-son-smartphone",
    ),
    "banque-alimentaire-tri": ("trier-des-denrees-pour-une-association-d-aide-alimentaire",),
    "fleurir-place-cheverus": ("fleurir-le-pied-des-arbres-de-sa-rue",),
    "gouter-jeux-aines": (
        "organiser-un-gouter-entre-generations",
        "faire-une-partie-de-cartes-avec-un-voisin-age",
    ),
    "repair-cafe-mayenne": ("reparer-des-objets-lors-d-un-atelier-de-reparation",),
    "nettoyage-plage-moulin-blanc": ("ramasser-les-dechets-dans-son-quartier",),
    "accompagnement-rendez-vous": ("accompagner-un-aine-a-un-rendez-vous",),
    "epicerie-solidaire-brest": ("tenir-un-rayon-dans-une-epicerie-solidaire",),
    "conversation-francais": ("converser-en-francais-avec-une-personne-qui-l-apprend",),
    "berges-odet": ("nettoyer-les-berges-d-une-riviere-avec-une-association",),
    "visite-de-courtoisie": (
        "rendre-visite-a-un-resident-d-ehpad",
        "appeler-regulierement-une-personne-agee-isolee",
    ),
    "troc-graines": ("organiser-un-troc-de-graines-et-de-plants",),
    "aide-devoirs": ("aider-aux-devoirs-dans-une-association-d-accompagnement-scolaire",),
    "nettoyage-vieux-port": ("ramasser-les-dechets-dans-son-quartier",),
    "cafe-des-aidants": ("offrir-une-heure-de-repit-a-un-aidant-familial",),
    "reparer-ordinateurs": ("remettre-en-etat-un-ordinateur-pour-une-famille-qui-n-en-a-pas",),
    "jardin-corderie": ("entretenir-un-jardin-partage",),
    "portage-livres": ("apporter-des-livres-de-la-mediatheque-a-un-aine",),
    "restos-rochefort": ("servir-un-repas-solidaire",),
    "nettoyage-charente": ("nettoyer-les-berges-d-une-riviere-avec-une-association",),
    "numerique-seniors": (
        "sensibiliser-des-aines-aux-arnaques-en-ligne",
        "aider-un-voisin-a-utiliser-son-smartphone",
    ),
    "distribution-colis": ("preparer-des-colis-de-fin-d-annee-pour-les-aines-isoles",),
    "balade-patrimoine": ("faire-decouvrir-le-patrimoine-de-sa-commune",),
    "banque-alimentaire-brest": ("participer-a-une-collecte-alimentaire-en-magasin",),
    "fete-quartier": (
        "installer-les-tables-et-les-chaises-d-une-fete-de-village",
        "organiser-un-repas-de-rue-entre-voisins",
    ),
}


def nth_weekday(year: int, month: int, weekday: int, position: int) -> dt.date:
    """The `position`-th (1..4, or -1 for the last) `weekday` of the month."""
    first = dt.date(year, month, 1)
    if position > 0:
        offset = (weekday - first.weekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (position - 1))
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def start_of(spec: DemoAction, origin: dt.date) -> dt.datetime:
    if spec.monthly:
        day = nth_weekday(origin.year, origin.month, spec.weekday, spec.monthly)
        if day < origin:
            year, month = origin.year + (origin.month == 12), origin.month % 12 + 1
            day = nth_weekday(year, month, spec.weekday, spec.monthly)
    else:
        day = origin + dt.timedelta(days=spec.day)
    hour, minute = (0, 0) if spec.all_day else (spec.hour, spec.minute)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def parent_page(code: str, locale: Locale):
    """The territory page of a commune's or a department's INSEE code (None when missing)."""
    if len(code) == 5:
        return CommunePage.objects.filter(commune__code=code, locale=locale).first()
    return DepartmentPage.objects.filter(department__code=code, locale=locale).first()


def build(spec: DemoAction, origin: dt.date) -> ActionPage:
    start = start_of(spec, origin)
    end = (
        start + dt.timedelta(hours=23, minutes=59)
        if spec.all_day
        else start + dt.timedelta(minutes=spec.minutes)
    )
    department_code = spec.territory[:2]
    contact_name, contact_email = CONTACTS.get(spec.territory, CONTACTS.get(department_code))
    place_commune = (
        Commune.objects.filter(code=spec.territory).first() if len(spec.territory) == 5 else None
    )
    return ActionPage(
        title=spec.title,
        slug=spec.slug,
        description=spec.description,
        kind=spec.kind,
        start=start,
        end=end,
        all_day=spec.all_day,
        recurrence_frequency="monthly" if spec.monthly else "",
        recurrence_monthly_position=spec.monthly or MonthlyPosition.SAME_DAY,
        address=spec.address,
        place_commune=place_commune,
        online=spec.online,
        online_url="https://visio.example.org/heure-civique" if spec.online else "",
        capacity=spec.capacity,
        registration_required=spec.registration,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=PHONES.get(spec.territory, PHONES[department_code]),
        status="cancelled" if spec.cancelled else "scheduled",
        cancellation_reason=spec.cancelled,
    )


def load() -> int:
    """Creates and publishes the demo's actions that are missing; returns how many."""
    locale = Locale.get_default()
    origin = today() + dt.timedelta(days=1)
    saved = 0
    # The idea box's gestures (demo/gestures.py loads them first), by slug; absent ones are
    # left out.
    gestures = {
        gesture.slug: gesture
        for gesture in Gesture.objects.filter(
            locale=locale, slug__in={slug for slugs in GESTURES.values() for slug in slugs}
        )
    }
    with transaction.atomic():
        home = HomePage.objects.filter(locale=locale).first()
        if home is not None:
            ensure_action_index(home)  # the national agenda, /actions/
        for spec in ACTIONS:
            parent = parent_page(spec.territory, locale)
            if parent is None:
                continue
            index = ensure_action_index(parent)
            if ActionPage.objects.child_of(index).filter(slug=spec.slug).exists():
                continue
            action = build(spec, origin)
            action.gestures.set(
                [gestures[slug] for slug in GESTURES.get(spec.slug, ()) if slug in gestures]
            )
            index.add_child(instance=action)
            action.save_revision().publish()
            saved += 1
    return saved
