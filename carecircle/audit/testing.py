"""Helpers for tests that play an attacker with direct database access, or a failing
audit store. They change real triggers on the real database; nothing is mocked."""

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module

from django.db import connection

_APPEND_ONLY = import_module("carecircle.audit.migrations.0002_append_only")

TABLE = "audit_auditevent"


@contextmanager
def tampering() -> Iterator[None]:
    """Lift the append-only triggers, as someone with the database owner's rights could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (TABLE, _APPEND_ONLY.INDEX_TABLE):
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER audit_append_only")
        else:
            for name in _APPEND_ONLY.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for table in (TABLE, _APPEND_ONLY.INDEX_TABLE):
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER audit_append_only")
            else:
                for statement in _APPEND_ONLY.SQLITE_UP:
                    cursor.execute(statement)


@contextmanager
def audit_writes_refused() -> Iterator[None]:
    """Make the database refuse new audit entries, as a full disk or lost table would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION carecircle_test_refuse_insert() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'audit store unavailable'; END; $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER test_refuse_insert BEFORE INSERT ON {TABLE} "
                "FOR EACH ROW EXECUTE FUNCTION carecircle_test_refuse_insert()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER test_refuse_insert BEFORE INSERT ON {TABLE} "
                "BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END;"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DROP TRIGGER test_refuse_insert ON {TABLE}"
                if connection.vendor == "postgresql"
                else "DROP TRIGGER test_refuse_insert"
            )
            if connection.vendor == "postgresql":
                cursor.execute("DROP FUNCTION carecircle_test_refuse_insert()")
