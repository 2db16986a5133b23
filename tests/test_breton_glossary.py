"""The Breton texts follow the glossary of docs/breton-glossary.md (issue 21: a Breton text is
real Breton, checked against a reference, not invented): a term of the glossary named in a source
text (an English msgid of locale/br, a French text of the demo's BRETON) is translated by its
checked Breton form and never by a form the glossary rejects ("Agenda" is "Deiziataer", not
"Deiziadur", which is a calendar); a term the glossary has no checked Breton form for stays
untranslated when it is the whole text (shown in French). GLOSSARY is the doc's table as data;
test_the_glossary_is_the_docs keeps the two together."""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from django.conf import settings

from demo.translations import BRETON

BASE = Path(settings.BASE_DIR)
# Every Breton catalogue of the project: the site's and the apps' own (the kits' posters).
CATALOGUES = sorted(
    path
    for path in BASE.glob("**/locale/br/LC_MESSAGES/django.po")
    if not {".venv", "node_modules"} & set(path.relative_to(BASE).parts)
)
DOC = BASE / "docs" / "breton-glossary.md"
# The programme's name stays as it is in every language: its "Heure" is not an hour.
NAME = re.compile(r"\b[Ll]['’]Heure Civique\b")


@dataclass(frozen=True)
class Term:
    # The words naming the term in a source text, English or French (regular expressions).
    sources: tuple[str, ...]
    # Its checked Breton forms, mutated and plural ones too (matched at the start of a word).
    breton: tuple[str, ...] = ()
    # Forms the glossary rejects for it: another word's, a misspelling, a form not kept.
    rejected: tuple[str, ...] = ()
    # A translation of a text naming the term names it too (no shortening drops it).
    required: bool = False

    @property
    def verified(self) -> bool:
        return bool(self.breton)


GLOSSARY = {
    "agenda": Term(
        (r"agendas?",),
        ("deiziataer", "zeiziataer"),
        rejected=("deiziadur", "zeiziadur"),
        required=True,
    ),
    "calendar": Term(
        (r"calendars?", r"calendriers?"), ("deiziataer", "zeiziataer", "deiziadur", "zeiziadur")
    ),
    "action": Term((r"actions?",), ("ober", "oberoù"), rejected=("obererezh",)),
    "commune": Term((r"communes?",), ("kumun", "gumun", "c'humun")),
    "department": Term((r"departments?", r"départements?"), ("departamant",)),
    "department council": Term(
        (
            r"department(?:al)? councils?",
            r"conseils? départementa(?:l|ux)",
            r"conseils? généra(?:l|ux)",
        ),
        ("kuzul-departamant", "c'huzul-departamant", "kuzulioù-departamant"),
        rejected=("kuzul-meur", "kuzul meur", "c'huzul-meur", "c'huzul meur"),
        required=True,
    ),
    "town hall": Term(
        (r"town halls?", r"mairies?"),
        ("ti-kêr", "tiez-kêr"),
        rejected=("ti-ker", "tiez-ker", "maerdi", "vaerdi"),
    ),
    "mayor": Term((r"mayors?", r"maires?"), ("maer", "vaer")),
    "president": Term((r"presidents?", r"président(?:e|es|s)?"), ("prezidant", "brezidant")),
    "inhabitant": Term((r"inhabitants?", r"habitants?"), ("annezad", "annezidi")),
    "association": Term((r"associations?",), ("kevredigezh", "gevredigezh", "c'hevredigezh")),
    "solidarity": Term(
        (r"solidarity", r"solidarités?", r"solidaires?"),
        ("kengred", "gengred", "kengret", "gengret"),
        rejected=("kenskoazell", "genskoazell"),
    ),
    "hour": Term((r"hours?", r"heures?"), ("eur", "eurioù", "eurvezh")),
    "month": Term((r"months?", r"mois"), ("miz", "viz", "mizioù")),
    "registration": Term((r"registrations?", r"sign-ups?", r"inscriptions?"), ("enskrivadur",)),
    "sign up": Term(
        (r"sign up", r"s['’]inscrire", r"inscrivez-vous"), ("en em enskriv", "enskrivadur")
    ),
    "unsubscribe": Term((r"unsubscribe", r"se désinscrire"), ("digoumanant",)),
    "poster": Term((r"posters?", r"affiches?"), ("skritell",)),
    "password": Term(
        (r"passwords?", r"mots? de passe"),
        ("ger-tremen", "gerioù-tremen", "ker-tremen", "c'herioù-tremen"),
    ),
    "e-mail": Term((r"e-?mails?", r"courriels?"), ("postel", "bostel", "chomlec'h postel")),
    "account": Term((r"accounts?", r"comptes?"), ("kont", "gont", "c'hont")),
    "cancel": Term((r"cancel", r"annuler"), ("nullañ",)),
    "cancelled": Term((r"cancell?ed", r"annulée?s?"), ("nullet",)),
    "confirm": Term((r"confirm", r"confirmer"), ("kadarna",)),
    "search": Term((r"search", r"recherche(?:r)?"), ("klask", "glask", "c'hlask")),
    "page": Term((r"pages?",), ("pajenn", "bajenn", "fajenn")),
    "language": Term((r"languages?", r"langues?"), ("yezh", "yezhoù")),
    "French": Term((r"french", r"français(?:e)?"), ("galleg",)),
    "English": Term((r"english", r"anglais(?:e)?"), ("saozneg",)),
    "Breton": Term((r"breton(?:ne)?",), ("brezhoneg",)),
    "news": Term((r"news", r"actualités?"), ("keleier",)),
    "help": Term((r"help", r"aide"), ("skoazell", "sikour")),
    "contact": Term((r"contact",), ("darempred",)),
    "privacy": Term((r"privacy", r"vie privée"), ("prevez",)),
    "Monday": Term((r"monday", r"lundi"), ("lun",), required=True),
    "Friday": Term((r"friday", r"vendredi"), ("gwener",), required=True),
    "Finistère": Term(
        (r"Finistère",), ("Penn-ar-Bed",), rejected=("Penn ar Bed", "Finistère"), required=True
    ),
    "Quimper": Term((r"Quimper",), ("Kemper", "Gemper"), required=True),
    "Cornouaille": Term((r"Cornouaille",), ("Kernev", "Gernev"), required=True),
    "Odet": Term((r"Odet",), ("Oded",), required=True),
    # No checked Breton form: the term is left in French rather than guessed.
    "volunteer": Term((r"volunteers?", r"bénévoles?")),
    "referent": Term((r"referents?", r"référent(?:e|es|s)?")),
    "moderator": Term((r"moderators?", r"moderation", r"modérat(?:eur|eurs|rice|rices|ion)")),
    "gesture": Term((r"gestures?", r"gestes?")),
    "idea box": Term((r"idea box", r"boîte à idées")),
    "kit": Term((r"kits?",)),
}


