"""The demo's content: three departments, nine communes, their texts, news and the national pages.

Everything here is invented for the demo: names, quotes, addresses (institutional, never a
person's), telephone numbers (02 99 99 .. .., a fictional range) and e-mails (@example.org).
Colours pass WCAG AA: white text on the primary colour, dark text on the secondary one.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# A body is a list of ("heading", text) and ("paragraph", rich text HTML) blocks.
Body = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class News:
    slug: str
    title: str
    date: date
    intro: str
    body: Body


@dataclass(frozen=True)
class Territory:
    """A department or a commune as the demo presents it; `code` is its INSEE code."""

    code: str
    name: str
    initials: str
    primary_colour: str
    secondary_colour: str
    intro: str
    word_quote: str
    word_name: str
    word_role: str
    body: Body
    contact_name: str
    contact_address: str
    contact_phone: str
    contact_email: str
    contact_website: str
    contact_hours: str
    news: tuple[News, ...] = ()
    communes: tuple["Territory", ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class StandardPageContent:
    kind: str
    slug: str
    title: str
    intro: str
    body: Body


@dataclass(frozen=True)
class DemoUser:
    """One account per role. `territory` is an INSEE code (department or commune), `role` one of
    the onboarding roles ("editors", "referents"), "moderators" or "administrator"."""

    username: str
    first_name: str
    last_name: str
    role: str
    territory: str = ""
    description: str = ""


NEWS_INDEX_TITLE = "Actualités"
NEWS_INDEX_SLUG = "actualites"

HOME = {
    "intro": (
        "Une heure par mois pour une action civique ou solidaire près de chez soi : "
        "votre département et votre commune vous y invitent."
    ),
    "word_quote": (
        "Une heure, ce n'est presque rien dans un mois. Multipliée par des milliers d'habitants, "
        "c'est une force tranquille qui répare, accompagne et relie. Merci à chacune et chacun "
        "d'entre vous de la donner."
    ),
    "word_name": "Claire Morvan",
    "word_role": "Présidente de l'association Voisins Solidaires",
    "body": (
        ("heading", "Le principe"),
        (
            "paragraph",
            "<p>L'Heure Civique propose à chaque habitant de consacrer <b>une heure par mois</b> "
            "à une action utile près de chez lui : rendre visite à un voisin isolé, aider aux "
            "devoirs, ramasser les déchets d'un sentier, accompagner une personne à un rendez-vous "
            "médical, prêter main-forte à une épicerie solidaire.</p>",
        ),
        (
            "paragraph",
            "<p>Le Conseil départemental lance l'invitation, la commune l'organise avec ses "
            "référents à la mairie, et l'association Voisins Solidaires anime le réseau des "
            "bénévoles au niveau national.</p>",
        ),
        ("heading", "Comment participer ?"),
        (
            "paragraph",
            "<ul><li>Vérifiez que votre commune est engagée dans la liste ci-dessous.</li>"
            "<li>Inscrivez-vous : la mairie vous recontacte pour faire connaissance.</li>"
            "<li>Choisissez vos actions dans l'agenda, à votre rythme : une heure suffit.</li>"
            "</ul>",
        ),
        ("heading", "Votre commune n'y est pas encore ?"),
        (
            "paragraph",
            "<p>Parlez-en à votre mairie ou écrivez-nous : chaque inscription d'habitant dans une "
            "commune non engagée nous aide à convaincre ses élus de rejoindre le programme.</p>",
        ),
    ),
    "contact_name": "Association Voisins Solidaires",
    "contact_address": "Maison des associations\n12 rue de la Solidarité\n75011 Paris",
    "contact_phone": "01 99 99 10 10",
    "contact_email": "contact@heurecivique.example.org",
    "contact_website": "https://www.example.org/voisins-solidaires",
    "contact_hours": "Du lundi au vendredi, de 9 h à 17 h",
}

NATIONAL_NEWS = (
    News(
        slug="lancement-de-l-heure-civique",
        title="L'Heure Civique est lancée dans trois départements",
        date=date(2026, 9, 15),
        intro=(
            "La Mayenne, le Finistère et la Charente-Maritime ouvrent la voie : neuf communes "
            "accueillent déjà leurs premiers bénévoles."
        ),
        body=(
            (
                "paragraph",
                "<p>Après une année de préparation avec les mairies, le programme entre dans sa "
                "phase active. Chaque commune engagée dispose de sa page, de son agenda "
                "d'actions et d'un référent à la mairie.</p>",
            ),
            (
                "paragraph",
                "<p>Les habitants des autres communes peuvent déjà s'inscrire : leur intérêt "
                "est transmis à leur département.</p>",
            ),
        ),
    ),
    News(
        slug="boite-a-idees-des-gestes-solidaires",
        title="La boîte à idées des gestes solidaires est ouverte",
        date=date(2026, 10, 20),
        intro=(
            "Cent gestes simples pour donner une heure : à vous de proposer les vôtres, "
            "ils seront publiés après relecture."
        ),
        body=(
            (
                "paragraph",
                "<p>Porter les courses d'un voisin, lire le journal à une personne malvoyante, "
                "réparer un vélo : la boîte à idées rassemble des gestes à la portée de tous, "
                "classés par thème.</p>",
            ),
        ),
    ),
    News(
        slug="premier-bilan-des-heures-donnees",
        title="Premier bilan : plus de 1 200 heures données",
        date=date(2026, 11, 18),
        intro="En deux mois, les bénévoles des communes pionnières ont donné plus de 1 200 heures.",
        body=(
            (
                "paragraph",
                "<p>Visites de convivialité, aide numérique et nettoyage des berges arrivent en "
                "tête des actions. Merci à toutes celles et ceux qui ont franchi le pas.</p>",
            ),
        ),
    ),
)


def _department_body(name: str, article: str, highlight: str) -> Body:
    """The shared shape of a department's presentation; `article` is "de la", "du"..."""
    return (
        ("heading", f"L'Heure Civique {article} {name}"),
        (
            "paragraph",
            f"<p>Le Conseil départemental {article} {name} invite chaque habitant à donner une "
            "heure par mois à une action solidaire près de chez lui. Le département finance "
            "la coordination, forme les référents des mairies et fournit aux communes leurs "
            "supports de communication.</p>",
        ),
        ("paragraph", f"<p>{highlight}</p>"),
        ("heading", "Les communes engagées"),
        (
            "paragraph",
            "<p>Chaque commune engagée a son référent à la mairie, qui accueille les nouveaux "
            "bénévoles et met en relation les habitants qui ont besoin d'un coup de main avec "
            "ceux qui peuvent le donner. Votre commune n'est pas encore dans la liste ? "
            "Inscrivez-vous quand même : nous transmettrons votre intérêt à vos élus.</p>",
        ),
    )


