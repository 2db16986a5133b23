"""Indexes on Wagtail's page tree for the children of a page at France's size (issue 18).

Wagtail finds a page's children by their depth and a range of paths (`get_children`, the
routing of every request: `path BETWEEN ... AND depth = n AND slug = ...`), and
`child_of` by `path LIKE 'prefix%' AND depth = n`. Its table indexes the path alone, so that
the database walked every descendant to find the children: with 35,000 commune pages, a
visit of /actions/ read 470,000 pages to route to the national agenda, and the home page as
many to find its agenda (`action_index_of`). On (depth, path) only the children are read, and
on (slug, depth, path) only the child routed to.

PostgreSQL gets two: a plain one for the ranges, and one with varchar_pattern_ops for LIKE
(whatever the database's collation). They are on Wagtail's table, created here because Wagtail
has no such index: a later migration of Wagtail's that rebuilds the table on SQLite would drop
them (SQLite keeps only the indexes a model declares), which costs speed, never correctness.
"""

from django.db import migrations

INDEXES = {
    # The routing: a child of this slug (one "actions" page under each of 35,000 communes).
    "pages_page_slug_depth_path": "(slug, depth, path)",
    "pages_page_depth_path": "(depth, path)",
    "pages_page_depth_path_like": "(depth, path varchar_pattern_ops)",  # PostgreSQL only
}


def create(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name, columns in INDEXES.items():
        if "pattern_ops" in columns and not postgresql:
            continue
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page {columns}")


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0013_action_recurrence_last_day"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
