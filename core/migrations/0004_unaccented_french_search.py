"""PostgreSQL's full-text search in French without accents: `epicerie` finds `épicerie`, as on
SQLite (whose FTS5 tokenizer drops the accents). A text search configuration `french_unaccent`,
French stemming after PostgreSQL's `unaccent`; the search backend uses it (settings' SEARCH_CONFIG).
Nothing on SQLite. An existing index is built again with `manage.py update_index`."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_outbox")]

    operations = [migrations.RunPython(create, drop)]
