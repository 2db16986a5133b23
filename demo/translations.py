"""The demo's translations, made through wagtail-localize (pages/translations.py) as a
translator's would be: the national home, Mayenne, Laval and Laval's agenda and actions in
English; Finistère, Brest and Quimper also in Breton (Finistère publishes in it): their
pages, their agendas and a few of their actions. A string not listed here stays in French in
the translation, as wagtail-localize shows an untranslated one. The Breton is kept short, in
everyday words. The idea box's 100 gestures and their
categories in English (demo/data/gestures_en.json, written for English readers, not word for
word). And a translator's account.

Idempotent: a page already translated into a language is left as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page

from onboarding.roles import TRANSLATORS_GROUP_NAME
from pages.agenda.queries import action_index_of
from pages.models import CommunePage, DepartmentPage, HomePage
from pages.translations import is_moderated, translate
from snippets.models import Gesture, GestureCategory
from snippets.services import DATA_FILE as FRENCH_GESTURES
from snippets.services import read_gestures_file

TRANSLATOR_USERNAME = "traductrice"
ENGLISH_GESTURES = Path(__file__).resolve().parent / "data" / "gestures_en.json"

ENGLISH = {
    # The national home
    "Une heure par mois pour une action civique ou solidaire près de chez soi : "
    "votre département et votre commune vous y invitent.": (
        "One hour a month for a civic or solidarity action near home: your department and "
        "your commune invite you to give it."
    ),
    "Comment participer ?": "How to take part",
    "Votre commune n'y est pas encore ?": "Your commune is not there yet?",
    # Mayenne
    "En Mayenne, une heure par mois suffit pour rompre l'isolement, entretenir un chemin "
    "ou accompagner un voisin : le Département vous invite à la donner près de chez vous.": (
        "In Mayenne, one hour a month is enough to break someone's isolation, look after a "
        "path or go along with a neighbour: the Department invites you to give it near home."
    ),
    "La Mayenne a toujours su se serrer les coudes. L'Heure Civique donne un cadre simple "
    "à cette solidarité : une heure, près de chez soi, avec sa mairie.": (
        "Mayenne has always stood together. L'Heure Civique gives this solidarity a simple "
        "frame: one hour, near home, with your town hall."
    ),
    "Président du Conseil départemental de la Mayenne": (
        "President of the Departmental Council of Mayenne"
    ),
    "L'Heure Civique de la Mayenne": "L'Heure Civique in Mayenne",
    "Les communes engagées": "The communes taking part",
    # Laval
    "À Laval, l'Heure Civique s'appuie sur les maisons de quartier : on y vient "
    "une heure par mois pour aider, apprendre et se rencontrer.": (
        "In Laval, L'Heure Civique works with the neighbourhood centres: people come for an "
        "hour a month to help, learn and meet."
    ),
    "Nos quartiers regorgent de bonnes volontés. La Ville leur ouvre ses portes et "
    "leur donne un rendez-vous simple : une heure par mois, pour les autres.": (
        "Our neighbourhoods are full of goodwill. The town opens its doors to it and sets a "
        "simple meeting: one hour a month, for others."
    ),
    "Maire de Laval": "Mayor of Laval",
    "L'Heure Civique à Laval": "L'Heure Civique in Laval",
    "Besoin d'un coup de main ?": "Need a hand?",
    "Mairie de Laval": "Laval Town Hall",
    "Du lundi au vendredi, de 8 h 30 à 17 h 30 ; le samedi, de 9 h à 12 h": (
        "Monday to Friday, 8.30 am to 5.30 pm; Saturday, 9 am to 12 noon"
    ),
    # Laval's agenda and actions
    "Agenda des actions": "Agenda of actions",
    "Café-tricot solidaire": "Knitting café",
    "On tricote bonnets et écharpes pour les maraudes de l'hiver, autour d'un café. "
    "Laine fournie ; débutants bienvenus, on vous montre les mailles de base.": (
        "We knit hats and scarves for the winter street patrols, over a coffee. Wool "
        "provided; beginners welcome, we show you the basic stitches."
    ),
    "Nettoyage des berges de la Mayenne": "Cleaning the banks of the Mayenne",
    "Quai Paul Boudet, au pied du pont d'Avesnières, Laval": (
        "Quai Paul Boudet, at the foot of the Avesnières bridge, Laval"
    ),
    "Ramassage des déchets le long du chemin de halage, du pont d'Avesnières au "
    "barrage. Gants et sacs fournis, prévoir des bottes.": (
        "Picking up litter along the towpath, from the Avesnières bridge to the weir. Gloves "
        "and bags provided; bring boots."
    ),
    "Courses pour les voisins isolés": "Shopping for isolated neighbours",
    "Des habitants âgés du quartier Saint-Nicolas ont besoin d'aide pour leurs courses "
    "du samedi. Une heure, une liste, un trajet à pied jusqu'au marché.": (
        "Older residents of the Saint-Nicolas district need help with their Saturday "
        "shopping. One hour, one list, a walk to the market."
    ),
    "Atelier de réparation de vélos": "Bike repair workshop",
    "Crevaisons, freins, dérailleurs : on répare ensemble les vélos des étudiants et "
    "des familles. Outils sur place ; mécaniciens amateurs recherchés.": (
        "Punctures, brakes, gears: together we repair the bikes of students and families. "
        "Tools on site; amateur mechanics wanted."
    ),
    "Distribution de colis de Noël": "Delivering Christmas parcels",
    "Porter les colis de fin d'année aux personnes âgées du quartier des Pommeraies.": (
        "Taking the end-of-year parcels to older residents of the Pommeraies district."
    ),
    "Lecture à voix haute à la résidence": "Reading aloud at the residence",
    "Lire le journal ou un roman aux résidents qui ne voient plus assez pour lire. "
    "Un moment calme et très attendu.": (
        "Reading the paper or a novel to residents whose sight no longer lets them read. A "
        "quiet and much awaited moment."
    ),
}

# Breton, in words and sentence patterns checked against published Breton (docs/breton-glossary.md
# gives the terms and their sources; tests/test_breton_glossary.py keeps the texts to them): the
# place names as Breton sources write them (Penn-ar-Bed as the department does, Kemper, Kernev,
# the Oded), "deiziataer" for an agenda as the Office public de la langue bretonne writes it (a
# "deiziadur" is a calendar), "kuzul-departamant", "ti-kêr" for a town hall, "ober" for an
# action. A Breton text is often shorter than its French source: what could not be checked was
# left out rather than guessed. Addresses and people's names stay as they are.
BRETON = {
    # Finistère
    "Finistère": "Penn-ar-Bed",
    "Du Léon à la Cornouaille, le Finistère invite ses habitants à donner une heure par "
    "mois pour les autres, près de chez eux.": (
        "Eus Bro-Leon da Gernev, Penn-ar-Bed a bed e annezidi da reiñ un eur bep miz evit ar "
        "re all."
    ),
    "Au bout de la terre, on sait ce que veut dire compter les uns sur les autres. "
    "L'Heure Civique, c'est cette solidarité finistérienne, organisée et partagée.": (
        "Un eur bep miz evit ar re all, e Penn-ar-Bed."
    ),
    "Présidente du Conseil départemental du Finistère": (
        "Prezidantez Kuzul-departamant Penn-ar-Bed"
    ),
    "L'Heure Civique du Finistère": "L'Heure Civique e Penn-ar-Bed",
    "Le Conseil départemental du Finistère invite chaque habitant à donner une heure par "
    "mois à une action solidaire près de chez lui. Le département finance la coordination, "
    "forme les référents des mairies et fournit aux communes leurs supports de "
    "communication.": (
        "Kuzul-departamant Penn-ar-Bed a bed an annezidi da reiñ un eur bep miz evit ar re all."
    ),
    "Le Département met l'accent sur la préservation du littoral et sur l'accompagnement "
    "des personnes âgées vivant seules, nombreuses dans les communes de l'intérieur.": (
        "An Departamant a skoazell ar re gozh a vev o-unan."
    ),
    "Les communes engagées": "Ar c'humunioù a gemer perzh",
    "Chaque commune engagée a son référent à la mairie, qui accueille les nouveaux "
    "bénévoles et met en relation les habitants qui ont besoin d'un coup de main avec ceux "
    "qui peuvent le donner. Votre commune n'est pas encore dans la liste ? Inscrivez-vous "
    "quand même : nous transmettrons votre intérêt à vos élus.": (
        "Ho kumun n'emañ ket war ar roll c'hoazh ? En em enskrivit memestra."
    ),
    "Conseil départemental du Finistère": "Kuzul-departamant Penn-ar-Bed",
    "Du lundi au vendredi, de 8 h 30 à 17 h": "Eus al Lun d'ar Gwener, eus 8e30 da 17e",
    # Brest and Quimper
    "Brest": "Brest",
    "Quimper": "Kemper",
    "À Brest, l'Heure Civique s'appuie sur les conseils consultatifs de quartier pour "
    "proposer des actions près de chez vous.": ("E Brest e kinnig L'Heure Civique oberoù."),
    "Quimper invite ses habitants à donner une heure par mois pour les autres, au fil de "
    "l'Odet et des quartiers.": (
        "Kemper a bed an annezidi da reiñ un eur bep miz evit ar re all, a-hed an Oded."
    ),
    "Brest est une ville de solidarités. Une heure par mois, c'est une manière simple d'en "
    "faire partie, quel que soit son âge ou son quartier.": (
        "Un eur bep miz : un doare eeun da gemer perzh."
    ),
    "Une ville se mesure à l'attention qu'elle porte aux plus fragiles. Merci aux "
    "Quimpérois qui donnent de leur temps.": ("Trugarez d'an holl a ro o amzer evit ar re all."),
    "Maire de Brest": "Maer Brest",
    "Maire de Quimper": "Maer Kemper",
    "L'Heure Civique à Brest": "L'Heure Civique e Brest",
    "L'Heure Civique à Quimper": "L'Heure Civique e Kemper",
    "Accompagnement des étudiants étrangers, jardins partagés, visites aux résidents des "
    "foyers-logements : les actions suivent les saisons et les quartiers, de Recouvrance à "
    "Saint-Marc.": ("Oberoù a bep seurt a-hed ar bloaz."),
    "Lecture aux enfants à la médiathèque, aide aux courses pour les aînés, entretien des "
    "chemins de halage : les bénévoles quimpérois choisissent parmi une quinzaine d'actions "
    "chaque mois.": ("War-dro pemzek ober bep miz e Kemper."),
    **dict.fromkeys(
        (
            "Les actions sont proposées par la mairie et les associations de la commune, et "
            f"se déroulent le plus souvent {place}. Une heure suffit : vous choisissez quand "
            "et comment vous participez."
            for place in (
                "dans les maisons de quartier, de Recouvrance à Saint-Marc",
                "le long de l'Odet et dans les quartiers",
            )
        ),
        (
            "An ti-kêr hag ar c'hevredigezhioù a ginnig an oberoù. A-walc'h eo un eur : "
            "c'hwi a zibab pegoulz ha penaos."
        ),
    ),
    "Besoin d'un coup de main ?": "Ezhomm sikour ?",
    "Vous êtes isolé, vous sortez de l'hôpital ou vous avez simplement besoin d'aide pour "
    "une démarche ? Appelez la mairie ou passez à l'accueil : le référent de l'Heure Civique "
    "vous met en relation avec un bénévole près de chez vous.": ("Deuit d'an ti-kêr."),
    "Mairie de Brest": "Ti-kêr Brest",
    "Mairie de Quimper": "Ti-kêr Kemper",
    "Du lundi au vendredi, de 8 h 30 à 17 h 30": "Eus al Lun d'ar Gwener, eus 8e30 da 17e30",
    "Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h": (
        "Eus al Lun d'ar Gwener, eus 8e30 da 12e hag eus 13e30 da 17e"
    ),
    # Their agendas, and a few of their actions
    "Agenda des actions": "Deiziataer an oberoù",
    "Nettoyage de la plage du Moulin-Blanc": "Naetaat an draezhenn",
    "Ramassage des déchets laissés par la marée, avec un tri pour l'association d'étude du "
    "littoral. Gants et sacs fournis.": ("Dastum al lastez lezet gant ar mor."),
    "Conversation en français": "Kaozeal e galleg",
    "Parler de tout et de rien avec des personnes qui apprennent le français.": (
        "Kaozeal diwar-benn pep tra gant tud a zesk ar galleg."
    ),
    "Visites de courtoisie": "Gweladennoù",
    "Une visite d'une heure chez une personne âgée qui reçoit peu de monde.": (
        "Un eur gant un den kozh a vev e-unan."
    ),
    "Collecte de jouets": "Dastum c'hoarielloù",
    "Recevoir, trier et emballer les jouets donnés pour les enfants du Secours populaire.": (
        "Degemer, rummañ ha pakañ ar c'hoarielloù roet evit bugale ar Secours populaire."
    ),
}

# The actions of Brest and Quimper translated into Breton (the others are listed in French
# on the Breton agendas, marked lang="fr").
BRETON_ACTIONS = (
    "nettoyage-plage-moulin-blanc",
    "conversation-francais",
    "visite-de-courtoisie",
    "collecte-jouets",
)


def load(password: str) -> int:
    """Translates the demo's pages that are not yet; returns how many were translated."""
    french = Locale.get_default()
    home = HomePage.objects.get(locale=french)
    mayenne = DepartmentPage.objects.get(locale=french, department__code="53")
    laval = CommunePage.objects.get(locale=french, commune__code="53130")
    finistere = DepartmentPage.objects.get(locale=french, department__code="29")
    if finistere.regional_language != "br":
        finistere.regional_language = "br"
        finistere.save_revision().publish()
    agenda = action_index_of(laval)
    english_pages = [home, mayenne, laval]
    if agenda is not None:
        english_pages += [agenda, *agenda.get_children().live().specific()]
    breton_pages = [finistere]
    for commune in CommunePage.objects.filter(
        locale=french, commune__code__in=("29019", "29232")
    ).order_by("path"):
        breton_pages.append(commune)
        commune_agenda = action_index_of(commune)
        if commune_agenda is not None:
            breton_pages += [
                commune_agenda,
                *commune_agenda.get_children().live().filter(slug__in=BRETON_ACTIONS).specific(),
            ]
    done = 0
    for pages, code, strings in (
        (english_pages, "en", ENGLISH),
        (breton_pages, "br", BRETON),
    ):
        locale = Locale.objects.get(language_code=code)
        for page in pages:
            if not Page.objects.filter(
                translation_key=page.translation_key, locale=locale
            ).exists():
                translate(page.specific, code, strings)
                done += 1
    done += translate_gestures()
    ensure_translator(password)
    return done


