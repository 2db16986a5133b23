"""The referents' spreadsheet of their volunteers (who is in it: access.py). A department's
tens of thousands of volunteers are read in chunks of `CHUNK` as the file is written
(core/spreadsheets.py streams it): the memory held and the queries per chunk (the volunteers
with their commune, then their gestures) do not grow with the number of volunteers."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from snippets.models import Gesture

from .models import Volunteer

CHUNK = 2000

COLUMNS = [
    _("First name"),
    _("Last name"),
    _("E-mail"),
    _("Telephone"),
    _("Commune"),
    _("Gestures"),
    _("Kinds of action"),
    _("Availability"),
    _("Skills"),
    _("Confirmed on"),
    _("Signed up on"),
]

# What a row needs of a volunteer and their commune, and nothing else (tokens, consents…).
FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "kinds",
    "availability",
    "skills",
    "confirmed_at",
    "created_at",
    "commune__name",
    "commune__code",
)


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def volunteer_rows(volunteers: QuerySet[Volunteer]) -> Iterator[list]:
    """The heading, then one row per volunteer, in the order of `volunteers`."""
    yield [str(label) for label in COLUMNS]
    volunteers = (
        volunteers.select_related("commune")
        .only(*FIELDS)
        .prefetch_related(Prefetch("gestures", queryset=Gesture.objects.only("pk", "title")))
    )
    for volunteer in volunteers.iterator(chunk_size=CHUNK):
        yield [
            volunteer.first_name,
            volunteer.last_name,
            volunteer.email,
            volunteer.phone,
            f"{volunteer.commune.name} ({volunteer.commune.code})",
            ", ".join(gesture.title for gesture in volunteer.gestures.all()),
            ", ".join(volunteer.kind_labels()),
            ", ".join(volunteer.availability_labels()),
            volunteer.skills,
            _moment(volunteer.confirmed_at),
            _moment(volunteer.created_at),
        ]
