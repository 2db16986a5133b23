"""The layers of the apps are checked by import-linter (`lint-imports`, pyproject.toml), which
counts imports inside functions too; this adds what it does not say: an import of another app
hidden inside a function stays an exception (a handful at most), each with a line saying why."""

import ast
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
