from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import TestCase, TransactionTestCase
from django.utils import timezone

from carecircle.audit import partitions
from carecircle.audit.actions import record_event
from carecircle.audit.models import AuditEvent, AuditEventYouth
from carecircle.audit.partitions import DEFAULT_PARTITION, TABLE, ensure_months, partition_name
from carecircle.audit.testing import tampering

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="native partitioning is PostgreSQL's; on SQLite the audit log stays one table "
    "(migration 0003 does nothing there) and the PostgreSQL pass of make test runs these",
)
SQLITE_ONLY = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="what the audit partitions do on SQLite: nothing"
)


def at(year: int, month: int, day: int = 15) -> time_machine.travel:
    return time_machine.travel(datetime(year, month, day, 12, tzinfo=UTC), tick=False)


def entry(action: str = "test.entry") -> AuditEvent:
    return record_event(actor=None, username="tester", action=action)


def verify() -> tuple[bool, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except CommandError:
        return False, err.getvalue()
    return True, out.getvalue()


def stored_in(event: AuditEvent) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tableoid::regclass::text FROM {TABLE} WHERE id = %s",  # noqa: S608 - a constant
            [event.pk],
        )
        return cursor.fetchone()[0]


def bounds(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = %s", [name]
        )
        return cursor.fetchone()[0]


def trigger_state(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgrelid = %s::regclass "
            "AND tgname = 'audit_append_only'",
            [table],
        )
        row = cursor.fetchone()
    return row[0] if row else ""


def relkind() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [TABLE])
        return cursor.fetchone()[0]