def _commune_body(name: str, local: str, place: str) -> Body:
    return (
        ("heading", f"L'Heure Civique à {name}"),
        ("paragraph", f"<p>{local}</p>"),
        (
            "paragraph",
            f"<p>Les actions sont proposées par la mairie et les associations de la commune, "
            f"et se déroulent le plus souvent {place}. Une heure suffit : vous choisissez "
            "quand et comment vous participez.</p>",
        ),
        ("heading", "Besoin d'un coup de main ?"),
        (
            "paragraph",
            "<p>Vous êtes isolé, vous sortez de l'hôpital ou vous avez simplement besoin d'aide "
            "pour une démarche ? Appelez la mairie ou passez à l'accueil : le référent de "
            "l'Heure Civique vous met en relation avec un bénévole près de chez vous.</p>",
        ),
    )


def _commune_news(slug: str, title: str, when: date, intro: str, paragraph: str) -> News:
    return News(slug=slug, title=title, date=when, intro=intro, body=(("paragraph", paragraph),))


MAYENNE = Territory(
    code="53",
    name="Mayenne",
    initials="53",
    primary_colour="#0b5e3c",
    secondary_colour="#e8f3ee",
    intro=(
        "En Mayenne, une heure par mois suffit pour rompre l'isolement, entretenir un chemin "
        "ou accompagner un voisin : le Département vous invite à la donner près de chez vous."
    ),
    word_quote=(
        "La Mayenne a toujours su se serrer les coudes. L'Heure Civique donne un cadre simple "
        "à cette solidarité : une heure, près de chez soi, avec sa mairie."
    ),
    word_name="Bernard Lecomte",
    word_role="Président du Conseil départemental de la Mayenne",
    body=_department_body(
        "Mayenne",
        "de la",
        "Dans un département rural où près d'un habitant sur trois vit dans une commune de "
        "moins de 2 000 habitants, l'entraide entre voisins est une ressource précieuse. "
        "Le Département a choisi d'accompagner en priorité les actions auprès des personnes "
        "âgées et l'aide aux démarches numériques.",
    ),
    contact_name="Conseil départemental de la Mayenne",
    contact_address="Hôtel du Département\nplace Jean-Moulin\n53000 Laval",
    contact_phone="02 99 99 53 00",
    contact_email="heure-civique@mayenne.example.org",
    contact_website="https://mayenne.example.org/",
    contact_hours="Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h 30",
    news=(
        News(
            slug="formation-des-referents-mayennais",
            title="Vingt référents de mairie formés à Laval",
            date=date(2026, 10, 2),
            intro=(
                "Une journée pour apprendre à accueillir les bénévoles et à recueillir les "
                "demandes d'aide des habitants."
            ),
            body=(
                (
                    "paragraph",
                    "<p>Les référents des communes engagées se sont retrouvés à l'Hôtel du "
                    "Département pour une journée d'échanges et de mises en situation.</p>",
                ),
            ),
        ),
        News(
            slug="appel-aux-communes-de-la-mayenne",
            title="Appel aux communes : rejoignez l'Heure Civique en 2027",
            date=date(2026, 11, 9),
            intro=(
                "Les communes mayennaises peuvent candidater jusqu'au 31 janvier pour rejoindre "
                "le programme."
            ),
            body=(
                (
                    "paragraph",
                    "<p>Le Département accompagne chaque nouvelle commune : formation du "
                    "référent, kit de communication à ses couleurs et suivi pendant un an.</p>",
                ),
            ),
        ),
    ),
    communes=(
        Territory(
            code="53130",
            name="Laval",
            initials="L",
            primary_colour="#8a1538",
            secondary_colour="#f8e9ee",
            intro=(
                "À Laval, l'Heure Civique s'appuie sur les maisons de quartier : on y vient "
                "une heure par mois pour aider, apprendre et se rencontrer."
            ),
            word_quote=(
                "Nos quartiers regorgent de bonnes volontés. La Ville leur ouvre ses portes et "
                "leur donne un rendez-vous simple : une heure par mois, pour les autres."
            ),
            word_name="Sophie Garnier",
            word_role="Maire de Laval",
            body=_commune_body(
                "Laval",
                "Laval a été la première commune de la Mayenne à rejoindre le programme. "
                "Ateliers numériques à la médiathèque, visites aux aînés, nettoyage des bords "
                "de Mayenne : chaque mois, une dizaine d'actions sont proposées.",
                "dans les maisons de quartier et le long de la Mayenne",
            ),
            contact_name="Mairie de Laval",
            contact_address="Hôtel de Ville\nplace du 11-Novembre\n53000 Laval",
            contact_phone="02 99 99 53 13",
            contact_email="heure-civique@laval.example.org",
            contact_website="https://laval.example.org/",
            contact_hours="Du lundi au vendredi, de 8 h 30 à 17 h 30 ; le samedi, de 9 h à 12 h",
            news=(
                _commune_news(
                    "nettoyage-des-berges-de-la-mayenne",
                    "Cinquante bénévoles pour nettoyer les berges",
                    date(2026, 10, 11),
                    "Un samedi matin, cinquante Lavallois ont sorti 300 kg de déchets des berges.",
                    "<p>Gants, pinces et sacs étaient fournis par la Ville. Prochain rendez-vous "
                    "au printemps, avant la saison des crues.</p>",
                ),
                _commune_news(
                    "ateliers-numeriques-a-la-mediatheque",
                    "Ateliers numériques : des bénévoles pour aider aux démarches en ligne",
                    date(2026, 11, 5),
                    "Chaque mercredi, des bénévoles aident à déclarer ses revenus ou à prendre "
                    "un rendez-vous médical en ligne.",
                    "<p>Les ateliers ont lieu à la médiathèque, sans inscription. Les bénévoles "
                    "sont formés par le conseiller numérique de la Ville.</p>",
                ),
            ),
        ),
        Territory(
            code="53062",
            name="Château-Gontier-sur-Mayenne",
            initials="CG",
            primary_colour="#1d5f8a",
            secondary_colour="#e6f0f7",
            intro=(
                "À Château-Gontier-sur-Mayenne, l'Heure Civique relie les quartiers et les "
                "communes déléguées autour d'actions simples et conviviales."
            ),
            word_quote=(
                "Donner une heure, c'est aussi recevoir : des rencontres, des sourires et le "
                "sentiment d'être utile à sa ville."
            ),
            word_name="Jean-Michel Tessier",
            word_role="Maire de Château-Gontier-sur-Mayenne",
            body=_commune_body(
                "Château-Gontier-sur-Mayenne",
                "La commune propose des actions dans ses trois communes déléguées : "
                "accompagnement des aînés au marché du jeudi, entretien du jardin partagé, "
                "lecture à voix haute à l'EHPAD.",
                "au cœur des quartiers et des bourgs des communes déléguées",
            ),
            contact_name="Mairie de Château-Gontier-sur-Mayenne",
            contact_address=(
                "Hôtel de Ville\nplace de la République\n53200 Château-Gontier-sur-Mayenne"
            ),
            contact_phone="02 99 99 53 20",
            contact_email="heure-civique@chateau-gontier.example.org",
            contact_website="https://chateau-gontier.example.org/",
            contact_hours="Du lundi au vendredi, de 9 h à 12 h 30 et de 14 h à 17 h 30",
            news=(
                _commune_news(
                    "marche-du-jeudi-accompagne",
                    "Au marché du jeudi, bras dessus bras dessous",
                    date(2026, 10, 23),
                    "Des bénévoles accompagnent les aînés qui n'osent plus aller seuls au marché.",
                    "<p>Le rendez-vous est donné chaque jeudi à 9 h 30 devant la mairie. "
                    "Inscriptions auprès de l'accueil.</p>",
                ),
            ),
        ),
        Territory(
            code="53147",
            name="Mayenne",
            initials="M",
            primary_colour="#6a3d9a",
            secondary_colour="#f1ebf7",
            intro=(
                "La ville de Mayenne invite ses habitants à donner une heure par mois pour "
                "faire vivre l'entraide dans chaque quartier."
            ),
            word_quote=(
                "Chacun a quelque chose à offrir : un savoir-faire, un peu de temps, une "
                "oreille attentive. L'Heure Civique nous aide à nous trouver."
            ),
            word_name="Nathalie Brière",
            word_role="Maire de Mayenne",
            body=_commune_body(
                "Mayenne",
                "Repair café mensuel, aide aux devoirs et visites de convivialité : la ville "
                "s'appuie sur ses associations pour proposer des actions à la portée de tous.",
                "au centre social et dans les écoles de la ville",
            ),
            contact_name="Mairie de Mayenne",
            contact_address="Hôtel de Ville\nplace Cheverus\n53100 Mayenne",
            contact_phone="02 99 99 53 10",
            contact_email="heure-civique@ville-mayenne.example.org",
            contact_website="https://ville-mayenne.example.org/",
            contact_hours="Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h",
            news=(
                _commune_news(
                    "repair-cafe-de-novembre",
                    "Le repair café de novembre a réparé 42 objets",
                    date(2026, 11, 14),
                    "Grille-pain, vélos et lampes ont retrouvé une seconde vie grâce aux "
                    "bénévoles.",
                    "<p>Le prochain repair café aura lieu le deuxième samedi du mois, au centre "
                    "social.</p>",
                ),
            ),
        ),
    ),
)

