"""The data file shipped in the repository, and the script that rebuilds it."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

from territories.services import DATA_FILE, load_reference_data, reference_counts

BUILD_SCRIPT = DATA_FILE.parent / "build.py"


def test_the_data_file_holds_all_of_france():
    assert reference_counts() == {
        "regions": 26,
        "departments": 109,
        "communes": 34_969,
        "arrondissements": 45,
        "epcis": 1_255,
    }
    assert load_reference_data().version == "@etalab/decoupage-administratif 6.0.0"


def test_the_data_file_stays_small():
    assert DATA_FILE.stat().st_size < 1_000_000


def test_every_epci_member_and_parent_is_a_commune_of_the_file():
    data = load_reference_data()
    codes = {commune.code for commune in data.communes}
    assert all(code in codes for epci in data.epcis for code in epci.members)
    assert all(c.parent in codes for c in data.communes if c.parent)
    assert all(c.department in data.departments for c in data.communes)


def write_package(root: Path) -> Path:
    """A tiny npm package laid out like @etalab/decoupage-administratif."""
    data = root / "package" / "data"
    data.mkdir(parents=True)
    (root / "package" / "package.json").write_text(
        json.dumps(
            {"name": "@etalab/decoupage-administratif", "version": "9.9.9", "license": "MIT"}
        )
    )
    files = {
        "regions": [{"code": "52", "nom": "Pays de la Loire"}],
        "departements": [{"code": "53", "nom": "Mayenne", "region": "52"}],
        "communes": [
            {
                "code": "53130",
                "nom": "Laval",
                "departement": "53",
                "type": "commune-actuelle",
                "siren": "215301300",
                "population": 49400,
                "codesPostaux": ["53000"],
            },
            {"code": "53999", "nom": "Ancienne", "departement": "53", "type": "commune-deleguee"},
            {
                "code": "53062",
                "nom": "Évron",
                "departement": "53",
                "type": "commune-actuelle",
                "codesPostaux": ["53600", "53150", "53600"],
            },
        ],
        "epci": [
            {
                "code": "200083392",
                "nom": "CA Laval Agglomération",
                "type": "CA",
                "populationMunicipale": 114872,
                "membres": [{"code": "53130"}],
            }
        ],
    }
    for name, rows in files.items():
        (data / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False))
    return root / "package"


def build(package: Path, output: Path) -> bytes:
    subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), str(package), "--output", str(output)],
        check=True,
        capture_output=True,
    )
    return output.read_bytes()


def test_build_keeps_current_communes_sorted_with_their_postal_codes(tmp_path):
    output = tmp_path / "france.json.gz"
    build(write_package(tmp_path), output)
    data = json.loads(gzip.decompress(output.read_bytes()))
    assert data["version"] == "9.9.9"
    assert data["communes"] == [
        ["53062", "Évron", "53", "", "", None, ["53150", "53600"]],
        ["53130", "Laval", "53", "", "215301300", 49400, ["53000"]],
    ]
    assert data["epcis"] == [["200083392", "CA Laval Agglomération", "CA", 114872, ["53130"]]]
    # The parsed file is what the import reads.
    assert load_reference_data.__wrapped__(output).communes[1].name == "Laval"


def test_build_gives_the_same_bytes_every_time(tmp_path):
    package = write_package(tmp_path)
    assert build(package, tmp_path / "a.json.gz") == build(package, tmp_path / "b.json.gz")
