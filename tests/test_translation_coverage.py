"""Every string of the templates is in the catalogue of each language the site offers
(makemessages' own extraction, run on a copy of the templates): translated in French; present
in a regional language's (Breton), where an empty translation is shown in French. English is
the code's own. A string added to a template without its translation fails here."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

BASE = Path(settings.BASE_DIR)
ENTRY = re.compile(
    r'^(?:msgctxt "(?P<context>(?:[^"\\]|\\.)*)"\n)?msgid "(?P<id>(?:[^"\\]|\\.)*)"\n'
    r'(?P<idmore>(?:"(?:[^"\\]|\\.)*"\n)*)'
    r"(?:msgid_plural .*\n(?:\".*\"\n)*)?"
    r'msgstr(?:\[0\])? "(?P<str>(?:[^"\\]|\\.)*)"\n(?P<strmore>(?:"(?:[^"\\]|\\.)*"\n)*)',
    re.MULTILINE,
)


def entries(po: Path) -> dict[tuple[str, str], str]:
    """(context, msgid) -> msgstr of a .po file, continuation lines joined."""
    found = {}
    text = po.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("#~")) + "\n"
    for match in ENTRY.finditer(text):
        msgid = match["id"] + "".join(re.findall(r'"(.*)"', match["idmore"]))
        msgstr = match["str"] + "".join(re.findall(r'"(.*)"', match["strmore"]))
        if msgid:
            found[(match["context"] or "", msgid)] = msgstr
    return found


@pytest.fixture(scope="module")
def template_strings(tmp_path_factory) -> set[tuple[str, str]]:
    work = tmp_path_factory.mktemp("messages")
    shutil.copytree(BASE / "templates", work / "templates")
    (work / "locale").mkdir()
    original = Path.cwd()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "LOCALE_PATHS", [])
        patch.chdir(work)
        try:
            call_command("makemessages", locale=["fr"], verbosity=0, no_location=True)
        finally:
            patch.chdir(original)
    return set(entries(work / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def catalogue(code: str) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for po in BASE.glob(f"**/locale/{code}/LC_MESSAGES/django.po"):
        if ".venv" in po.parts or "node_modules" in po.parts:
            continue
        for key, msgstr in entries(po).items():
            if msgstr or key not in found:
                found[key] = msgstr
    return found


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_every_template_string_is_in_the_catalogue(template_strings, code):
    assert template_strings  # the extraction found the templates' strings
    known = catalogue(code)
    missing = sorted(msgid for key in template_strings if key not in known for msgid in [key[1]])
    assert missing == [], f"not in locale/{code}: {missing}"
    if code not in settings.REGIONAL_LANGUAGES:
        untranslated = sorted(key[1] for key in template_strings if not known[key])
        assert untranslated == [], f"not translated in locale/{code}: {untranslated}"