FINISTERE = Territory(
    code="29",
    name="Finistère",
    initials="29",
    primary_colour="#00587a",
    secondary_colour="#e5f1f6",
    intro=(
        "Du Léon à la Cornouaille, le Finistère invite ses habitants à donner une heure par "
        "mois pour les autres, près de chez eux."
    ),
    word_quote=(
        "Au bout de la terre, on sait ce que veut dire compter les uns sur les autres. "
        "L'Heure Civique, c'est cette solidarité finistérienne, organisée et partagée."
    ),
    word_name="Anne Le Goff",
    word_role="Présidente du Conseil départemental du Finistère",
    body=_department_body(
        "Finistère",
        "du",
        "Le Département met l'accent sur la préservation du littoral et sur l'accompagnement "
        "des personnes âgées vivant seules, nombreuses dans les communes de l'intérieur.",
    ),
    contact_name="Conseil départemental du Finistère",
    contact_address="Hôtel du Département\nquai du Port\n29000 Quimper",
    contact_phone="02 99 99 29 00",
    contact_email="heure-civique@finistere.example.org",
    contact_website="https://finistere.example.org/",
    contact_hours="Du lundi au vendredi, de 8 h 30 à 17 h",
    news=(
        News(
            slug="journee-du-littoral",
            title="Journée du littoral : 600 bénévoles sur les grèves",
            date=date(2026, 9, 27),
            intro="De Brest à Concarneau, les bénévoles ont nettoyé trente plages en une matinée.",
            body=(
                (
                    "paragraph",
                    "<p>Organisée avec les communes engagées, la journée a permis de collecter "
                    "plus de deux tonnes de déchets, triés ensuite avec les services du "
                    "Département.</p>",
                ),
            ),
        ),
    ),
    communes=(
        Territory(
            code="29019",
            name="Brest",
            initials="B",
            primary_colour="#0b4f6c",
            secondary_colour="#e3eef3",
            intro=(
                "À Brest, l'Heure Civique s'appuie sur les conseils consultatifs de quartier "
                "pour proposer des actions près de chez vous."
            ),
            word_quote=(
                "Brest est une ville de solidarités. Une heure par mois, c'est une manière "
                "simple d'en faire partie, quel que soit son âge ou son quartier."
            ),
            word_name="Yann Kerbrat",
            word_role="Maire de Brest",
            body=_commune_body(
                "Brest",
                "Accompagnement des étudiants étrangers, jardins partagés, visites aux "
                "résidents des foyers-logements : les actions suivent les saisons et les "
                "quartiers, de Recouvrance à Saint-Marc.",
                "dans les maisons de quartier, de Recouvrance à Saint-Marc",
            ),
            contact_name="Mairie de Brest",
            contact_address="Hôtel de Ville\nplace de la Liberté\n29200 Brest",
            contact_phone="02 99 99 29 20",
            contact_email="heure-civique@brest.example.org",
            contact_website="https://brest.example.org/",
            contact_hours="Du lundi au vendredi, de 8 h 30 à 17 h 30",
            news=(
                _commune_news(
                    "jardins-partages-de-recouvrance",
                    "Les jardins partagés de Recouvrance cherchent des mains vertes",
                    date(2026, 10, 8),
                    "Une heure par mois pour bêcher, semer et partager la récolte.",
                    "<p>Aucune expérience n'est nécessaire : les jardiniers du quartier "
                    "accueillent les débutants chaque samedi matin.</p>",
                ),
            ),
        ),
        Territory(
            code="29232",
            name="Quimper",
            initials="Q",
            primary_colour="#9c2b1c",
            secondary_colour="#f9ebe8",
            intro=(
                "Quimper invite ses habitants à donner une heure par mois pour les autres, "
                "au fil de l'Odet et des quartiers."
            ),
            word_quote=(
                "Une ville se mesure à l'attention qu'elle porte aux plus fragiles. Merci aux "
                "Quimpérois qui donnent de leur temps."
            ),
            word_name="Gwenaëlle Madec",
            word_role="Maire de Quimper",
            body=_commune_body(
                "Quimper",
                "Lecture aux enfants à la médiathèque, aide aux courses pour les aînés, "
                "entretien des chemins de halage : les bénévoles quimpérois choisissent "
                "parmi une quinzaine d'actions chaque mois.",
                "le long de l'Odet et dans les quartiers",
            ),
            contact_name="Mairie de Quimper",
            contact_address="Hôtel de Ville\nplace Saint-Corentin\n29000 Quimper",
            contact_phone="02 99 99 29 23",
            contact_email="heure-civique@quimper.example.org",
            contact_website="https://quimper.example.org/",
            contact_hours="Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h",
            news=(
                _commune_news(
                    "lecture-a-voix-haute",
                    "Lire à voix haute pour les tout-petits",
                    date(2026, 11, 3),
                    "La médiathèque cherche des lecteurs bénévoles pour ses matinées des "
                    "tout-petits.",
                    "<p>Une formation courte est proposée aux nouveaux lecteurs en décembre.</p>",
                ),
            ),
        ),
        Territory(
            code="29151",
            name="Morlaix",
            initials="M",
            # No colours of its own: Morlaix is drawn in Finistère's colours.
            primary_colour="",
            secondary_colour="",
            intro=(
                "Morlaix rejoint l'Heure Civique : au pied du viaduc, une heure par mois pour "
                "l'entraide entre voisins."
            ),
            word_quote=(
                "Nous commençons modestement, avec quelques actions et beaucoup d'envie. "
                "Rejoignez-nous !"
            ),
            word_name="Erwan Quéré",
            word_role="Maire de Morlaix",
            body=_commune_body(
                "Morlaix",
                "Morlaix a rejoint le programme cet automne. Les premières actions portent sur "
                "les visites aux aînés et l'entretien des venelles du centre ancien.",
                "dans le centre ancien et les quartiers hauts",
            ),
            contact_name="Mairie de Morlaix",
            contact_address="Hôtel de Ville\nplace des Otages\n29600 Morlaix",
            contact_phone="02 99 99 29 60",
            contact_email="heure-civique@morlaix.example.org",
            contact_website="https://morlaix.example.org/",
            contact_hours="Du lundi au vendredi, de 9 h à 12 h et de 13 h 30 à 17 h",
        ),
    ),
)

