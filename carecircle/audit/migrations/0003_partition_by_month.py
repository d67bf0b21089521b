"""On PostgreSQL, the audit log becomes a table partitioned by month of ``occurred_at``.

A state holds tens of millions of entries over the years; monthly partitions keep each
month's indexes small and let a month past the retention period be detached whole,
without a DELETE (which the append-only trigger refuses anyway). See ADR 0011.

PostgreSQL cannot turn a table into a partitioned one in place: the table is renamed,
a partitioned table is made like it, every row is copied across (ids, hashes and all,
so the chain still verifies) and the old table is dropped, in one transaction. The
partitioned table keeps the identity column (its sequence goes on from the old one's
last value, so no id is ever reused), the model's constraints and indexes, the grants
and the append-only trigger, which PostgreSQL clones onto every partition. Because a
partitioned table's unique constraints must include the partition key, the primary key
becomes (id, occurred_at) and the one-entry-per-position constraint (chain, seq,
occurred_at); the chain head's row lock and ``audit_verify`` keep a position unique.

A DEFAULT partition takes any entry whose month has no partition yet, so an entry is
never refused for want of one; ``manage.py audit_partitions`` creates the months ahead
(``carecircle/audit/partitions.py``). SQLite keeps one table: nothing happens there,
and Django's model state is unchanged either way.
"""

from datetime import date

from django.db import migrations
from django.utils import timezone

TABLE = "audit_auditevent"
DEFAULT_PARTITION = f"{TABLE}_default"
# Where the table waits while its replacement is filled.
BEFORE = f"{TABLE}_before"
# Months created ahead of the current one, so that the default partition stays empty
# until the partition sweep first runs.
AHEAD = 3

TRIGGER = (
    f"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION carecircle_audit_refuse_change()"
)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    month, end = month_start(first), month_start(last)
    months = []
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def partition_name(month: date) -> str:
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


def partition_bounds(month: date) -> str:
    """The month's range in UTC, written as constants so no session time zone moves it."""
    return (
        f"FROM ('{month:%Y-%m-%d} 00:00:00+00') TO ('{add_months(month, 1):%Y-%m-%d} 00:00:00+00')"
    )


def _fetch(cursor, sql: str, params: list | None = None) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


def close_partitions(cursor) -> None:
    """Nobody but the owner holds a right on a partition: entries are written and read
    through the audit table. (A default privilege could otherwise give the application's
    role TRUNCATE on each new month, which no row trigger stops.)"""
    rows = _fetch(
        cursor,
        "SELECT DISTINCT c.oid::regclass::text, "
        "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END "
        "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "CROSS JOIN LATERAL aclexplode(c.relacl) a "
        "LEFT JOIN pg_roles r ON r.oid = a.grantee "
        "WHERE i.inhparent = %s::regclass AND a.grantee <> c.relowner",
        [TABLE],
    )
    for partition, grantee in rows:
        cursor.execute(f"REVOKE ALL ON {partition} FROM {grantee}")


def _rebuild(schema_editor, *, partitioned: bool) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {BEFORE}")
        # Free the names of the old table's keys, indexes and sequence for the new one;
        # the old table is dropped at the end, so nothing is rebuilt for it.
        for (name,) in _fetch(
            cursor,
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype IN ('p', 'u')",
            [BEFORE],
        ):
            cursor.execute(f'ALTER TABLE {BEFORE} DROP CONSTRAINT "{name}"')
        for (name,) in _fetch(
            cursor,
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = %s::regclass",
            [BEFORE],
        ):
            cursor.execute(f"DROP INDEX {name}")
        ((sequence,),) = _fetch(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [BEFORE])
        cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {BEFORE}_id_seq")
        ((last_value, is_called),) = _fetch(
            cursor,
            f"SELECT last_value, is_called FROM {BEFORE}_id_seq",  # noqa: S608 - constant names
        )
        grants = _fetch(
            cursor,
            "SELECT a.privilege_type, a.is_grantable, "
            "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END "
            "FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a "
            "LEFT JOIN pg_roles r ON r.oid = a.grantee "
            "WHERE c.oid = %s::regclass AND a.grantee <> c.relowner",
            [BEFORE],
        )

        # LIKE copies the columns, NOT NULLs, CHECKs (the positive-integer checks) and the
        # identity; the keys and indexes are made after the rows are in, which is faster.
        cursor.execute(
            f"CREATE TABLE {TABLE} (LIKE {BEFORE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
            "INCLUDING IDENTITY INCLUDING STORAGE INCLUDING COMMENTS)"
            + (" PARTITION BY RANGE (occurred_at)" if partitioned else "")
        )
        if partitioned:
            cursor.execute(f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {TABLE} DEFAULT")
            ((earliest, latest),) = _fetch(
                cursor,
                "SELECT min(occurred_at AT TIME ZONE 'UTC')::date, "  # noqa: S608 - constant names
                f"max(occurred_at AT TIME ZONE 'UTC')::date FROM {BEFORE}",
            )
            this_month = month_start(timezone.now().date())
            first = min(this_month, earliest or this_month)
            last = max(add_months(this_month, AHEAD), latest or this_month)
            for month in months_between(first, last):
                cursor.execute(
                    f"CREATE TABLE {partition_name(month)} PARTITION OF {TABLE} "
                    f"FOR VALUES {partition_bounds(month)}"
                )
        cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM {BEFORE} ORDER BY id")  # noqa: S608 - constant names
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, %s)",
            [TABLE, last_value, is_called],
        )

        key = ", occurred_at" if partitioned else ""
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id{key}), "
            f"ADD CONSTRAINT audit_one_entry_per_position UNIQUE (chain, seq{key})"
        )
        cursor.execute(f"CREATE INDEX audit_youth_time ON {TABLE} (youth_id, occurred_at)")
        cursor.execute(f"CREATE INDEX audit_county_time ON {TABLE} (county_id, occurred_at)")
        cursor.execute(f"CREATE INDEX audit_object ON {TABLE} (object_type, object_id)")
        cursor.execute(TRIGGER)
        for privilege, grantable, grantee in grants:
            option = " WITH GRANT OPTION" if grantable else ""
            cursor.execute(f"GRANT {privilege} ON {TABLE} TO {grantee}{option}")
        if partitioned:
            close_partitions(cursor)
        cursor.execute(f"DROP TABLE {BEFORE}")
        # Autovacuum analyses the partitions but never a partitioned parent.
        cursor.execute(f"ANALYZE {TABLE}")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _rebuild(schema_editor, partitioned=True)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _rebuild(schema_editor, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [migrations.RunPython(forwards, backwards)]