@POSTGRES_ONLY
class PartitionedTableTest(TestCase):
    def test_it_is_range_partitioned_by_time_with_a_default_partition(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.partstrat, a.attname, p.partdefid::regclass::text "
                "FROM pg_partitioned_table p JOIN pg_attribute a "
                "ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
                "WHERE p.partrelid = %s::regclass",
                [TABLE],
            )
            self.assertEqual(cursor.fetchone(), ("r", "occurred_at", DEFAULT_PARTITION))

    def test_it_keeps_the_models_keys_and_indexes_with_the_time_added_to_the_unique_ones(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexrelid::regclass::text, indisunique, "
                "pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = %s::regclass",
                [TABLE],
            )
            found = {name: (unique, definition) for name, unique, definition in cursor.fetchall()}
        self.assertEqual(
            set(found),
            {
                f"{TABLE}_pkey",
                "audit_one_entry_per_position",
                "audit_youth_time",
                "audit_county_time",
                "audit_object",
            },
        )
        self.assertIn("(id, occurred_at)", found[f"{TABLE}_pkey"][1])
        self.assertTrue(found["audit_one_entry_per_position"][0])
        self.assertIn("(chain, seq, occurred_at)", found["audit_one_entry_per_position"][1])

    def test_it_writes_a_new_entry_into_the_partition_of_its_month(self):
        today = timezone.now().date()
        ensure_months(today, today)
        event = entry()
        self.assertEqual(stored_in(event), partition_name(today))
        self.assertEqual(AuditEvent.objects.get(pk=event.pk).entry_hash, event.entry_hash)

    def test_it_writes_an_entry_whose_month_has_no_partition_into_the_default(self):
        self.assertNotIn(partition_name(date(2035, 6, 1)), partitions.partitions())
        with at(2035, 6):
            event = entry()
        self.assertEqual(stored_in(event), DEFAULT_PARTITION)
        self.assertEqual(partitions.months_in_default(), [date(2035, 6, 1)])
        ok, message = verify()
        self.assertTrue(ok, message)

    def test_it_creates_the_months_asked_for_once(self):
        created = ensure_months(date(2033, 1, 20), date(2033, 3, 2))
        self.assertEqual(created, [f"{TABLE}_y2033m01", f"{TABLE}_y2033m02", f"{TABLE}_y2033m03"])
        self.assertEqual(
            bounds(f"{TABLE}_y2033m02"),
            "FOR VALUES FROM ('2033-02-01 00:00:00+00') TO ('2033-03-01 00:00:00+00')",
        )
        self.assertEqual(ensure_months(date(2033, 1, 1), date(2033, 3, 31)), [])
        self.assertEqual(ensure_months(date(2033, 3, 1), date(2033, 4, 1)), [f"{TABLE}_y2033m04"])
        self.assertTrue(set(created) < partitions.partitions())

    def test_no_one_but_the_owner_holds_a_right_on_a_new_partition(self):
        with connection.cursor() as cursor:
            # As a deployment might: every new table open to everyone (rolled back).
            cursor.execute("ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO PUBLIC")
            (name,) = ensure_months(date(2035, 5, 1), date(2035, 5, 1))
            cursor.execute(
                "SELECT count(*) FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a "
                "WHERE c.oid = %s::regclass AND a.grantee <> c.relowner",
                [name],
            )
            self.assertEqual(cursor.fetchone()[0], 0)
            cursor.execute("ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM PUBLIC")

    def test_a_new_partition_gets_the_indexes_and_the_append_only_trigger(self):
        (name,) = ensure_months(date(2033, 7, 1), date(2033, 7, 1))
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_index WHERE indrelid = %s::regclass", [name])
            self.assertEqual(cursor.fetchone()[0], 5)
        self.assertEqual(trigger_state(name), "O")

    def test_it_refuses_a_month_after_the_last(self):
        with self.assertRaises(ValueError):
            ensure_months(date(2033, 2, 1), date(2033, 1, 31))

    def test_it_refuses_update_and_delete_on_the_table_and_on_each_partition(self):
        today = timezone.now().date()
        ensure_months(today, today)
        current = entry()
        with at(2035, 8):
            waiting = entry()
        for table, event in (
            (TABLE, current),
            (partition_name(today), current),
            (TABLE, waiting),
            (DEFAULT_PARTITION, waiting),
        ):
            for statement in (
                f"UPDATE {table} SET action = 'test.changed' WHERE id = %s",  # noqa: S608
                f"DELETE FROM {table} WHERE id = %s",  # noqa: S608
            ):
                with (
                    self.subTest(statement),
                    self.assertRaisesMessage(DatabaseError, "append-only"),
                    transaction.atomic(),
                    connection.cursor() as cursor,
                ):
                    cursor.execute(statement, [event.pk])
        for event in (current, waiting):
            self.assertEqual(AuditEvent.objects.get(pk=event.pk).action, "test.entry")

    def test_it_moves_the_entries_waiting_in_the_default_into_their_new_partition(self):
        with at(2034, 2, 3):
            first = entry()
        with at(2034, 2, 27):
            second = entry()
        with at(2034, 3, 5):
            later = entry()
        with self.captureOnCommitCallbacks(execute=True):
            created = ensure_months(date(2034, 2, 1), date(2034, 2, 1))
        self.assertEqual(created, [f"{TABLE}_y2034m02"])
        self.assertEqual(stored_in(first), f"{TABLE}_y2034m02")
        self.assertEqual(stored_in(second), f"{TABLE}_y2034m02")
        self.assertEqual(stored_in(later), DEFAULT_PARTITION)
        for event in (first, second):
            moved = AuditEvent.objects.get(pk=event.pk)
            self.assertEqual(
                (moved.occurred_at, moved.entry_hash), (event.occurred_at, event.entry_hash)
            )
        # The default partition's trigger is back on, and the move is in the log.
        self.assertEqual(trigger_state(DEFAULT_PARTITION), "O")
        with self.assertRaises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=later.pk).delete()
        record = AuditEvent.objects.get(action="audit.entries_moved")
        self.assertEqual(
            record.detail, {"from": DEFAULT_PARTITION, "to": f"{TABLE}_y2034m02", "entries": 2}
        )
        ok, message = verify()
        self.assertTrue(ok, message)

    def test_the_chain_verifies_across_months_and_partitions(self):
        for year, month in ((2034, 5), (2034, 6), (2034, 7)):
            with at(year, month):
                entry()
        ensure_months(date(2034, 5, 1), date(2034, 6, 1))
        entry()
        ok, message = verify()
        self.assertTrue(ok, message)
        self.assertIn("intact", message)

    def test_verification_still_finds_a_changed_entry_in_a_partition(self):
        with at(2034, 9):
            entry()
            target = entry()
            entry()
        ensure_months(date(2034, 9, 1), date(2034, 9, 1))
        with tampering():
            AuditEvent.objects.filter(pk=target.pk).update(actor_username="someone.else")
        ok, message = verify()
        self.assertFalse(ok)
        self.assertIn(f"entry {target.pk} ", message)

    def test_it_gives_up_rather_than_hold_up_writers_behind_a_long_reader(self):
        reader = connection.copy()
        try:
            reader.set_autocommit(False)
            with reader.cursor() as cursor:
                # Its lock on the table lasts until it rolls back, as a backup's would.
                cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608 - a constant
            with self.assertRaisesMessage(OperationalError, "lock timeout"):
                ensure_months(date(2033, 10, 1), date(2033, 10, 1), lock_timeout="200ms")
        finally:
            reader.rollback()
            reader.close()
        self.assertNotIn(f"{TABLE}_y2033m10", partitions.partitions())


