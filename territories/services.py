"""France's reference data: reading the compressed file in territories/data/, importing it into
the database (idempotent, in bulk), slugs of departments and communes, and the postal code lookup
every "where do you live?" form uses.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core import api_cache

from . import signals
from .models import Commune, Department, Epci, PostalCode, Region

DATA_FILE = Path(__file__).resolve().parent / "data" / "france.json.gz"

# Rows written per INSERT/UPDATE batch, and ids per IN (...) list: below SQLite's limits.
BATCH_SIZE = 500
IN_LIST_SIZE = 900

Progress = Callable[[str, int, int], None]
"""Called as `progress(step, done, total)` while importing; `step` names what is written."""


class TerritoriesImportError(ValueError):
    """The import was asked something the data file can't give (e.g. an unknown department)."""


# --- The data file -------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceCommune:
    code: str
    name: str
    department: str
    parent: str  # INSEE code of the commune a municipal arrondissement belongs to, else ""
    siren: str
    population: int | None
    postal_codes: tuple[str, ...]


@dataclass(frozen=True)
class SourceEpci:
    siren: str
    name: str
    kind: str
    population: int | None
    members: tuple[str, ...]


@dataclass(frozen=True)
class ReferenceData:
    version: str
    regions: dict[str, str]  # code -> name
    departments: dict[str, tuple[str, str]]  # code -> (name, region code)
    communes: tuple[SourceCommune, ...]  # communes before arrondissements, by code
    epcis: tuple[SourceEpci, ...]


@functools.cache
def load_reference_data(path: Path = DATA_FILE) -> ReferenceData:
    """The parsed data file, read once per process: tests that import a few departments again
    and again don't pay for decompressing and parsing it each time."""
    with gzip.open(path, "rt", encoding="utf-8") as file:
        raw = json.load(file)
    communes = [SourceCommune(*row[:6], postal_codes=tuple(row[6])) for row in raw["communes"]]
    # A municipal arrondissement is written after its parent commune, which it refers to.
    communes.sort(key=lambda commune: (bool(commune.parent), commune.code))
    return ReferenceData(
        version=f"{raw['source']} {raw['version']}",
        regions=dict(raw["regions"]),
        departments={code: (name, region) for code, name, region in raw["departments"]},
        communes=tuple(communes),
        epcis=tuple(SourceEpci(*row[:4], members=tuple(row[4])) for row in raw["epcis"]),
    )


# --- Slugs ---------------------------------------------------------------------------------

# NFKD (used by slugify) does not decompose these ligatures: "Œuilly" would become "uilly".
LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"})


def slug_of(name: str) -> str:
    """The slug of a place name: lower case ASCII words joined by hyphens, accents dropped and
    apostrophes removed (`Côtes-d'Armor` -> `cotes-darmor`, `Œuilly` -> `oeuilly`)."""
    return slugify(name.translate(LIGATURES))


def commune_slugs(communes: Iterable[SourceCommune]) -> dict[str, str]:
    """The slugs of the communes of one department, by INSEE code.

    A commune's slug is its name's; when several communes of the department share it, each
    gets its first postal code appended (`saint-pierre-29590`), and when that still leaves
    several alike, its INSEE code instead (`saint-pierre-29258`). The result depends only on
    the communes given, so every run gives the same slugs."""
    by_base: dict[str, list[SourceCommune]] = defaultdict(list)
    for commune in communes:
        by_base[slug_of(commune.name)].append(commune)
    slugs: dict[str, str] = {}
    for base, alike in by_base.items():
        if len(alike) == 1:
            slugs[alike[0].code] = base
            continue
        with_postal_code = {
            commune.code: f"{base}-{min(commune.postal_codes)}"
            for commune in alike
            if commune.postal_codes
        }
        taken = defaultdict(int)
        for slug in with_postal_code.values():
            taken[slug] += 1
        for commune in alike:
            slug = with_postal_code.get(commune.code)
            slugs[commune.code] = slug if slug and taken[slug] == 1 else f"{base}-{commune.code}"
    # A disambiguated slug could equal another commune's plain slug ("Foo" 53000 vs "Foo 53000"):
    # the INSEE code, unique, settles it.
    counts = defaultdict(int)
    for slug in slugs.values():
        counts[slug] += 1
    names = {commune.code: commune.name for alike in by_base.values() for commune in alike}
    for code, slug in slugs.items():
        if counts[slug] > 1:
            slugs[code] = f"{slug_of(names[code])}-{code}"
    return slugs


