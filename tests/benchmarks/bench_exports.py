"""A department referent's CSV of 100,000 volunteers (issue 18: Mayenne's 90,000 took 77 to
149 s and 1.5 GB built whole in memory): the time to the first bytes (goal: under 1 s) and to
the first volunteer's row, the whole download, and the peak of Python memory while it is
written, measured with tracemalloc (goal: under 100 MB), beside the same file built whole in
memory as before. On the database in use (SQLite, or DATABASE_URL).

Run with `make bench` (or `pytest -m benchmark -s tests/benchmarks/bench_exports.py`); the
figures are printed, never asserted; the rows are counted.
"""

import time
import tracemalloc

import pytest
from django.db import connection
from django.utils import timezone

from core.spreadsheets import csv_response
from snippets.models import Gesture
from tests.volunteers.conftest import gestures  # noqa: F401 (fixture)
from tests.volunteers.test_export import previous_rows
from volunteers import access
from volunteers.models import Volunteer

pytestmark = [pytest.mark.benchmark]

VOLUNTEERS = 100_000
URL = "/admin/volontaires/export.csv"


def add_volunteers(commune, of_gestures, count: int) -> None:
    now = timezone.now()
    Volunteer.objects.bulk_create(
        (
            Volunteer(
                first_name=f"Prénom{n}",
                last_name=f"Nom{n:06d}",
                email=f"banc{n}@exemple.invalid",
                phone=f"063998{n % 10_000:04d}",
                commune=commune,
                kinds=",neighbourly,",
                availability=",weekend-morning,weekday-evening,",
                skills="Bricolage, jardinage",
                charter_accepted_at=now,
                contact_consent=True,
                confirmed_at=now,
                handed_over_at=now,
            )
            for n in range(count)
        ),
        batch_size=5000,
    )
    through = Volunteer.gestures.through
    ids = Volunteer.objects.filter(commune=commune).values_list("pk", flat=True)
    through.objects.bulk_create(
        (
            through(volunteer_id=pk, gesture_id=of_gestures[n % 2].pk)
            for n, pk in enumerate(ids.iterator(chunk_size=5000))
        ),
        batch_size=5000,
    )


def download(client) -> tuple[float, float, float, int, int]:
    """Seconds to the first bytes, to the first volunteer's row, to the end; bytes and lines."""
    started = time.perf_counter()
    response = client.get(URL)
    first = first_row = None
    size = lines = 0
    for part in response.streaming_content:
        now = time.perf_counter() - started
        if first is None:
            first = now
        lines += part.count(b"\n")
        if first_row is None and lines > 1:
            first_row = now
        size += len(part)
    return first, first_row, time.perf_counter() - started, size, lines


def peak_memory(function) -> tuple[int, object]:
    tracemalloc.start()
    try:
        result = function()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_a_department_export_of_100_000_volunteers(
    client,
    laval_page,
    mayenne_referent,
    gestures,  # noqa: F811
):
    started = time.perf_counter()
    add_volunteers(laval_page.commune, gestures, VOLUNTEERS)
    created = time.perf_counter() - started
    client.force_login(mayenne_referent)

    first, first_row, total, size, lines = download(client)
    assert lines == VOLUNTEERS + 1
    streamed_peak, (_first, _row, _total, _size, traced_lines) = peak_memory(
        lambda: download(client)
    )
    assert traced_lines == lines

    def whole_in_memory():
        # As before issue 18: every volunteer with their gestures in memory, then the file.
        volunteers = (
            access.listed_volunteers(mayenne_referent)
            .select_related("commune")
            .prefetch_related("gestures")
        )
        rows = previous_rows(volunteers)
        return len(csv_response(rows, "f.csv", delimiter=";", excel_bom=True).content)

    whole_peak, whole_size = peak_memory(whole_in_memory)
    assert Gesture.objects.count() == 4

    print(f"\n{connection.vendor}: {VOLUNTEERS:,} volunteers (created in {created:.1f} s)")
    print(f"first bytes after          {first * 1000:8.0f} ms  (goal: under 1 s)")
    print(f"first volunteer's row after {first_row * 1000:7.0f} ms")
    print(f"whole download             {total:8.1f} s, {size / 1e6:.1f} MB, {lines:,} lines")
    print(f"peak memory, streamed      {streamed_peak / 1e6:8.1f} MB  (goal: under 100 MB)")
    print(f"peak memory, whole file    {whole_peak / 1e6:8.1f} MB  ({whole_size / 1e6:.1f} MB)")