CHARENTE_MARITIME = Territory(
    code="17",
    name="Charente-Maritime",
    initials="17",
    primary_colour="#006b75",
    secondary_colour="#e2f2f3",
    intro=(
        "En Charente-Maritime, des îles à la Saintonge, une heure par mois pour une action "
        "solidaire près de chez soi."
    ),
    word_quote=(
        "Notre département accueille chaque année de nouveaux habitants. L'Heure Civique est "
        "une belle porte d'entrée pour tisser des liens avec ses voisins."
    ),
    word_name="Philippe Mercier",
    word_role="Président du Conseil départemental de la Charente-Maritime",
    body=_department_body(
        "Charente-Maritime",
        "de la",
        "Le Département soutient en priorité les actions d'aide aux aidants familiaux et la "
        "protection des marais et du littoral, en lien avec les associations locales.",
    ),
    contact_name="Conseil départemental de la Charente-Maritime",
    contact_address="Maison de la Charente-Maritime\nquai de l'Océan\n17000 La Rochelle",
    contact_phone="02 99 99 17 00",
    contact_email="heure-civique@charente-maritime.example.org",
    contact_website="https://charente-maritime.example.org/",
    contact_hours="Du lundi au vendredi, de 8 h 30 à 17 h 30",
    news=(
        News(
            slug="aide-aux-aidants",
            title="Une heure pour soulager un aidant",
            date=date(2026, 10, 15),
            intro=(
                "Le Département lance un appel aux bénévoles pour offrir quelques heures de "
                "répit aux aidants familiaux."
            ),
            body=(
                (
                    "paragraph",
                    "<p>Les bénévoles tiennent compagnie à la personne aidée pendant que "
                    "l'aidant prend du temps pour lui. Une formation est proposée par le "
                    "Département.</p>",
                ),
            ),
        ),
    ),
    communes=(
        Territory(
            code="17300",
            name="La Rochelle",
            initials="LR",
            primary_colour="#1d4e89",
            secondary_colour="#e7eef7",
            intro=(
                "La Rochelle invite ses habitants, du Vieux-Port à Mireuil, à donner une heure "
                "par mois pour les autres."
            ),
            word_quote=(
                "La Rochelle a une longue tradition d'engagement. Avec l'Heure Civique, chacun "
                "peut y prendre part, une heure à la fois."
            ),
            word_name="Marc Rivaud",
            word_role="Maire de La Rochelle",
            body=_commune_body(
                "La Rochelle",
                "Accueil des nouveaux arrivants, ateliers vélo, collecte de livres pour les "
                "écoles : les actions rochelaises mêlent solidarité et transition écologique.",
                "du Vieux-Port aux quartiers de Mireuil et de Villeneuve-les-Salines",
            ),
            contact_name="Mairie de La Rochelle",
            contact_address="Hôtel de Ville\nplace de l'Hôtel-de-Ville\n17000 La Rochelle",
            contact_phone="02 99 99 17 30",
            contact_email="heure-civique@la-rochelle.example.org",
            contact_website="https://la-rochelle.example.org/",
            contact_hours="Du lundi au vendredi, de 8 h 30 à 17 h",
            news=(
                _commune_news(
                    "ateliers-velo-solidaires",
                    "Ateliers vélo : réparer ensemble plutôt que jeter",
                    date(2026, 10, 29),
                    "Chaque samedi, des bénévoles aident à remettre en état les vélos des "
                    "habitants.",
                    "<p>Les pièces sont fournies par une recyclerie partenaire. Venez avec "
                    "votre vélo, repartez en selle.</p>",
                ),
            ),
        ),
        Territory(
            code="17299",
            name="Rochefort",
            initials="R",
            primary_colour="#7a4a00",
            secondary_colour="#f7efe2",
            intro=(
                "À Rochefort, l'Heure Civique fait vivre l'entraide entre voisins, de l'arsenal "
                "aux quartiers."
            ),
            word_quote=(
                "Une ville solidaire, c'est une ville où personne n'est oublié. Merci à ceux "
                "qui donnent une heure pour que ce soit vrai."
            ),
            word_name="Isabelle Fournier",
            word_role="Maire de Rochefort",
            body=_commune_body(
                "Rochefort",
                "Visites aux aînés isolés, aide aux devoirs et entretien des jardins de la "
                "Corderie : la ville propose des actions toute l'année.",
                "dans les quartiers et autour de la Corderie royale",
            ),
            contact_name="Mairie de Rochefort",
            contact_address="Hôtel de Ville\nplace Colbert\n17300 Rochefort",
            contact_phone="02 99 99 17 29",
            contact_email="heure-civique@rochefort.example.org",
            contact_website="https://rochefort.example.org/",
            contact_hours="Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h 30",
        ),
        Territory(
            code="17415",
            name="Saintes",
            initials="S",
            primary_colour="#a0330f",
            secondary_colour="#fbece6",
            intro=(
                "Saintes invite ses habitants à donner une heure par mois, des bords de "
                "Charente aux quartiers."
            ),
            word_quote=(
                "Chaque heure donnée tisse un lien de plus entre les Saintais. C'est une "
                "richesse que nous voulons cultiver."
            ),
            word_name="Olivier Chauvet",
            word_role="Maire de Saintes",
            body=_commune_body(
                "Saintes",
                "Accompagnement aux rendez-vous médicaux, épicerie solidaire et nettoyage des "
                "bords de Charente : les actions saintaises sont nées des idées des habitants.",
                "en centre-ville et le long de la Charente",
            ),
            contact_name="Mairie de Saintes",
            contact_address="Hôtel de Ville\nsquare André-Maudet\n17100 Saintes",
            contact_phone="02 99 99 17 41",
            contact_email="heure-civique@saintes.example.org",
            contact_website="https://saintes.example.org/",
            contact_hours="Du lundi au vendredi, de 8 h 30 à 12 h 30 et de 13 h 30 à 17 h",
            news=(
                _commune_news(
                    "epicerie-solidaire-cherche-benevoles",
                    "L'épicerie solidaire cherche des bénévoles",
                    date(2026, 11, 12),
                    "Une heure par mois pour accueillir les bénéficiaires et ranger les rayons.",
                    "<p>L'épicerie est ouverte les mardis et vendredis après-midi.</p>",
                ),
            ),
        ),
    ),
)

