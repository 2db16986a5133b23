"""The layers of the apps are checked by import-linter (`lint-imports`, pyproject.toml), which
counts imports inside functions too; this adds what it does not say: an import of another app
hidden inside a function stays an exception (a handful at most), each with a line saying why."""

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = {
    "cms",
    "core",
    "territories",
    "onboarding",
    "snippets",
    "pages",
    "volunteers",
    "workflows",
    "helprequests",
    "kits",
    "accounts",
    "prospecting",
    "practices",
    "plugins",
    "demo",
}
MOST_IMPORTS_INSIDE_FUNCTIONS = 5


def imports_of_other_apps_inside_functions() -> list[tuple[Path, int]]:
    found = []
    for app in sorted(APPS):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                        modules = [node.module]
                    elif isinstance(node, ast.Import):
                        modules = [alias.name for alias in node.names]
                    else:
                        continue
                    if any(m.split(".")[0] in APPS - {app} for m in modules):
                        found.append((path, node.lineno))
    return sorted(set(found))


def test_imports_of_other_apps_inside_functions_are_a_handful_each_with_its_reason():
    found = imports_of_other_apps_inside_functions()
    assert len(found) <= MOST_IMPORTS_INSIDE_FUNCTIONS, found
    for path, line in found:
        lines = path.read_text(encoding="utf-8").splitlines()
        said_why = "#" in lines[line - 1] or lines[line - 2].strip().startswith("#")
        assert said_why, f"{path.relative_to(ROOT)}:{line}: say why in a comment"


# Templates: import-linter reads Python only. A template of an app may include, extend or load
# (template tags) what belongs to its own app or to an app below it, never to an app above it
# nor to an independent one; the apps above fill the pages' places through pages/slots.py. The
# templates at the top of templates/ (base.html, includes/, the error pages) are the pages'.
# One exception: every public page is drawn in the pages' chrome, so the public views of the
# apps below pages (a log-in page, the idea box) extend base.html and load its link tags.
TEMPLATES = ROOT / "templates"
TEMPLATE_NAME = re.compile(r"\{%\s*(?:include|extends)\s+[\"']([a-z_0-9]+)[/.]")
LOADED = re.compile(r"\{%\s*load\s+([^%]+?)\s*%\}")
SKELETON = {"base", "includes", "site_links", "page_chrome"}


def layer_of_apps() -> tuple[dict[str, int], list[set[str]]]:
    """Each app's layer (0 at the top) and the sets of independent apps, from pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    layer = {}
    for index, entry in enumerate(layers):
        for module in entry.split(":"):
            layer.setdefault(module.strip().split(".")[0], index)  # the highest part of an app
    independent = [set(c["modules"]) for c in contracts if c["type"] == "independence"]
    return layer, independent


def tag_libraries() -> dict[str, str]:
    """Our template tag libraries, by the app that holds them."""
    return {
        path.stem: path.parent.parent.name
        for path in ROOT.glob("*/templatetags/*.py")
        if path.stem != "__init__" and path.parent.parent.name in APPS
    }


def template_references() -> list[tuple[str, str, str, str]]:
    """(template, its app, the app it names, what names it: a folder, a file or a tag library)
    for every include, extends and load of our own."""
    libraries = tag_libraries()
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt")):
        relative = path.relative_to(TEMPLATES)
        owner = relative.parts[0] if len(relative.parts) > 1 else "pages"
        owner = "pages" if owner == "includes" else owner
        text = path.read_text(encoding="utf-8")
        for named in TEMPLATE_NAME.findall(text):
            app = "pages" if named in SKELETON else named
            found.append((str(relative), owner, app, named))
        for names in LOADED.findall(text):
            for name in names.split():
                if name in libraries:
                    found.append((str(relative), owner, libraries[name], name))
    return found


def test_no_template_names_an_app_above_its_own_or_an_independent_one():
    layer, independent = layer_of_apps()
    crossings = []
    for template, owner, named, through in template_references():
        if owner == named or owner not in layer or named not in layer:
            continue
        if named == "pages" and through in SKELETON:
            continue  # drawn in the pages' chrome (see above)
        above = layer[named] < layer[owner]
        apart = any({owner, named} <= modules for modules in independent)
        if above or apart:
            crossings.append(f"{template} ({owner}) names {named}")
    assert not crossings, "\n".join(crossings)


def test_the_check_sees_the_templates():
    """The test above reads something: the pages' templates load their own tags."""
    references = template_references()
    assert ("base.html", "pages", "pages", "page_slots") in references
    assert len(references) > 50
