"""deploy/systemd/'s units as systemd reads them (`systemd-analyze verify`, with the paths of
this checkout for /srv/heure-civique, whose commands must exist), and hardened: systemd's own
exposure score of each service at most 2.5 ("OK"). Needs only systemd-analyze, not a running
systemd. Behind the `deploy` marker with the other checks of deploy/."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
SERVICES = ["heure-civique-web.service", "heure-civique-worker.service"]


@pytest.fixture
def units(tmp_path) -> Path:
    if not shutil.which("systemd-analyze"):
        pytest.fail("systemd-analyze is missing: Debian's systemd package has it")
    for unit in [*UNITS.glob("*.service"), *UNITS.glob("*.timer")]:
        text = unit.read_text().replace("/srv/heure-civique", str(ROOT))
        (tmp_path / unit.name).write_text(text)
    return tmp_path


def analyze(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["systemd-analyze", *args], capture_output=True, text=True, check=False, timeout=120
    )


def test_the_units_verify(units):
    names = sorted(str(path) for path in units.iterdir())
    assert len(names) == 4  # web, worker, and the backup's service and timer
    result = analyze("verify", *names)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("service", SERVICES)
def test_the_services_are_hardened(units, service):
    result = analyze("security", "--offline=true", "--threshold=25", str(units / service))
    exposure = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, exposure
    assert "OK" in exposure
