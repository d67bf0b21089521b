"""The migrations that turned plain text fields into encrypted ones: forwards they
encrypt the rows already there, backwards they put the plain text back."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from carecircle.audit.models import AuditEvent, AuditEventYouth
from carecircle.audit.testing import tampering
from carecircle.lib import crypto
from carecircle.lib.tests.base import BORN_ENCRYPTED, raw, record_one_of_each
from carecircle.test import build_world

# The migration before each app's encryption migration.
BEFORE = [
    ("clocks", "0002_alter_obligation_kind"),
    ("justice", "0001_initial"),
    ("meetings", "0001_initial"),
    ("records", "0001_initial"),
    ("youth", "0006_profile"),
]


class _World:
    def __init__(self, world: dict) -> None:
        self.__dict__.update(world)


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


class EncryptionMigrationTest(TransactionTestCase):
    def setUp(self) -> None:
        self.written = [
            (obj, field, plain)
            for obj, field, plain in record_one_of_each(_World(build_world()))
            if f"{obj._meta.label_lower}.{field}" not in BORN_ENCRYPTED
        ]

    def tearDown(self) -> None:
        migrate(latest())
        with tampering():
            AuditEventYouth.objects.all().delete()
            AuditEvent.objects.all().delete()

    def test_it_decrypts_going_back_and_encrypts_the_existing_rows_going_forward(self):
        migrate(BEFORE)
        for obj, field, plain in self.written:
            with self.subTest(f"back: {obj._meta.label_lower}.{field}"):
                self.assertEqual(raw(obj, field), plain)
        migrate(latest())
        for obj, field, plain in self.written:
            with self.subTest(f"forward: {obj._meta.label_lower}.{field}"):
                stored = raw(obj, field)
                self.assertTrue(stored.startswith(crypto.PREFIX))
                self.assertNotIn(plain, stored)
                self.assertEqual(getattr(type(obj).objects.get(pk=obj.pk), field), plain)