DEPARTMENTS = (MAYENNE, FINISTERE, CHARENTE_MARITIME)

STANDARD_PAGES = (
    StandardPageContent(
        kind="about",
        slug="a-propos",
        title="À propos",
        intro=(
            "L'Heure Civique est un programme porté par les Conseils départementaux, mis en "
            "œuvre par les communes et animé par l'association Voisins Solidaires."
        ),
        body=(
            ("heading", "Qui fait quoi ?"),
            (
                "paragraph",
                "<ul><li><b>Le Conseil départemental</b> invite les habitants, finance la "
                "coordination et forme les référents.</li>"
                "<li><b>La commune</b> propose les actions et accueille les bénévoles par "
                "l'intermédiaire de son référent à la mairie.</li>"
                "<li><b>Voisins Solidaires</b> anime le réseau national, relit les initiatives "
                "proposées et publie la boîte à idées des gestes solidaires.</li></ul>",
            ),
            ("heading", "Pourquoi une heure ?"),
            (
                "paragraph",
                "<p>Parce qu'une heure par mois, chacun peut la trouver. L'engagement reste "
                "léger, régulier et choisi : on donne quand on peut, là où l'on vit.</p>",
            ),
        ),
    ),
    StandardPageContent(
        kind="legal_notice",
        slug="mentions-legales",
        title="Mentions légales",
        intro="Informations légales relatives au site de L'Heure Civique.",
        body=(
            ("heading", "Éditeur"),
            (
                "paragraph",
                "<p>Association Voisins Solidaires, Maison des associations, 12 rue de la "
                "Solidarité, 75011 Paris. Téléphone : 01 99 99 10 10. "
                "Directrice de la publication : la présidente de l'association.</p>",
            ),
            ("heading", "Contenus des territoires"),
            (
                "paragraph",
                "<p>Les pages des départements et des communes sont rédigées sous la "
                "responsabilité de chaque collectivité.</p>",
            ),
            ("heading", "Hébergement"),
            (
                "paragraph",
                "<p>Le site est hébergé en France par un prestataire soumis au droit européen.</p>",
            ),
            ("heading", "Données des territoires"),
            (
                "paragraph",
                "<p>La liste des communes, départements et intercommunalités provient du "
                "paquet <i>decoupage-administratif</i> d'Etalab (licence MIT), établi à partir "
                "du Code officiel géographique de l'INSEE, de la Base officielle des codes "
                "postaux de La Poste et de la base BANATIC de la DGCL.</p>",
            ),
        ),
    ),
    StandardPageContent(
        kind="personal_data",
        slug="donnees-personnelles",
        title="Données personnelles",
        intro=(
            "Ce que nous faisons des données que vous nous confiez lorsque vous vous inscrivez "
            "comme bénévole."
        ),
        body=(
            ("heading", "Quelles données ?"),
            (
                "paragraph",
                "<p>Votre nom, votre adresse électronique, votre commune et, si vous le "
                "souhaitez, votre numéro de téléphone. Nous enregistrons aussi les actions "
                "auxquelles vous vous inscrivez et les heures données.</p>",
            ),
            ("heading", "Qui y a accès ?"),
            (
                "paragraph",
                "<p>Le référent de votre commune et, pour le suivi du programme, celui de "
                "votre département. Vos données ne sont jamais publiées ni vendues.</p>",
            ),
            ("heading", "Vos droits"),
            (
                "paragraph",
                "<p>Vous pouvez à tout moment télécharger vos données ou demander leur "
                "effacement depuis votre espace, ou en écrivant à "
                "dpo@heurecivique.example.org.</p>",
            ),
        ),
    ),
    StandardPageContent(
        kind="charter",
        slug="charte-du-benevole",
        title="Charte du bénévole",
        intro="Quelques engagements simples pour que chaque heure donnée se passe bien.",
        body=(
            ("heading", "Je m'engage à"),
            (
                "paragraph",
                "<ol><li>respecter les personnes que j'aide, leur intimité et leurs choix ;</li>"
                "<li>prévenir le référent si je ne peux pas venir ;</li>"
                "<li>ne demander ni accepter aucune rémunération ;</li>"
                "<li>garder pour moi ce que j'apprends de la vie des personnes aidées ;</li>"
                "<li>signaler au référent toute situation qui m'inquiète.</li></ol>",
            ),
            ("heading", "La commune s'engage à"),
            (
                "paragraph",
                "<p>vous accueillir, vous informer sur les actions, vous assurer pendant les "
                "actions qu'elle organise et vous écouter si une difficulté se présente.</p>",
            ),
        ),
    ),
)

