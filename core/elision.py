"""French "de" before a place's name, with its elision and contractions: "de Laval",
"d'Ahuillé", "d'Hérouville", "du Mans" (Le Mans), "des Sables-d'Olonne" (Les Sables-d'Olonne),
"de La Flèche". Every text that writes "of <a commune>" goes through `of_place`, which does
this in French and asks the catalogue ("of %(name)s") in the other languages."""

from __future__ import annotations

import unicodedata

from django.utils.translation import get_language
from django.utils.translation import gettext as _

VOWELS = set("aeiouy")


def _bare(letters: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", letters.lower()) if not unicodedata.combining(c)
    )


def elides(name: str) -> bool:
    """Whether "de" loses its e before `name`: a vowel (accented or not), or a mute h."""
    bare = _bare(name.strip()[:4])
    if not bare:
        return False
    if bare[0] in VOWELS:
        return True
    return bare[0] == "h" and _h_is_mute(name.strip().lower())


def _h_is_mute(lowered: str) -> bool:
    # Mute before "e" ("d'Hérouville", "d'Hennebont"), taken as aspirated before the other
    # vowels ("de Hambers", "de Houssay", "de Hautefeuille") but for the mute ones listed.
    if lowered[1:2] in ("é", "e", "è", "ê"):
        return True
    return lowered.startswith(("harfleur", "habloville", "honfleur", "hyères", "hyeres"))


def de(name: str) -> str:
    """ "de" + `name`, in French: elided, or contracted with the name's own article."""
    name = name.strip()
    lowered = name.lower()
    if lowered.startswith("le "):
        return "du " + name[3:]
    if lowered.startswith("les "):
        return "des " + name[4:]
    if elides(name):
        return "d'" + name
    return "de " + name


def of_place(name: str) -> str:
    """ "of <name>" in the active language: French elides ("d'Ahuillé")."""
    if (get_language() or "fr").split("-")[0] == "fr":
        return de(name)
    return _("of %(name)s") % {"name": name}
