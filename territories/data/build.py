"""Rebuilds territories/data/france.json.gz from the npm package @etalab/decoupage-administratif.

Plain Python (standard library only), so it runs without the project's virtualenv:

    cd /tmp && npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-*.tgz
    python3 territories/data/build.py /tmp/package

The output is deterministic (rows sorted by code, one row per line, gzip without a timestamp):
rebuilding from the same package gives the same bytes, and a new version changes only what
changed in the source. See ATTRIBUTION.md for the format and the licence.
"""

import argparse
import gzip
import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "france.json.gz"
FORMAT_VERSION = 1

# The communes the platform shows: the current communes and the municipal arrondissements of
# Paris, Lyon and Marseille. Delegated and associated communes are parts of a current commune.
COMMUNE = "commune-actuelle"
ARRONDISSEMENT = "arrondissement-municipal"


def load(package: Path, name: str):
    with open(package / "data" / f"{name}.json", encoding="utf-8") as file:
        return json.load(file)


def build(package: Path) -> dict:
    metadata = json.loads((package / "package.json").read_text(encoding="utf-8"))
    regions = sorted([region["code"], region["nom"]] for region in load(package, "regions"))
    departments = sorted(
        [department["code"], department["nom"], department["region"]]
        for department in load(package, "departements")
    )
    communes = sorted(
        [
            commune["code"],
            commune["nom"],
            commune["departement"],
            # The parent commune of a municipal arrondissement; "" for a commune.
            commune.get("commune", "") if commune["type"] == ARRONDISSEMENT else "",
            commune.get("siren", ""),
            commune.get("population"),
            sorted(set(commune.get("codesPostaux", []))),
        ]
        for commune in load(package, "communes")
        if commune["type"] in (COMMUNE, ARRONDISSEMENT)
    )
    epcis = sorted(
        [
            epci["code"],
            epci["nom"],
            epci["type"],
            epci.get("populationMunicipale"),
            sorted(member["code"] for member in epci["membres"]),
        ]
        for epci in load(package, "epci")
    )
    return {
        "format": FORMAT_VERSION,
        "source": metadata["name"],
        "version": metadata["version"],
        "license": metadata["license"],
        "regions": regions,
        "departments": departments,
        "communes": communes,
        "epcis": epcis,
    }


def dumps(data: dict) -> str:
    """JSON with one row per line, so that a diff of the uncompressed text stays readable."""
    lines = ["{"]
    keys = list(data)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = data[key]
        if isinstance(value, list):
            lines.append(f"{json.dumps(key)}: [")
            rows = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in value]
            lines.append(",\n".join(rows))
            lines.append(f"]{comma}")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write(data: dict, output: Path) -> None:
    with (
        open(output, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as file,
    ):
        file.write(dumps(data).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked npm package (with data/)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    data = build(args.package)
    write(data, args.output)
    print(
        f"{args.output}: {data['source']} {data['version']}, {len(data['regions'])} regions, "
        f"{len(data['departments'])} departments, {len(data['communes'])} communes, "
        f"{len(data['epcis'])} EPCI",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
