"""The demo's departments and communes, made with the factories: the demo's tests and the
browser tests then don't depend on the national import (tested in tests/territories)."""

from django.utils.text import slugify

from demo import content
from tests.factories.territories import CommuneFactory, DepartmentFactory, RegionFactory

REGIONS = {
    "53": ("52", "Pays de la Loire"),
    "29": ("53", "Bretagne"),
    "17": ("75", "Nouvelle-Aquitaine"),
}
# Communes that have not joined, where demo volunteers wait (demo/volunteers.py).
NOT_JOINED = {"53": ("53096", "Ernée"), "29": ("29046", "Douarnenez"), "17": ("17306", "Royan")}
# Communes of Mayenne in the demo's prospecting pipeline (demo/prospecting.py), and one not
# contacted yet.
PROSPECTED = {
    "53": (("53097", "Évron"), ("53084", "Craon"), ("53107", "Gorron"), ("53128", "Lassay"))
}


def create_demo_territories() -> None:
    for department in content.DEPARTMENTS:
        region_code, region_name = REGIONS[department.code]
        created = DepartmentFactory(
            code=department.code,
            name=department.name,
            slug=slugify(department.name),
            region=RegionFactory(code=region_code, name=region_name),
        )
        for commune in department.communes:
            CommuneFactory(
                code=commune.code,
                name=commune.name,
                slug=slugify(commune.name),
                department=created,
            )
        code, name = NOT_JOINED[department.code]
        CommuneFactory(code=code, name=name, slug=slugify(name), department=created)
        for code, name in PROSPECTED.get(department.code, ()):
            CommuneFactory(code=code, name=name, slug=slugify(name), department=created)
