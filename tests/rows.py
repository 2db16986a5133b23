"""Counting the rows a piece of code reads from the database, for the tests that assert a page
reads a bounded number of them whatever the data (issue 18), next to pytest-django's
`django_assert_max_num_queries`, which bounds the queries only.

    from tests.rows import count_rows

    with count_rows() as read:
        client.get("/actions/")
    assert read.rows <= 60

Every row fetched through Django's cursor (`django.db.backends.utils.CursorWrapper`:
`fetchone`, `fetchmany`, `fetchall`, which querysets, `.values()`, `.count()` and raw cursors
all use) counts, on every database connection; `read.by_query` says how many each SQL
statement returned, to tell which one grew. Rows a database reads without returning them (an
index scan, a COUNT) don't count: this measures what reaches Python.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db.backends.utils import CursorWrapper


@dataclass
class RowsRead:
    rows: int = 0
    by_query: Counter = field(default_factory=Counter)

    def add(self, sql: str, count: int) -> None:
        self.rows += count
        self.by_query[sql] += count


@contextmanager
def count_rows():
    """Counts the rows fetched inside the block (not reentrant: one count at a time)."""
    read = RowsRead()
    names = ("fetchone", "fetchmany", "fetchall")
    saved = {name: CursorWrapper.__dict__.get(name) for name in (*names, "execute")}
    execute = CursorWrapper.execute

    def remembering(self, sql, params=None):
        self._counted_sql = str(sql)  # which statement the rows fetched next come from
        return execute(self, sql, params)

    def counting(name):
        def fetch(self, *args, **kwargs):
            with self.db.wrap_database_errors:
                result = getattr(self.cursor, name)(*args, **kwargs)
            count = (result is not None) if name == "fetchone" else len(result)
            read.add(getattr(self, "_counted_sql", "")[:300], int(count))
            return result

        return fetch

    # CursorWrapper hands these to the database's cursor through __getattr__: a method of the
    # class comes first.
    for name in names:
        setattr(CursorWrapper, name, counting(name))
    CursorWrapper.execute = remembering
    try:
        yield read
    finally:
        for name, original in saved.items():
            if original is None:
                delattr(CursorWrapper, name)
            else:
                setattr(CursorWrapper, name, original)


def rows_scanned(sql: str) -> RowsRead:
    """PostgreSQL: the rows the database reads to answer `sql` (a SELECT, run again under
    `EXPLAIN ANALYZE`), which `count_rows` cannot see: a `LIMIT 20` answered by walking an
    index from its first entry returns 20 rows and may read a million. Each scan node counts
    the rows it returned and those its filter removed, times its loops; `by_query` holds
    them by table."""
    import json

    from django.db import connection

    read = RowsRead()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        [[plan]] = cursor.cursor.fetchall()  # the driver's own cursor: not counted above
    nodes = [(json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("Plans", []))
        if "Relation Name" not in node:
            continue
        per_loop = (
            node.get("Actual Rows", 0)
            + node.get("Rows Removed by Filter", 0)
            + node.get("Rows Removed by Index Recheck", 0)
        )
        read.add(node["Relation Name"], round(per_loop * node.get("Actual Loops", 1)))
    return read
