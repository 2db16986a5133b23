"""The demo's prospecting and good practices (called by load_demo, after the volunteers): the
pipeline of Mayenne with communes in every state — engaged ones (Château-Gontier, presented on
site), Ernée where volunteers wait (a video presentation planned, its invitation sent through
the outbox), others contacted, presented or declined — and the good practices library, national
and Mayenne's, one practice with a file to download. The mairies' contacts are invented, at
`.example` addresses. The news feeds need nothing: they read the demo's news.

Idempotent: a pipeline row is found by its commune, a page by its slug, the file by its title;
a presentation already planned is not planned (nor sent) again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from pages.models import DepartmentPage, HomePage
from practices.models import PracticeAttachment, PracticeLibraryPage, PracticePage, Topic
from prospecting import services
from prospecting.models import Prospect
from territories.models import Commune

State = Prospect.State
Kind = Prospect.Kind


@dataclass(frozen=True)
class DemoProspect:
    name: str  # a commune of Mayenne, by its name (skipped when the territories lack it)
    state: str
    contact: tuple[str, str, str] = ("", "", "")  # name, e-mail, telephone
    presented_days_ago: int | None = None
    kind: str = ""
    presenter: str = ""
    notes: str = ""


MAYENNE = "53"
PIPELINE = (
    DemoProspect(
        "Château-Gontier-sur-Mayenne",
        State.ENGAGED,
        ("Cabinet du maire", "cabinet@chateau-gontier.example", "0299997101"),
        presented_days_ago=120,
        kind=Kind.ON_SITE,
        presenter="Julie Besnard",
    ),
    DemoProspect(
        "Ernée",
        State.CONTACTED,  # then planned below, with its invitation
        ("Mme Armelle Exemple, adjointe", "mairie@ernee.example", "0299997102"),
        kind=Kind.VIDEO,
        presenter="Thomas Gauthier",
        notes="Trois habitants attendent déjà : présentation au conseil municipal.",
    ),
    DemoProspect(
        "Évron",
        State.CONTACTED,
        ("Secrétariat général", "accueil@evron.example", "0299997103"),
        notes="Rappeler après le conseil de janvier.",
    ),
    DemoProspect(
        "Craon",
        State.PRESENTED,
        ("M. Bruno Fictif, maire", "maire@craon.example", "0299997104"),
        presented_days_ago=14,
        kind=Kind.VIDEO,
        presenter="Camille Roussel",
        notes="Décision attendue au prochain conseil.",
    ),
    DemoProspect(
        "Gorron",
        State.DECLINED,
        ("Accueil de la mairie", "mairie@gorron.example", "0299997105"),
        presented_days_ago=60,
        kind=Kind.VIDEO,
        presenter="Julie Besnard",
        notes="Pas avant 2028 : à recontacter.",
    ),
)
PLANNED = "Ernée"
PLANNED_IN_DAYS = 21

LIBRARY_SLUG = "bonnes-pratiques"
PRACTICES = (
    (
        "lancer-l-heure-civique-en-conseil-municipal",
        "Lancer l'Heure Civique en conseil municipal",
        Topic.LAUNCHING,
        "Une délibération courte, un référent nommé, une date de lancement : la méthode de "
        "Laval en trois étapes.",
    ),
    (
        "accueillir-les-nouveaux-volontaires",
        "Accueillir les nouveaux volontaires",
        Topic.VOLUNTEERS,
        "Un appel dans la semaine, un café d'accueil chaque mois : personne n'attend sans "
        "nouvelles.",
    ),
    (
        "un-cafe-des-voisins-dans-chaque-quartier",
        "Un café des voisins dans chaque quartier",
        Topic.SOLIDARITY,
        "Une table, des thermos et une affiche : le rendez-vous qui fait se rencontrer les "
        "voisins.",
    ),
)
MAYENNE_PRACTICE = (
    "le-covoiturage-solidaire-en-mayenne",
    "Le covoiturage solidaire en Mayenne",
    Topic.ACTIONS,
    "Comment Château-Gontier a organisé les trajets vers le marché avec ses volontaires.",
)
FILE_TITLE = "Fiche pratique — le café des voisins"
# A one-page PDF written here: the demo's file to download.
FILE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def load() -> int:
    """Creates what is missing of the pipeline and the library; returns how many rows and
    pages were saved (0 the second time)."""
    with transaction.atomic():
        saved = _pipeline()
        saved += _library()
    return saved


def _pipeline() -> int:
    now = timezone.now()
    communes = {
        commune.name: commune
        for commune in Commune.objects.filter(
            department__code=MAYENNE, name__in=[spec.name for spec in PIPELINE]
        )
    }
    saved = 0
    for spec in PIPELINE:
        commune = communes.get(spec.name)
        if commune is None:
            continue
        name, email, phone = spec.contact
        values = {
            "contact_name": name,
            "contact_email": email,
            "contact_phone": phone,
            "notes": spec.notes,
            "presenter": spec.presenter,
            "presentation_kind": spec.kind,
        }
        prospect = Prospect.objects.filter(commune=commune).first()
        if prospect is None:
            prospect = Prospect(commune=commune, state=spec.state)
            if spec.presented_days_ago is not None:
                prospect.presentation_at = (
                    now - dt.timedelta(days=spec.presented_days_ago)
                ).replace(hour=10, minute=0, second=0, microsecond=0)
        elif all(getattr(prospect, field) == value for field, value in values.items()):
            continue
        for field, value in values.items():
            setattr(prospect, field, value)
        prospect.save()
        saved += 1
    planned = communes.get(PLANNED)
    if planned is not None and planned.prospect.state == State.CONTACTED:
        day = timezone.localdate() + dt.timedelta(days=PLANNED_IN_DAYS)
        services.plan_presentation(
            planned,
            None,
            at=timezone.make_aware(dt.datetime.combine(day, dt.time(18, 30))),
            kind=Kind.VIDEO,
            place="https://visio.example/heure-civique-ernee",
            presenter="Thomas Gauthier",
        )
        saved += 1
    return saved


def _library() -> int:
    locale = Locale.get_default()
    saved = 0
    home = HomePage.objects.filter(locale=locale).first()
    if home is not None:
        library, created = _library_under(home, "Bonnes pratiques")
        saved += created
        for slug, title, topic, intro in PRACTICES:
            saved += _practice(library, slug, title, topic, intro)
        practice = PracticePage.objects.child_of(library).get(slug=PRACTICES[2][0])
        saved += _attach_file(practice)
    mayenne = DepartmentPage.objects.filter(locale=locale, department__code=MAYENNE).first()
    if mayenne is not None:
        library, created = _library_under(mayenne, "Bonnes pratiques en Mayenne")
        saved += created
        saved += _practice(library, *MAYENNE_PRACTICE)
    return saved


def _library_under(parent, title: str) -> tuple[PracticeLibraryPage, int]:
    from .services import add_published_child  # the demo's loader, which calls this module

    library = PracticeLibraryPage.objects.child_of(parent).filter(slug=LIBRARY_SLUG).first()
    if library is not None:
        return library, 0
    intro = "Ce qui marche dans les communes engagées, à reprendre chez vous."
    page = PracticeLibraryPage(title=title, slug=LIBRARY_SLUG, intro=intro)
    return add_published_child(parent, page), 1


def _practice(library, slug: str, title: str, topic: str, intro: str) -> int:
    from .services import add_published_child, publish_if_changed

    values = {"title": title, "topic": topic, "intro": intro}
    page = PracticePage.objects.child_of(library).filter(slug=slug).first()
    if page is None:
        add_published_child(library, PracticePage(slug=slug, **values))
        return 1
    return int(publish_if_changed(page, values))


def _attach_file(practice: PracticePage) -> int:
    if practice.attachments.filter(document__title=FILE_TITLE).exists():
        return 0
    Document = get_document_model()
    document = Document.objects.filter(title=FILE_TITLE).first()
    if document is None:
        document = Document.objects.create(
            title=FILE_TITLE, file=ContentFile(FILE, name="cafe-des-voisins.pdf")
        )
    PracticeAttachment.objects.create(page=practice, document=document)
    return 1
