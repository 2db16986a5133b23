"""Workflow plugins are installed only where HC_PLUGINS lists them: without it, the example
(plugins.legal_review) is neither an app, nor a task type offered, nor a missing migration."""

import json
import os
import subprocess
import sys
from pathlib import Path

from wagtail.workflows import get_task_types

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = "plugins.legal_review"


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Runs `code` in a fresh interpreter, in an environment without HC_PLUGINS unless given."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"HC_PLUGINS", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def base_installed_apps(**env: str) -> list[str]:
    result = run_python(
        "import json; from cms.settings import base; print(json.dumps(base.INSTALLED_APPS))", **env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_base_settings_install_no_plugin_without_hc_plugins():
    assert PLUGIN not in base_installed_apps()


def test_hc_plugins_installs_the_listed_apps_once():
    apps = base_installed_apps(HC_PLUGINS=f" {PLUGIN} , {PLUGIN},")
    assert apps.count(PLUGIN) == 1
    assert apps.index(PLUGIN) > apps.index("workflows")


def test_the_task_type_is_offered_only_where_the_plugin_is_installed():
    # The test settings install the example, as a deployment listing it in HC_PLUGINS does.
    assert "legal_review.LegalReviewTask" in [model._meta.label for model in get_task_types()]
    code = (
        "import json, django; django.setup(); from wagtail.workflows import get_task_types; "
        "print(json.dumps([model._meta.label for model in get_task_types()]))"
    )
    result = run_python(code, DJANGO_SETTINGS_MODULE="cms.settings.dev")
    assert result.returncode == 0, result.stderr
    labels = json.loads(result.stdout)
    assert "workflows.DepartmentReferentTask" in labels
    assert "legal_review.LegalReviewTask" not in labels


def test_no_migration_is_missing_without_the_plugin(tmp_path):
    code = "import sys; from django.core.management import execute_from_command_line; " + (
        "execute_from_command_line(['manage.py', 'makemigrations', '--check', '--dry-run'])"
    )
    result = run_python(
        code,
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'without-plugins.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