def _word(pattern: str) -> str:
    return rf"(?<![\w'’-])(?:{pattern})(?![\w'’])"


def names(term: Term, source: str) -> bool:
    return any(re.search(_word(p), source, re.IGNORECASE) for p in term.sources)


def is_only(term: Term, source: str) -> bool:
    """The source text is the term itself ("Agenda", "E-mail:")."""
    bare = source.strip().rstrip(" :.!?")
    return any(re.fullmatch(p, bare, re.IGNORECASE) for p in term.sources)


def has(forms: tuple[str, ...], text: str) -> str | None:
    for form in forms:
        if re.search(rf"(?<![\w'’]){re.escape(form)}", text, re.IGNORECASE):
            return form
    return None


def violations(source: str, translation: str) -> list[str]:
    """What in a translation goes against the glossary (none for an untranslated text)."""
    if not translation.strip():
        return []
    source = NAME.sub("", source)
    found = []
    for key, term in GLOSSARY.items():
        if not names(term, source):
            continue
        if not term.verified:
            if is_only(term, source):
                found.append(f"{key}: no checked Breton form, leave it untranslated")
            continue
        if rejected := has(term.rejected, translation):
            found.append(f"{key}: {rejected!r} is not the glossary's {term.breton[0]!r}")
        elif is_only(term, source):
            bare = translation.strip().rstrip(" :.!?").casefold()
            if bare not in {form.casefold() for form in term.breton}:
                found.append(f"{key}: should be {term.breton[0]!r}")
        elif term.required and not has(term.breton, translation):
            found.append(f"{key}: the translation does not name it ({term.breton[0]!r})")
    return found


def catalogue_entries(catalogue: Path):
    for entry in polib.pofile(str(catalogue)):
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            source = f"{entry.msgid} {entry.msgid_plural}"
            for translation in entry.msgstr_plural.values():
                yield source, translation
        else:
            yield entry.msgid, entry.msgstr


def report(pairs) -> list[str]:
    return [
        f"{source!r} -> {translation!r}: {problem}"
        for source, translation in pairs
        for problem in violations(source, translation)
    ]


def test_every_breton_catalogue_is_checked():
    assert [path.relative_to(BASE).as_posix() for path in CATALOGUES] == [
        "kits/locale/br/LC_MESSAGES/django.po",
        "locale/br/LC_MESSAGES/django.po",
    ]


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.relative_to(BASE).parts[0])
def test_the_catalogues_follow_the_glossary(catalogue):
    assert report(catalogue_entries(catalogue)) == []


def test_the_demo_follows_the_glossary():
    assert report(BRETON.items()) == []


def test_a_calendar_is_not_an_agenda():
    """The check itself: the catalogue's old "Agenda" -> "Deiziadur" (issue 21) fails it."""
    assert violations("Agenda", "Deiziadur")
    assert violations("Agenda des actions", "Deiziadur an oberoù")
    assert violations("Back to the agenda", "Distreiñ")  # an agenda named is not left out
    assert violations("Agenda", "Deiziataer") == []
    assert violations("Agenda des actions", "Deiziataer an oberoù") == []
    assert violations("Agenda", "") == []  # untranslated: shown in French
    assert violations("Gesture", "Jestr")  # no checked form: not guessed
    assert violations("Gesture", "") == []
    assert violations("L'Heure Civique e Kemper", "L'Heure Civique e Kemper") == []


def test_the_glossary_is_the_docs():
    """Every Breton form the test accepts or rejects is in the doc's table."""
    doc = DOC.read_text(encoding="utf-8").casefold()
    missing = sorted(
        form
        for term in GLOSSARY.values()
        for form in (*term.breton, *term.rejected)
        if form.casefold() not in doc
    )
    assert missing == []
    unverified = [key for key, term in GLOSSARY.items() if not term.verified]
    section = doc.split("## terms without a checked breton form", 1)[-1]
    assert [key for key in unverified if key.casefold() not in section] == []
