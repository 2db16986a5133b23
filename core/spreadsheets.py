"""One CSV writer for every export, so that none of them lets a spreadsheet run what a visitor
typed: a text cell that starts like a formula (= + - @, a tab or a carriage return) is written
with a leading apostrophe, which spreadsheets read as "this is text".

A streamed export is written after its view has returned, outside the language and time zone
the admin set for the user (wagtail.admin.localization): `csv_response` keeps the ones of the
view and writes every part in them. Its rows are read as they are written, in parts of about
`STREAM_PART` bytes (a write per line would cost a system call each), the first line alone, so
that the download starts at once."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_BOM = "\ufeff"  # without it, Excel reads UTF-8 as Windows-1252
STREAM_PART = 64 * 1024


class _Line:
    """A file that hands back what is written to it, for a writer that makes one line at a time."""

    def write(self, value: str) -> str:
        return value


def neutralised(value):
    """A cell's value, safe in a spreadsheet: a text starting like a formula gets a leading `'`;
    numbers, dates and other values are kept as they are."""
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(rows: Iterable[Sequence], *, delimiter: str = ",") -> Iterator[str]:
    """Each row as one CSV line, every cell neutralised."""
    writer = csv.writer(_Line(), delimiter=delimiter)
    for row in rows:
        yield writer.writerow([neutralised(cell) for cell in row])


def _marked(lines: Iterator[str]) -> Iterator[str]:
    """The lines, the first one starting with the mark Excel needs to read UTF-8."""
    yield EXCEL_BOM + next(lines, "")
    yield from lines


def _parts(lines: Iterator[str], size: int) -> Iterator[bytes]:
    """The first line alone, then the next ones gathered in parts of at least `size` bytes."""
    for line in lines:
        yield line.encode()
        break
    part: list[bytes] = []
    length = 0
    for line in lines:
        encoded = line.encode()
        part.append(encoded)
        length += len(encoded)
        if length >= size:
            yield b"".join(part)
            part, length = [], 0
    if part:
        yield b"".join(part)


def _in_context(parts: Iterator[bytes], language: str | None, zone) -> Iterator[bytes]:
    """`parts`, each made in `language` and time `zone` (those of the view)."""
    while True:
        with translation.override(language), timezone.override(zone):
            part = next(parts, None)
        if part is None:
            return
        yield part


def csv_response(
    rows: Iterable[Sequence],
    filename: str,
    *,
    delimiter: str = ",",
    excel_bom: bool = False,
    streaming: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """A CSV file to download, in UTF-8 (with the mark Excel needs if `excel_bom`); `streaming`
    writes it as its rows are read, for exports too long to hold in memory (`rows` may then be
    a generator reading the database in chunks)."""
    lines = csv_lines(rows, delimiter=delimiter)
    if excel_bom:
        lines = _marked(lines)
    content_type = "text/csv; charset=utf-8"
    if streaming:
        response = StreamingHttpResponse(
            _in_context(
                _parts(lines, STREAM_PART),
                translation.get_language(),
                timezone.get_current_timezone(),
            ),
            content_type=content_type,
        )
    else:
        response = HttpResponse("".join(lines), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
