"""The database itself refuses UPDATE and DELETE of audit entries.

On PostgreSQL a trigger raises for every row updated or deleted, whoever connects; in
production the application's role should also lack TRUNCATE on the table. SQLite gets
the equivalent triggers, so the embedded database behaves the same.
"""

from django.db import migrations

TABLE = "audit_auditevent"
INDEX_TABLE = "audit_auditeventyouth"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION carecircle_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION carecircle_audit_refuse_change();
CREATE TRIGGER audit_append_only
    BEFORE UPDATE OR DELETE ON {INDEX_TABLE}
    FOR EACH ROW EXECUTE FUNCTION carecircle_audit_refuse_change();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS audit_append_only ON {TABLE};
DROP TRIGGER IF EXISTS audit_append_only ON {INDEX_TABLE};
DROP FUNCTION IF EXISTS carecircle_audit_refuse_change();
"""
SQLITE_UP = [
    f"""CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE refused'); END;""",
    f"""CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: DELETE refused'); END;""",
    f"""CREATE TRIGGER audit_index_no_update BEFORE UPDATE ON {INDEX_TABLE}
        BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE refused'); END;""",
    f"""CREATE TRIGGER audit_index_no_delete BEFORE DELETE ON {INDEX_TABLE}
        BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: DELETE refused'); END;""",
]
SQLITE_TRIGGERS = [
    "audit_no_update",
    "audit_no_delete",
    "audit_index_no_update",
    "audit_index_no_delete",
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {name};" for name in SQLITE_TRIGGERS]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
