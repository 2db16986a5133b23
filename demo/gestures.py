"""The demo's idea box: the 100 gestures of snippets/data/gestures.json, and two gestures
suggested by visitors, waiting for moderation (drafts, never public).

`load()` is idempotent: a second call saves nothing and returns 0.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Locale

from snippets.models import Gesture, GestureCategory
from snippets.services import how_to_html, load_gestures

# Invented visitors (@example.org); their names and e-mails are seen by moderators only.
SUGGESTIONS = (
    {
        "slug": "preter-ses-outils-de-jardin",
        "title": "Prêter ses outils de jardin",
        "summary": "Prêter sa tondeuse et son sécateur aux voisins un samedi par mois.",
        "how_to": [
            "Affichez dans le hall ou à la boulangerie la liste des outils que vous pouvez prêter.",
            "Notez qui emprunte quoi et montrez comment s'en servir sans danger.",
        ],
        "category_order": 2,
        "kind": "neighbourly",
        "name": "Martine Exemple",
        "email": "martine.exemple@example.org",
    },
    {
        "slug": "tenir-une-boite-a-livres",
        "title": "Tenir une boîte à livres",
        "summary": "Ranger et réapprovisionner la boîte à livres du quartier une fois par mois.",
        "how_to": [
            "Demandez à la mairie qui s'occupe de la boîte à livres et proposez votre aide.",
            "Retirez les livres abîmés et ajoutez-en pour les enfants.",
        ],
        "category_order": 1,
        "kind": "collective",
        "name": "Karim Exemple",
        "email": "karim.exemple@example.org",
    },
)


def load() -> int:
    """Loads the gestures and the two suggestions; returns how many things were saved."""
    report = load_gestures()
    saved = report.changed
    with transaction.atomic():
        saved += sum(ensure_suggestion(suggestion) for suggestion in SUGGESTIONS)
    return saved


def ensure_suggestion(suggestion: dict) -> int:
    locale = Locale.get_default()
    if Gesture.objects.filter(locale=locale, slug=suggestion["slug"]).exists():
        return 0
    categories = GestureCategory.objects.filter(locale=locale).order_by("order", "pk")
    category = categories.filter(order=suggestion["category_order"]).first() or categories.first()
    if category is None:
        return 0
    gesture = Gesture(
        locale=locale,
        slug=suggestion["slug"],
        title=suggestion["title"],
        summary=suggestion["summary"],
        how_to=how_to_html(suggestion["how_to"]),
        category=category,
        kind=suggestion["kind"],
        live=False,
        source=Gesture.Source.SUGGESTION,
        suggested_by_name=suggestion["name"],
        suggested_by_email=suggestion["email"],
    )
    gesture.save()
    gesture.save_revision()
    workflow = gesture.get_workflow()
    if workflow is not None:
        workflow.start(gesture, None)
    return 1
