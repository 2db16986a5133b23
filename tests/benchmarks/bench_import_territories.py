"""How long importing all of France takes, against plain sqlite3 inserts of the same rows.

Run with `make bench` (or `pytest -m benchmark -s`); the figures are printed, never asserted:
they depend on the machine. The counts are asserted.
"""

import sqlite3
import time

import pytest
from django.db import connection

from territories.models import Commune, Department, Epci, PostalCode
from territories.services import ReferenceData, import_territories, load_reference_data


def plain_sqlite_inserts(data: ReferenceData) -> float:
    """The same rows inserted with executemany into an in-memory database: the floor."""
    started = time.perf_counter()
    db = sqlite3.connect(":memory:")
    db.executescript(
        """
        CREATE TABLE region (id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT);
        CREATE TABLE department (id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT,
            slug TEXT UNIQUE, region_id INTEGER);
        CREATE TABLE commune (id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT, slug TEXT,
            kind TEXT, department_id INTEGER, parent_id INTEGER, siren TEXT, population INTEGER,
            UNIQUE (department_id, slug));
        CREATE TABLE postalcode (id INTEGER PRIMARY KEY, code TEXT, commune_id INTEGER,
            UNIQUE (code, commune_id));
        CREATE INDEX postalcode_code ON postalcode (code);
        CREATE TABLE epci (id INTEGER PRIMARY KEY, siren TEXT UNIQUE, name TEXT, kind TEXT,
            population INTEGER);
        CREATE TABLE epci_members (id INTEGER PRIMARY KEY, epci_id INTEGER, commune_id INTEGER,
            UNIQUE (epci_id, commune_id));
        """
    )
    regions = {code: n for n, code in enumerate(data.regions, start=1)}
    departments = {code: n for n, code in enumerate(data.departments, start=1)}
    communes = {c.code: n for n, c in enumerate(data.communes, start=1)}
    db.executemany(
        "INSERT INTO region VALUES (?, ?, ?)",
        [(regions[code], code, name) for code, name in data.regions.items()],
    )
    db.executemany(
        "INSERT INTO department VALUES (?, ?, ?, ?, ?)",
        [
            (departments[code], code, name, code, regions[region])
            for code, (name, region) in data.departments.items()
        ],
    )
    db.executemany(
        "INSERT INTO commune VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                communes[c.code],
                c.code,
                c.name,
                c.code,
                "arrondissement" if c.parent else "commune",
                departments[c.department],
                communes.get(c.parent),
                c.siren,
                c.population,
            )
            for c in data.communes
        ],
    )
    db.executemany(
        "INSERT INTO postalcode (code, commune_id) VALUES (?, ?)",
        [(code, communes[c.code]) for c in data.communes for code in c.postal_codes],
    )
    db.executemany(
        "INSERT INTO epci VALUES (?, ?, ?, ?, ?)",
        [(n, e.siren, e.name, e.kind, e.population) for n, e in enumerate(data.epcis, start=1)],
    )
    db.executemany(
        "INSERT INTO epci_members (epci_id, commune_id) VALUES (?, ?)",
        [
            (n, communes[code])
            for n, epci in enumerate(data.epcis, start=1)
            for code in epci.members
        ],
    )
    db.commit()
    db.close()
    return time.perf_counter() - started


@pytest.mark.benchmark
def test_import_all_of_france(db):
    started = time.perf_counter()
    data = load_reference_data()
    parsing = time.perf_counter() - started

    started = time.perf_counter()
    first = import_territories()
    first_run = time.perf_counter() - started

    started = time.perf_counter()
    second = import_territories()
    second_run = time.perf_counter() - started

    floor = plain_sqlite_inserts(data)
    print(
        f"\nImport of all of France on {connection.vendor} ({data.version}):\n"
        f"  parsing the data file (once per process): {parsing:.2f} s\n"
        f"  first import:  {first_run:.2f} s\n"
        f"  second import (nothing to change): {second_run:.2f} s\n"
        f"  plain sqlite3 executemany of the same rows in memory: {floor:.2f} s "
        f"(the first import takes {first_run / floor:.1f}x that)"
    )

    assert Department.objects.count() == 109
    assert Commune.objects.filter(kind=Commune.Kind.COMMUNE).count() == 34_969
    assert Commune.objects.filter(kind=Commune.Kind.MUNICIPAL_ARRONDISSEMENT).count() == 45
    assert Epci.objects.count() == 1_255
    assert PostalCode.objects.count() == first.postal_codes.created
    assert first.communes.created == 34_969 + 45
    assert not second.changed
    assert second.communes.unchanged == 34_969 + 45