# --- The import ----------------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.deleted} deleted"
        )


@dataclass
class ImportReport:
    """What an import did, per kind of row."""

    version: str
    regions: Counts = field(default_factory=Counts)
    departments: Counts = field(default_factory=Counts)
    communes: Counts = field(default_factory=Counts)
    postal_codes: Counts = field(default_factory=Counts)
    epcis: Counts = field(default_factory=Counts)
    epci_members: Counts = field(default_factory=Counts)
    # INSEE codes of communes gone from the data file but kept because other rows (pages,
    # groups, volunteers...) refer to them; they have lost their postal codes and EPCI.
    kept_communes: list[str] = field(default_factory=list)

    KINDS = ("regions", "departments", "communes", "postal_codes", "epcis", "epci_members")

    @property
    def changed(self) -> bool:
        return any(
            getattr(self, kind).created
            or getattr(self, kind).updated
            or getattr(self, kind).deleted
            for kind in self.KINDS
        )

    def summary(self) -> str:
        lines = [f"Source: {self.version}"]
        lines += [f"{kind.replace('_', ' ')}: {getattr(self, kind)}" for kind in self.KINDS]
        if self.kept_communes:
            lines.append(
                "communes gone from the source, kept because other rows refer to them: "
                + ", ".join(self.kept_communes)
            )
        return "\n".join(lines)


def normalise_department_codes(codes: Iterable[str]) -> list[str]:
    """ "53" stays "53", "1" becomes "01", "2a" becomes "2A"."""
    normalised = []
    for code in codes:
        code = code.strip().upper()
        if code.isdigit() and len(code) == 1:
            code = code.zfill(2)
        if code and code not in normalised:
            normalised.append(code)
    return normalised


@transaction.atomic
def import_territories(
    departments: Sequence[str] | None = None,
    progress: Progress | None = None,
    data: ReferenceData | None = None,
) -> ImportReport:
    """Creates or updates France's regions, departments, communes, postal codes and EPCI from
    the data file, in one transaction and in bulk; a second run changes nothing.

    `departments` (INSEE codes, e.g. ["53", "29", "17"]) limits the import to those
    departments, their regions, their communes and the EPCI these belong to; None imports all
    of France, an empty list nothing. An unknown code raises TerritoriesImportError.

    Rows gone from the data file: postal codes and EPCI memberships are deleted; a commune or
    EPCI is deleted unless a row of another app refers to it, in which case it is kept (listed
    in `ImportReport.kept_communes`), without postal codes or EPCI. Regions and departments are
    never deleted. `progress(step, done, total)` is called as rows are written."""
    data = data or load_reference_data()
    report = ImportReport(version=data.version)
    if departments is None:
        selected = list(data.departments)
    else:
        selected = normalise_department_codes(departments)
        unknown = [code for code in selected if code not in data.departments]
        if unknown:
            raise TerritoriesImportError(
                _("Unknown department code(s): %(codes)s.") % {"codes": ", ".join(unknown)}
            )
    if not selected:
        return report
    whole_country = departments is None or set(selected) == set(data.departments)
    importer = _Importer(data, selected, whole_country, report, progress or _silent)
    importer.run()
    if report.changed:
        # Written in bulk, without post_save: the API's answers and what the apps above keep.
        api_cache.changed()
        signals.imported.send(sender=ImportReport, report=report)
    return report


def _silent(step: str, done: int, total: int) -> None:
    pass


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _referenced_elsewhere(model: type[models.Model], ids: Sequence[int]) -> set[int]:
    """The ids, among `ids`, of rows another app's rows refer to (a page, a group, a
    volunteer...): deleting them would fail or delete those rows too."""
    referenced: set[int] = set()
    for relation in model._meta.related_objects:
        if relation.related_model._meta.app_label == model._meta.app_label:
            continue
        if relation.many_to_many:
            manager = relation.through._base_manager
            column = relation.field.m2m_reverse_field_name()
        else:
            manager = relation.related_model._base_manager
            column = relation.field.name
        for chunk in _chunks(ids, IN_LIST_SIZE):
            referenced.update(
                manager.filter(**{f"{column}__in": chunk}).values_list(f"{column}_id", flat=True)
            )
    return referenced