USERS = (
    DemoUser("admin", "Alex", "Martin", "administrator", description="administrator"),
    DemoUser("laval.editeur", "Léa", "Bouvier", "editors", "53130", "editor of Laval"),
    DemoUser("laval.referent", "Karim", "Haddad", "referents", "53130", "referent of Laval"),
    DemoUser("mayenne.editeur", "Julie", "Besnard", "editors", "53", "editor of Mayenne (53)"),
    DemoUser(
        "mayenne.referent", "Thomas", "Gauthier", "referents", "53", "referent of Mayenne (53)"
    ),
    DemoUser("quimper.editeur", "Maëlle", "Le Bihan", "editors", "29232", "editor of Quimper"),
    DemoUser(
        "moderation", "Camille", "Roussel", "moderators", description="Voisins Solidaires moderator"
    ),
)

# The accessibility statement (RGAA 4.1 model) and the site map, under the home page. The audit
# is the demo's own: axe-core over every public template (tests/e2e/test_axe.py) and a reading
# by hand of a sample of pages; its figures are invented for the demo.
ACCESSIBILITY_STATEMENT = {
    "title": "Déclaration d'accessibilité",
    "slug": "accessibilite",
    "entity": "L'association Voisins Solidaires",
    "compliance": "partial",
    "compliance_rate": Decimal("76.3"),
    "rgaa_version": "4.1",
    "audit_date": date(2026, 11, 27),
    "auditor": "Voisins Solidaires (audit interne)",
    "technologies": "HTML5, CSS, JavaScript, WAI-ARIA, PDF (kits de communication)",
    "test_environment": (
        "Chromium 156 sous Debian 12, avec le lecteur d'écran Orca\n"
        "Firefox 128 sous Windows 11, avec le lecteur d'écran NVDA 2024\n"
        "Safari sous iOS 18, avec VoiceOver"
    ),
    "tools": (
        "axe-core 4.14, sur chaque modèle de page publique, à 390 et 1 366 pixels de large "
        "(règles WCAG 2.1 A et AA et bonnes pratiques) : aucune erreur détectée\n"
        "Vérification de l'affichage à 320, 390, 768 et 1 366 pixels : aucun défilement "
        "horizontal\n"
        "Navigation au clavier seul, zoom du texte à 200 %, analyse des contrastes de couleurs"
    ),
    "sample": (
        "<ul><li>Accueil</li><li>Page d'un département (Mayenne)</li>"
        "<li>Page d'une commune (Laval)</li><li>Agenda des actions et page d'une action</li>"
        "<li>Inscription comme bénévole (« Je participe »)</li>"
        "<li>Inscription à une action</li><li>Espace du bénévole</li>"
        "<li>Boîte à idées et proposition d'un geste</li><li>Proposition d'une initiative</li>"
        "<li>Actualités</li><li>Mentions légales</li><li>Plan du site</li></ul>"
    ),
    "non_compliances": (
        "<ul><li>Les kits de communication en PDF (affiches, flyer, banderole) ne sont pas "
        "balisés : un lecteur d'écran n'en restitue pas la structure ni l'ordre de lecture "
        "(critère 13.3).</li>"
        "<li>Certaines photos publiées par les communes n'ont pas d'alternative textuelle "
        "pertinente (critère 1.3).</li>"
        "<li>Les vidéos intégrées par certaines communes n'ont ni sous-titres ni transcription "
        "(critères 4.1 et 4.3).</li></ul>"
    ),
    "derogations": "",
    "out_of_scope": (
        "<ul><li>Les contenus de sites tiers vers lesquels renvoient les pages des communes "
        "(sites des mairies et des associations partenaires).</li>"
        "<li>Les documents bureautiques publiés par les collectivités avant le "
        "23 septembre 2018.</li></ul>"
    ),
    "drawn_up_on": date(2026, 11, 27),
    "updated_on": date(2026, 11, 30),
    "multi_year_plan_url": "",
    "action_plan_url": "",
    "contact_email": "accessibilite@heurecivique.example.org",
    "contact_form_url": "",
    "contact_address": (
        "Association Voisins Solidaires, accessibilité\nMaison des associations\n"
        "12 rue de la Solidarité\n75011 Paris"
    ),
}

SITEMAP = {
    "title": "Plan du site",
    "slug": "plan-du-site",
    "intro": (
        "Toutes les pages du site : les pages nationales, puis chaque département engagé "
        "et ses communes."
    ),
}