@POSTGRES_ONLY
class AuditPartitionsCommandTest(TestCase):
    def run_command(self, *args: str) -> str:
        out = StringIO()
        call_command("audit_partitions", *args, stdout=out)
        return out.getvalue()

    def test_it_creates_this_month_the_months_ahead_and_those_waiting_in_the_default(self):
        with at(2036, 8, 3):
            entry()
        with at(2036, 11, 30):
            output = self.run_command("--months", "2")
            again = self.run_command("--months", "2")
        self.assertEqual(
            output.splitlines(),
            [
                f"Created {TABLE}_y2036m11.",
                f"Created {TABLE}_y2036m12.",
                f"Created {TABLE}_y2037m01.",
                f"Created {TABLE}_y2036m08.",
            ],
        )
        self.assertEqual(partitions.months_in_default(), [])
        self.assertIn("already exists", again)

    def test_it_creates_three_months_ahead_by_default(self):
        with at(2038, 1, 1):
            output = self.run_command()
        self.assertEqual(
            [line.split()[-1] for line in output.splitlines()],
            [f"{TABLE}_y2038m{month:02d}." for month in (1, 2, 3, 4)],
        )


@SQLITE_ONLY
class WithoutPartitionsTest(TestCase):
    def test_it_creates_nothing_on_sqlite_and_keeps_one_table(self):
        self.assertEqual(ensure_months(date(2033, 1, 1), date(2033, 12, 1)), [])
        self.assertEqual(partitions.ensure_ahead(), [])
        out = StringIO()
        call_command("audit_partitions", stdout=out)
        self.assertIn("nothing to do", out.getvalue())
        with at(2033, 5):
            event = entry()
        self.assertTrue(AuditEvent.objects.filter(pk=event.pk).exists())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE %s",
                [f"{TABLE}%"],
            )
            self.assertEqual(
                sorted(name for (name,) in cursor.fetchall()), [TABLE, "audit_auditeventyouth"]
            )


def migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@POSTGRES_ONLY
class PartitionMigrationTest(TransactionTestCase):
    """Migration 0003 backwards and forwards again, on a log with entries in it."""

    def setUp(self) -> None:
        self.partitions_before = partitions.partitions()
        with at(2025, 1, 10):
            self.oldest = entry()
        with at(2025, 3, 20):
            entry()
        entry()
        self.rows = list(AuditEvent.objects.values_list("id", "occurred_at", "entry_hash"))
        with connection.cursor() as cursor:
            cursor.execute(f"GRANT SELECT ON {TABLE} TO PUBLIC")

    def tearDown(self) -> None:
        migrate(latest())
        with tampering():
            AuditEventYouth.objects.all().delete()
            AuditEvent.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f"REVOKE SELECT ON {TABLE} FROM PUBLIC")  # noqa: S608 - a constant
            for name in partitions.partitions() - self.partitions_before:
                cursor.execute(f"DROP TABLE {name}")

    def assert_same_log(self, *, write: bool = True) -> None:
        self.assertEqual(
            sorted(AuditEvent.objects.values_list("id", "occurred_at", "entry_hash")),
            sorted(self.rows),
        )
        ok, message = verify()
        self.assertTrue(ok, message)
        with connection.cursor() as cursor:
            cursor.execute("SELECT has_table_privilege('public', %s, 'SELECT')", [TABLE])
            self.assertTrue(cursor.fetchone()[0], "the grants were not carried over")
        with self.assertRaises(DatabaseError), transaction.atomic():
            AuditEvent.objects.all().delete()
        if not write:
            return
        newer = entry()
        self.assertGreater(newer.pk, max(pk for pk, _, _ in self.rows))
        self.rows.append((newer.pk, newer.occurred_at, newer.entry_hash))

    def test_it_goes_back_to_one_table_and_forward_again_keeping_every_entry(self):
        migrate([("audit", "0002_append_only")])
        self.assertEqual(relkind(), "r")
        # Today's code writes the chain head's columns of today (0004): a new entry is
        # written once forward again.
        self.assert_same_log(write=False)

        migrate(latest())
        self.assertEqual(relkind(), "p")
        self.assert_same_log()
        for month in (1, 2, 3):
            self.assertIn(partition_name(date(2025, month, 1)), partitions.partitions())
        this_month = timezone.now().date().replace(day=1)
        for ahead in range(partitions.AHEAD + 1):
            self.assertIn(
                partition_name(partitions.add_months(this_month, ahead)), partitions.partitions()
            )
        self.assertEqual(partitions.months_in_default(), [])
        self.assertEqual(stored_in(self.oldest), partition_name(date(2025, 1, 1)))
