"""The communication kits of the demo's departments and communes (called by load_demo).

Idempotent: the job rebuilds only the documents whose content changed, and a kit already queued
is not queued twice.
"""

from wagtail.models import Locale

from kits.services import queue_kit
from pages.models import CommunePage, DepartmentPage

from . import content


def load() -> int:
    """Queues the kits of the demo's live department and commune pages (a kit already waiting
    in the queue, e.g. since its page was published, is not queued twice); returns how many
    territories have their kit built or on its way."""
    department_codes = [department.code for department in content.DEPARTMENTS]
    commune_codes = [
        commune.code for department in content.DEPARTMENTS for commune in department.communes
    ]
    locale = Locale.get_default()
    pages = [
        *DepartmentPage.objects.live()
        .filter(department__code__in=department_codes, locale=locale)
        .order_by("path"),
        *CommunePage.objects.live()
        .filter(commune__code__in=commune_codes, locale=locale)
        .order_by("path"),
    ]
    for page in pages:
        queue_kit(page)
    return len(pages)
