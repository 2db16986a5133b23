"""One CSV writer for every export, so that none of them lets a spreadsheet run what a visitor
typed: a text cell that starts like a formula (= + - @, a tab or a carriage return) is written
with a leading apostrophe, which spreadsheets read as "this is text"."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_BOM = "\ufeff"  # without it, Excel reads UTF-8 as Windows-1252


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


def csv_response(
    rows: Iterable[Sequence],
    filename: str,
    *,
    delimiter: str = ",",
    excel_bom: bool = False,
    streaming: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """A CSV file to download, in UTF-8 (with the mark Excel needs if `excel_bom`); `streaming`
    writes it row by row, for exports too long to hold in memory."""
    lines = csv_lines(rows, delimiter=delimiter)
    if excel_bom:
        lines = chain([EXCEL_BOM], lines)
    content_type = "text/csv; charset=utf-8"
    if streaming:
        response = StreamingHttpResponse(
            (line.encode() for line in lines), content_type=content_type
        )
    else:
        response = HttpResponse("".join(lines), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
