"""The audit log's monthly partitions on PostgreSQL (migration 0003, ADR 0011).

``ensure_months`` creates the partitions of the months asked for; ``ensure_ahead``, run
by ``manage.py audit_partitions`` every day, creates this month and the next few, so
entries land in their month's partition and the DEFAULT partition stays empty.

If entries did land in the default partition (audit_partitions had not run for months, or a
clock was far off), PostgreSQL refuses a partition for their month while they are
there. Creating that month then moves them, in one transaction: the new partition is
filled from the default, the rows are removed from the default with its append-only
trigger disabled for that transaction only, the partition is attached, and the counts
must agree or nothing happens. Other sessions never see the trigger disabled (the
catalogue change is theirs only once committed, and by then it is enabled again), and
no entry changes: ids, times and hashes are copied as they are, so the chain verifies.
The move is then recorded in the audit log itself.

Creating a partition locks the audit table against every reader and writer for a few
milliseconds. It waits at most ``LOCK_TIMEOUT`` for that lock (a backup or a long
verification holds the table); it then gives up rather than hold up every writer
queued behind it, and the next run tries again. SQLite has one table: nothing to do.
"""

import logging
from datetime import date
from importlib import import_module

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from carecircle.audit.actions import record_event

_MIGRATION = import_module("carecircle.audit.migrations.0003_partition_by_month")

TABLE = _MIGRATION.TABLE
DEFAULT_PARTITION = _MIGRATION.DEFAULT_PARTITION
partition_name = _MIGRATION.partition_name
add_months = _MIGRATION.add_months
months_between = _MIGRATION.months_between

# Months ahead of the current one that the daily run keeps ready.
AHEAD = 3
LOCK_TIMEOUT = "3s"

log = logging.getLogger(__name__)


class NotPartitioned(RuntimeError):
    pass


def ensure_months(
    first: date, last: date, *, using: str = "default", lock_timeout: str = LOCK_TIMEOUT
) -> list[str]:
    """Create the partitions of the months from ``first`` to ``last`` (inclusive) that do
    not exist yet, moving into each any entries of its month waiting in the default
    partition. Returns the names created, oldest first; [] on SQLite.

    Call it outside a transaction: each month is created in its own short one, under an
    exclusive lock on the audit table.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    if first > last:
        raise ValueError(f"{first} is after {last}")
    existing = partitions(using=using)
    missing = [
        month for month in months_between(first, last) if partition_name(month) not in existing
    ]
    return [
        partition_name(month)
        for month in missing
        if _create(connection, month, using, lock_timeout)
    ]


def ensure_ahead(
    *, months: int = AHEAD, today: date | None = None, using: str = "default"
) -> list[str]:
    """This month's partition and the next ``months``', plus the months of any entries
    waiting in the default partition, so that it is empty afterwards."""
    if connections[using].vendor != "postgresql":
        return []
    this_month = (today or timezone.now().date()).replace(day=1)
    created = ensure_months(this_month, add_months(this_month, months), using=using)
    for month in months_in_default(using=using):
        created += ensure_months(month, month, using=using)
    return created


def partitions(*, using: str = "default") -> set[str]:
    """The names of the audit table's partitions, the default one included."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [TABLE])
        if cursor.fetchone()[0] != "p":
            raise NotPartitioned(
                f"{TABLE} is not a partitioned table: run 'manage.py migrate audit'."
            )
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        return {name for (name,) in cursor.fetchall()}


def months_in_default(*, using: str = "default") -> list[date]:
    """The months (UTC) of the entries waiting in the default partition."""
    if connections[using].vendor != "postgresql":
        return []
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date "  # noqa: S608
            f"FROM {DEFAULT_PARTITION} ORDER BY 1"
        )
        return [month for (month,) in cursor.fetchall()]


def _create(connection: BaseDatabaseWrapper, month: date, using: str, lock_timeout: str) -> bool:
    """Create one month's partition; False if another process created it first."""
    name = partition_name(month)
    bounds = _MIGRATION.partition_bounds(month)
    waiting = (
        f"FROM {DEFAULT_PARTITION} WHERE occurred_at >= '{month:%Y-%m-%d} 00:00:00+00' "
        f"AND occurred_at < '{add_months(month, 1):%Y-%m-%d} 00:00:00+00'"
    )
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{lock_timeout}'")
        # Writers wait at the parent table, before PostgreSQL picks their partition;
        # one already routed to the default partition would otherwise fail its insert
        # once the new partition's range leaves the default.
        cursor.execute(f"LOCK TABLE ONLY {TABLE} IN ACCESS EXCLUSIVE MODE")
        if name in partitions(using=using):
            return False
        cursor.execute(
            f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
            "INCLUDING STORAGE)"
        )
        cursor.execute(f"INSERT INTO {name} SELECT * {waiting}")
        moved = cursor.rowcount
        if moved:
            cursor.execute(f"ALTER TABLE {DEFAULT_PARTITION} DISABLE TRIGGER audit_append_only")
            cursor.execute(f"DELETE {waiting}")
            removed = cursor.rowcount
            cursor.execute(f"ALTER TABLE {DEFAULT_PARTITION} ENABLE TRIGGER audit_append_only")
            if removed != moved:
                raise RuntimeError(
                    f"Copied {moved} entries into {name} but removed {removed} from "
                    f"{DEFAULT_PARTITION}; nothing was changed."
                )
        # Attaching builds the partition's indexes and clones the append-only trigger.
        cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES {bounds}")
        _MIGRATION.close_partitions(cursor)
        if moved:
            log.warning("Audit entries moved from %s into %s: %d.", DEFAULT_PARTITION, name, moved)
            transaction.on_commit(lambda: _record_move(name, moved), using=using)
    return True


def _record_move(name: str, moved: int) -> None:
    # After the commit, in a transaction of its own: written while the audit table was
    # locked, the entry could deadlock with a writer holding its chain head.
    record_event(
        actor=None,
        username="audit_partitions",
        action="audit.entries_moved",
        detail={"from": DEFAULT_PARTITION, "to": name, "entries": moved},
    )
