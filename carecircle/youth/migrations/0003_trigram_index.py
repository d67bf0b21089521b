"""Trigram indexes on names, for search before create on PostgreSQL.

pg_trgm ships with PostgreSQL; creating the extension needs a role allowed to (the
database owner on PostgreSQL 13 and later, as it is a trusted extension). SQLite has no
equivalent and relies on the phonetic keys alone.
"""

from django.db import migrations

UP = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS youth_last_name_trgm ON youth_youth USING gin (last_name gin_trgm_ops);
CREATE INDEX IF NOT EXISTS youth_first_name_trgm ON youth_youth USING gin (first_name gin_trgm_ops);
"""
DOWN = """
DROP INDEX IF EXISTS youth_last_name_trgm;
DROP INDEX IF EXISTS youth_first_name_trgm;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UP, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DOWN, params=None)


class Migration(migrations.Migration):
    dependencies = [("youth", "0002_search")]

    operations = [migrations.RunPython(forwards, backwards)]