class _CommuneRow(NamedTuple):
    """A commune as the database has it (COMMUNE_FIELDS after its pk)."""

    pk: int
    name: str
    slug: str
    kind: str
    department_id: int
    parent_id: int | None
    siren: str
    population: int | None

    @property
    def values(self) -> tuple:
        return tuple(self[1:])


class _Importer:
    """One import run; each step compares the file's rows with the database's in memory and
    writes only the differences."""

    def __init__(
        self,
        data: ReferenceData,
        selected: list[str],
        whole_country: bool,
        report: ImportReport,
        progress: Progress,
    ):
        self.data = data
        self.selected = selected
        self.whole_country = whole_country
        self.report = report
        self.progress = progress
        selected_set = set(selected)
        self.communes = [c for c in data.communes if c.department in selected_set]
        self.commune_codes = {commune.code for commune in self.communes}

    def run(self) -> None:
        region_ids = self.import_regions()
        department_ids = self.import_departments(region_ids)
        commune_ids = self.import_communes(department_ids)
        self.import_postal_codes(department_ids, commune_ids)
        epci_ids = self.import_epcis(department_ids)
        self.import_epci_members(department_ids, commune_ids, epci_ids)

    # Regions and departments: few rows, compared one by one.

    def import_regions(self) -> dict[str, int]:
        wanted = {
            code: self.data.regions[code]
            for code in sorted({self.data.departments[d][1] for d in self.selected})
        }
        existing = {region.code: region for region in Region.objects.filter(code__in=list(wanted))}
        to_create, to_update = [], []
        for code, name in wanted.items():
            region = existing.get(code)
            if region is None:
                to_create.append(Region(code=code, name=name))
            elif region.name != name:
                region.name = name
                to_update.append(region)
        self._write(Region, "regions", to_create, to_update, ["name"], self.report.regions)
        self.report.regions.unchanged = len(wanted) - len(to_create) - len(to_update)
        return dict(Region.objects.filter(code__in=list(wanted)).values_list("code", "id"))

    def import_departments(self, region_ids: dict[str, int]) -> dict[str, int]:
        existing = {
            department.code: department
            for department in Department.objects.filter(code__in=self.selected)
        }
        to_create, to_update = [], []
        for code in self.selected:
            name, region = self.data.departments[code]
            values = {"name": name, "slug": slug_of(name), "region_id": region_ids[region]}
            department = existing.get(code)
            if department is None:
                to_create.append(Department(code=code, **values))
            elif any(getattr(department, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(department, key, value)
                to_update.append(department)
        self._write(
            Department,
            "departments",
            to_create,
            to_update,
            ["name", "slug", "region_id"],
            self.report.departments,
        )
        self.report.departments.unchanged = len(self.selected) - len(to_create) - len(to_update)
        return dict(Department.objects.filter(code__in=self.selected).values_list("code", "id"))

    # Communes: compared as tuples of values, written in bulk.

    COMMUNE_FIELDS = ("name", "slug", "kind", "department_id", "parent_id", "siren", "population")

    def _existing_communes(self, department_ids: dict[str, int]) -> dict[str, _CommuneRow]:
        queryset = Commune.objects.values_list("code", "pk", *self.COMMUNE_FIELDS)
        if self.whole_country:
            return {code: _CommuneRow(*values) for code, *values in queryset}
        existing = {
            code: _CommuneRow(*values)
            for code, *values in queryset.filter(department_id__in=list(department_ids.values()))
        }
        # A commune attached to another department before (rare, but the INSEE code is
        # unique): move it rather than fail on the duplicate.
        missing = sorted(self.commune_codes - existing.keys())
        for chunk in _chunks(missing, IN_LIST_SIZE):
            existing.update(
                {code: _CommuneRow(*values) for code, *values in queryset.filter(code__in=chunk)}
            )
        return existing

    def import_communes(self, department_ids: dict[str, int]) -> dict[str, int]:
        counts = self.report.communes
        existing = self._existing_communes(department_ids)
        by_department: dict[str, list[SourceCommune]] = defaultdict(list)
        for commune in self.communes:
            by_department[commune.department].append(commune)
        slugs: dict[str, str] = {}
        for communes in by_department.values():
            slugs.update(commune_slugs(communes))

        selected_ids = set(department_ids.values())
        gone = {
            code: row
            for code, row in existing.items()
            if code not in self.commune_codes
            and (self.whole_country or row.department_id in selected_ids)
        }
        kept = self._delete_gone_communes(gone)

        ids = {code: row.pk for code, row in existing.items() if code in self.commune_codes}
        # (pk, code, values, previous slug) of each commune to update.
        to_update: list[tuple[int, str, tuple, str]] = []
        new_communes: list[SourceCommune] = []
        for source in self.communes:
            row = existing.get(source.code)
            if row is None:
                new_communes.append(source)
                continue
            values = self._commune_values(source, slugs, department_ids, ids)
            if values != row.values:
                to_update.append((row.pk, source.code, values, row.slug))
        counts.updated = len(to_update)
        counts.unchanged = len(self.commune_codes) - len(new_communes) - counts.updated
        # A commune gone from the source keeps its slug unless a current commune takes it.
        taken = {
            (department_ids[source.department], slugs[source.code]) for source in self.communes
        }
        for code, row in kept.items():
            if (row.department_id, row.slug) in taken:
                values = row.values[:1] + (f"{slug_of(row.name)}-{code}",) + row.values[2:]
                to_update.append((row.pk, code, values, row.slug))
        self._update_communes(to_update)

        # Arrondissements come after their parent, whose id they need.
        parents = [s for s in new_communes if not s.parent]
        arrondissements = [s for s in new_communes if s.parent]
        for step, batch in (("communes", parents), ("arrondissements", arrondissements)):
            if not batch:
                continue
            ids.update(self._commune_ids([s.parent for s in batch if s.parent not in ids]))
            rows = [
                (source.code, *self._commune_values(source, slugs, department_ids, ids))
                for source in batch
            ]
            self._insert(Commune, step, ("code", *self.COMMUNE_FIELDS), rows)
            counts.created += len(rows)
        if new_communes:
            ids.update(self._commune_ids([s.code for s in new_communes]))
        return ids

    def _commune_values(
        self,
        source: SourceCommune,
        slugs: dict[str, str],
        department_ids: dict[str, int],
        ids: dict[str, int],
    ) -> tuple:
        """The values of COMMUNE_FIELDS the commune has in the source."""
        return (
            source.name,
            slugs[source.code],
            Commune.Kind.MUNICIPAL_ARRONDISSEMENT.value
            if source.parent
            else Commune.Kind.COMMUNE.value,
            department_ids[source.department],
            ids.get(source.parent) if source.parent else None,
            source.siren,
            source.population,
        )

    def _commune_ids(self, codes: Sequence[str]) -> dict[str, int]:
        ids: dict[str, int] = {}
        for chunk in _chunks(sorted(set(codes)), IN_LIST_SIZE):
            ids.update(Commune.objects.filter(code__in=chunk).values_list("code", "id"))
        return ids

    def _update_communes(self, to_update: list[tuple[int, str, tuple, str]]) -> None:
        if not to_update:
            return
        # (department, slug) is unique and checked row by row: when two communes swap or pass
        # on a slug, a single UPDATE could collide, so the changed slugs first go through a
        # temporary one made unique by the INSEE code.
        moving = [
            Commune(pk=pk, slug=f"~{code}")
            for pk, code, values, previous_slug in to_update
            if values[1] != previous_slug
        ]
        if moving:
            Commune.objects.bulk_update(moving, ["slug"], batch_size=BATCH_SIZE)
        communes = [
            Commune(pk=pk, code=code, **dict(zip(self.COMMUNE_FIELDS, values, strict=True)))
            for pk, code, values, _previous in to_update
        ]
        Commune.objects.bulk_update(communes, list(self.COMMUNE_FIELDS), batch_size=BATCH_SIZE)

    def _delete_gone_communes(self, gone: dict[str, _CommuneRow]) -> dict[str, _CommuneRow]:
        """Deletes the communes gone from the source, except those other apps refer to: they
        are kept (returned), without postal codes or EPCI."""
        if not gone:
            return {}
        referenced = _referenced_elsewhere(Commune, [row.pk for row in gone.values()])
        kept = {code: row for code, row in gone.items() if row.pk in referenced}
        deleted_ids = [row.pk for row in gone.values() if row.pk not in referenced]
        for chunk in _chunks([row.pk for row in gone.values()], IN_LIST_SIZE):
            self.report.postal_codes.deleted += PostalCode.objects.filter(
                commune_id__in=chunk
            ).delete()[0]
            self.report.epci_members.deleted += Epci.members.through.objects.filter(
                commune_id__in=chunk
            ).delete()[0]
        for chunk in _chunks(deleted_ids, IN_LIST_SIZE):
            # Arrondissements of a vanished commune lose their parent rather than vanish.
            Commune.objects.filter(parent_id__in=chunk).update(parent=None)
            Commune.objects.filter(pk__in=chunk).delete()
        self.report.communes.deleted = len(deleted_ids)
        self.report.kept_communes = sorted(kept)
        return kept

    # Postal codes and EPCI memberships: sets of pairs, compared as sets.

    def import_postal_codes(self, department_ids: dict[str, int], ids: dict[str, int]) -> None:
        wanted = {(ids[c.code], code) for c in self.communes for code in c.postal_codes}
        queryset = PostalCode.objects.all()
        if not self.whole_country:
            queryset = queryset.filter(commune__department_id__in=list(department_ids.values()))
        existing = {
            (commune_id, code): pk
            for pk, commune_id, code in queryset.values_list("pk", "commune_id", "code")
        }
        self._sync_pairs(
            PostalCode,
            "postal codes",
            wanted,
            existing,
            ("commune_id", "code"),
            self.report.postal_codes,
        )

    def import_epcis(self, department_ids: dict[str, int]) -> dict[str, int]:
        counts = self.report.epcis
        wanted = [
            epci
            for epci in self.data.epcis
            if self.whole_country or any(code in self.commune_codes for code in epci.members)
        ]
        existing = {
            epci.siren: epci for epci in Epci.objects.filter(siren__in=[e.siren for e in wanted])
        }
        to_create, to_update = [], []
        for source in wanted:
            values = {"name": source.name, "kind": source.kind, "population": source.population}
            epci = existing.get(source.siren)
            if epci is None:
                to_create.append(Epci(siren=source.siren, **values))
            elif any(getattr(epci, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(epci, key, value)
                to_update.append(epci)
        self._write(Epci, "EPCI", to_create, to_update, ["name", "kind", "population"], counts)
        counts.unchanged = len(wanted) - len(to_create) - len(to_update)

        all_sirens = [epci.siren for epci in self.data.epcis]
        gone = Epci.objects.exclude(siren__in=all_sirens)
        if not self.whole_country:
            gone = gone.filter(members__department_id__in=list(department_ids.values()))
        gone_ids = sorted(set(gone.values_list("pk", flat=True)))
        if gone_ids:
            referenced = _referenced_elsewhere(Epci, gone_ids)
            deleted = [pk for pk in gone_ids if pk not in referenced]
            for chunk in _chunks(deleted, IN_LIST_SIZE):
                self.report.epci_members.deleted += Epci.members.through.objects.filter(
                    epci_id__in=chunk
                ).delete()[0]
                Epci.objects.filter(pk__in=chunk).delete()
            counts.deleted = len(deleted)
        return dict(
            Epci.objects.filter(siren__in=[e.siren for e in wanted]).values_list("siren", "id")
        )

    def import_epci_members(
        self, department_ids: dict[str, int], commune_ids: dict[str, int], epci_ids: dict[str, int]
    ) -> None:
        Membership = Epci.members.through
        wanted = {
            (epci_ids[epci.siren], commune_ids[code])
            for epci in self.data.epcis
            if epci.siren in epci_ids
            for code in epci.members
            if code in self.commune_codes
        }
        queryset = Membership.objects.all()
        if not self.whole_country:
            queryset = queryset.filter(commune__department_id__in=list(department_ids.values()))
        existing = {
            (epci_id, commune_id): pk
            for pk, epci_id, commune_id in queryset.values_list("pk", "epci_id", "commune_id")
        }
        self._sync_pairs(
            Membership,
            "EPCI members",
            wanted,
            existing,
            ("epci_id", "commune_id"),
            self.report.epci_members,
        )

    # Writing.

    def _sync_pairs(
        self,
        model: type[models.Model],
        step: str,
        wanted: set[tuple],
        existing: dict[tuple, int],
        columns: tuple[str, str],
        counts: Counts,
    ) -> None:
        obsolete = sorted(pk for pair, pk in existing.items() if pair not in wanted)
        for chunk in _chunks(obsolete, IN_LIST_SIZE):
            model.objects.filter(pk__in=chunk).delete()
        counts.deleted += len(obsolete)
        new = sorted(wanted - existing.keys())
        self._insert(model, step, columns, new)
        counts.created += len(new)
        counts.unchanged = len(wanted) - len(new)

    def _write(
        self,
        model: type[models.Model],
        step: str,
        to_create: list[models.Model],
        to_update: list[models.Model],
        update_fields: list[str],
        counts: Counts,
    ) -> None:
        self._bulk_update(model, step, to_update, update_fields)
        self._bulk_create(model, step, to_create)
        counts.created += len(to_create)
        counts.updated += len(to_update)

    def _bulk_create(self, model: type[models.Model], step: str, rows: list) -> None:
        total = len(rows)
        self.progress(step, 0, total)
        for done, chunk in enumerate(_chunks(rows, BATCH_SIZE * 4), start=1):
            model.objects.bulk_create(chunk, batch_size=BATCH_SIZE)
            self.progress(step, min(done * BATCH_SIZE * 4, total), total)

    def _insert(
        self, model: type[models.Model], step: str, columns: Sequence[str], rows: list[tuple]
    ) -> None:
        """Multi-row INSERTs of plain values. bulk_create does the same, but building and
        compiling 100,000 model instances took two thirds of a full import."""
        total = len(rows)
        if not total:
            return
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        names = ", ".join(quote(model._meta.get_field(column).column) for column in columns)
        # SQLite caps the parameters of a statement; PostgreSQL measured fastest near 2,000.
        per_statement = (connection.features.max_query_params or 2_000) // len(columns)
        row_placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
        sql_of: dict[int, str] = {}
        with connection.cursor() as cursor:
            for done, batch in enumerate(_chunks(rows, per_statement), start=1):
                size = len(batch)
                if size not in sql_of:
                    values = ", ".join([row_placeholder] * size)
                    sql_of[size] = f"INSERT INTO {table} ({names}) VALUES {values}"
                cursor.execute(sql_of[size], [value for row in batch for value in row])
                self.progress(step, min(done * per_statement, total), total)

    def _bulk_update(self, model: type[models.Model], step: str, rows: list, names: list[str]):
        if rows:
            model.objects.bulk_update(rows, names, batch_size=BATCH_SIZE)


# --- Postal codes --------------------------------------------------------------------------

POSTAL_CODE = re.compile(r"\d{5}")


def normalise_postal_code(value: str) -> str:
    """The five digits of a postal code typed by someone ("53 000", " 53000 " -> "53000");
    ValidationError when it is not one."""
    code = "".join((value or "").split())
    if not POSTAL_CODE.fullmatch(code):
        raise ValidationError(
            _("A postal code has five digits, e.g. 53000."), code="malformed_postal_code"
        )
    return code


def unknown_postal_code_error(code: str) -> ValidationError:
    return ValidationError(
        _("No commune has the postal code %(code)s."),
        code="unknown_postal_code",
        params={"code": code},
    )


def known_postal_code(value: str) -> str:
    """The normalised postal code, when it is well formed and serves at least one commune;
    ValidationError otherwise."""
    code = normalise_postal_code(value)
    if not PostalCode.objects.filter(code=code).exists():
        raise unknown_postal_code_error(code)
    return code


def with_postal_codes(communes: QuerySet[Commune]) -> QuerySet[Commune]:
    """`communes` with their postal codes fetched up front, in order."""
    return communes.prefetch_related(
        models.Prefetch("postal_codes", queryset=PostalCode.objects.order_by("code"))
    )


def communes_with_postal_code(code: str) -> QuerySet[Commune]:
    """The communes served by an already normalised postal code, with their department and
    postal codes fetched up front, by name."""
    communes = Commune.objects.filter(postal_codes__code=code).select_related("department")
    return with_postal_codes(communes).order_by("name", "code")


def communes_for_postal_code(code: str) -> list[Commune]:
    """The communes a postal code serves (often one, up to several dozen), by name.

    Spaces are ignored. Raises ValidationError with a message for the person who typed it when
    the code is malformed or serves no commune."""
    normalised = normalise_postal_code(code)
    communes = list(communes_with_postal_code(normalised))
    if not communes:
        raise unknown_postal_code_error(normalised)
    return communes


def reference_counts(data: ReferenceData | None = None) -> dict[str, int]:
    """How many rows of each kind the data file holds (all of France)."""
    data = data or load_reference_data()
    return {
        "regions": len(data.regions),
        "departments": len(data.departments),
        "communes": sum(1 for c in data.communes if not c.parent),
        "arrondissements": sum(1 for c in data.communes if c.parent),
        "epcis": len(data.epcis),
    }


# --- Finding a commune ---------------------------------------------------------------------


def search_communes(communes: QuerySet[Commune], text: str) -> QuerySet[Commune]:
    """The communes whose name (accents and case aside), INSEE code or postal code matches the
    text: "chateau gon", "53130" or "53000"."""
    text = text.strip()
    if not text:
        return communes
    slug = slug_of(text)
    matches = models.Q(name__icontains=text) | models.Q(code__startswith=text)
    if slug:
        matches |= models.Q(slug__contains=slug)
    if text.isdigit():
        matches |= models.Q(
            pk__in=PostalCode.objects.filter(code__startswith=text).values("commune_id")
        )
    return communes.filter(matches)


def by_relevance(communes: QuerySet[Commune], text: str) -> QuerySet[Commune]:
    """`communes` in the order someone typing `text` expects them: the commune of that name
    first, then the names that begin with it, then the others, each by name. "laval" gives
    Laval before Bonchamp-lès-Laval and its twenty neighbours "-lès-Laval", which a short list
    in alphabetical order would show instead of it."""
    slug = slug_of(text)
    if not slug:
        return communes.order_by("name", "code")
    rank = models.Case(
        models.When(slug=slug, then=models.Value(0)),
        models.When(slug__startswith=slug, then=models.Value(1)),
        default=models.Value(2),
        output_field=models.IntegerField(),
    )
    return communes.alias(relevance=rank).order_by("relevance", "name", "code")


# A commune as the suggestions name it: "Laval (53000)" (a postal code, or the INSEE code).
COMMUNE_LABEL = re.compile(r"(?P<name>.+?)\s*\((?P<code>\d[\dAB]\d{3})\)")


def commune_label(commune: Commune) -> str:
    """A commune as people name it: "Laval (53000)", with its first postal code (prefetch
    them, ordered), or its INSEE code when it has none."""
    postal_codes = list(commune.postal_codes.all())
    return f"{commune.name} ({postal_codes[0].code if postal_codes else commune.code})"


def find_communes(communes: QuerySet[Commune], text: str) -> QuerySet[Commune]:
    """The communes among `communes` that someone means by `text`: a label of commune_label
    ("Laval (53000)") is that commune; a name typed whole ("laval") is the communes of that
    name; anything else is searched (search_communes: part of a name, a postal code…)."""
    text = " ".join(text.split())
    labelled = COMMUNE_LABEL.fullmatch(text)
    if labelled:
        code = labelled["code"]
        return communes.filter(
            models.Q(code=code)
            | models.Q(pk__in=PostalCode.objects.filter(code=code).values("commune_id")),
            name__iexact=labelled["name"],
        )
    slug = slug_of(text)
    if slug and communes.filter(slug=slug).exists():
        return communes.filter(slug=slug)
    return search_communes(communes, text)