def gesture_strings(path: Path = ENGLISH_GESTURES, french_path: Path = FRENCH_GESTURES):
    """{category or gesture slug: {French text: English text}} from the English file, whose
    texts follow the French file's (snippets/data/gestures.json) field by field, the how-to's
    paragraph by paragraph."""
    english = json.loads(path.read_text(encoding="utf-8"))
    french = read_gestures_file(french_path)
    categories = {}
    for item in french["categories"]:
        theirs = english["categories"][item["slug"]]
        categories[item["slug"]] = {
            item["name"]: theirs["name"],
            item.get("description", ""): theirs["description"],
        }
    gestures = {}
    for item in french["gestures"]:
        theirs = english["gestures"][item["slug"]]
        strings = {
            item["title"]: theirs["title"],
            item["summary"]: theirs["summary"],
            item.get("skills", ""): theirs.get("skills", ""),
        }
        paragraphs = item["how_to"]
        if len(paragraphs) != len(theirs["how_to"]):
            raise ValueError(f"{item['slug']}: the how-to has not as many paragraphs in English.")
        for source, translated in zip(paragraphs, theirs["how_to"], strict=True):
            strings[" ".join(source.split())] = translated
        strings.pop("", None)
        gestures[item["slug"]] = strings
    return categories, gestures


