"""French "de" before a place's name (core/elision.py): elided before a vowel, accented or
not, and a mute h; contracted with the name's own article; "of" in English."""

import pytest
from django.utils import translation

from core.elision import de, of_place


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Laval", "de Laval"),
        ("Ahuillé", "d'Ahuillé"),
        ("Évron", "d'Évron"),
        ("Ernée", "d'Ernée"),
        ("Ygrande", "d'Ygrande"),
        ("Hérouville-Saint-Clair", "d'Hérouville-Saint-Clair"),
        ("Hambers", "de Hambers"),
        ("Honfleur", "d'Honfleur"),
        ("Le Mans", "du Mans"),
        ("Les Sables-d'Olonne", "des Sables-d'Olonne"),
        ("La Flèche", "de La Flèche"),
        ("L'Huisserie", "de L'Huisserie"),
    ],
)
def test_de_elides_and_contracts(name, written):
    assert de(name) == written


def test_of_place_follows_the_language():
    with translation.override("fr"):
        assert of_place("Ahuillé") == "d'Ahuillé"
    with translation.override("en"):
        assert of_place("Ahuillé") == "of Ahuillé"
