"""The referents' spreadsheet of their volunteers (who is in it: access.py). A department's
tens of thousands of volunteers are read as the file is written (core/spreadsheets.py streams
it), in chunks of `CHUNK`: the memory held and the queries (the volunteers with their commune,
read on from one cursor, and each chunk's gestures) do not grow with the number of volunteers.
Rows are read as plain values, not models: building 100,000 volunteers and their gestures as
objects took most of the time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import islice

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.vocabulary import ActionKind

from .models import Availability, Volunteer, split_codes

CHUNK = 2000

COLUMNS = [
    _("First name"),
    _("Last name"),
    _("E-mail"),
    _("Telephone"),
    _("Commune"),
    # Its own column: "Laval (53130)" read as a postal code, which 53130 is not.
    pgettext_lazy("spreadsheet column", "INSEE code"),
    _("Gestures"),
    _("Kinds of action"),
    _("Availability"),
    _("Skills"),
    _("Confirmed on"),
    _("Signed up on"),
]

FIELDS = (
    "pk",
    "first_name",
    "last_name",
    "email",
    "phone",
    "commune__name",
    "commune__code",
    "kinds",
    "availability",
    "skills",
    "confirmed_at",
    "created_at",
)


def _gestures_of(volunteer_ids: Sequence[int]) -> dict[int, list[str]]:
    """The titles of the gestures of each volunteer, in the order of Gesture (its title)."""
    through = Volunteer.gestures.through
    titles: dict[int, list[str]] = defaultdict(list)
    for volunteer_id, title in (
        through.objects.filter(volunteer_id__in=volunteer_ids)
        .order_by("gesture__title", "gesture_id")
        .values_list("volunteer_id", "gesture__title")
    ):
        titles[volunteer_id].append(title)
    return titles


def volunteer_rows(volunteers: QuerySet[Volunteer]) -> Iterator[list]:
    """The heading, then one row per volunteer, in the order of `volunteers`; the labels and
    the times in the language and time zone active when the rows are read."""
    yield [str(label) for label in COLUMNS]
    # As Volunteer.kind_labels and availability_labels say them, translated once.
    kinds = {code: str(label) for code, label in ActionKind.choices}
    availabilities = {code: str(label) for code, label in Availability.choices}
    zone = timezone.get_current_timezone()

    def moment(value) -> str:
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""

    def labels(text: str, names: dict[str, str]) -> str:
        return ", ".join(names[code] for code in split_codes(text) if code in names)

    rows = volunteers.values_list(*FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        gestures = _gestures_of([row[0] for row in chunk])
        for (
            pk,
            first_name,
            last_name,
            email,
            phone,
            commune,
            code,
            kind_codes,
            availability,
            skills,
            confirmed_at,
            created_at,
        ) in chunk:
            yield [
                first_name,
                last_name,
                email,
                phone,
                commune,
                code,
                ", ".join(gestures.get(pk, ())),
                labels(kind_codes, kinds),
                labels(availability, availabilities),
                skills,
                moment(confirmed_at),
                moment(created_at),
            ]