def translate_gestures() -> int:
    """The categories, then the live gestures of the idea box in English, published (the
    demo's editors approved them; code saves a moderated kind as a draft). A gesture suggested
    by a visitor (a draft) is not translated. Returns how many were translated."""
    french, english = Locale.get_default(), Locale.objects.get(language_code="en")
    categories, gestures = gesture_strings()
    done = 0
    for model, strings, items in (
        (GestureCategory, categories, GestureCategory.objects.filter(locale=french)),
        (Gesture, gestures, Gesture.objects.filter(locale=french, live=True)),
    ):
        translated = set(
            model.objects.filter(locale=english).values_list("translation_key", flat=True)
        )
        for item in items.filter(slug__in=strings.keys()).order_by("pk"):
            if item.translation_key in translated:
                continue
            copy = translate(item, "en", strings[item.slug])
            if is_moderated(item) or not getattr(copy, "live", True):
                copy.get_latest_revision().publish()
            done += 1
    return done


def ensure_translator(password: str):
    """The demo's translator (invented): translates, publishes nothing."""
    user, created = get_user_model().objects.get_or_create(
        username=TRANSLATOR_USERNAME,
        defaults={
            "first_name": "Nolwenn",
            "last_name": "Kerhervé",
            "email": f"{TRANSLATOR_USERNAME}@example.org",
        },
    )
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    user.groups.add(Group.objects.get(name=TRANSLATORS_GROUP_NAME))
    return user
