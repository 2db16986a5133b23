"""`manage.py import_territories`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from territories.models import Commune


def run(*args: str) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("import_territories", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_command_imports_the_departments_given_with_a_progress_bar(db):
    stdout, stderr = run("--departments", "53", "29")
    assert Commune.objects.count() == 240 + 277
    assert "communes: 517 created, 0 updated, 0 unchanged, 0 deleted" in stdout
    assert "@etalab/decoupage-administratif 6.0.0" in stdout
    assert "Communes        [##############################] 517/517" in stderr


def test_command_run_twice_reports_everything_unchanged(db):
    run("--departments", "53")
    stdout, _stderr = run("--departments", "53")
    assert "communes: 0 created, 0 updated, 240 unchanged, 0 deleted" in stdout


def test_command_refuses_an_unknown_department(db):
    with pytest.raises(CommandError, match="Unknown department code"):
        run("--departments", "53", "100")
    assert not Commune.objects.exists()
