"""How Care Circle's connections to PostgreSQL are set up."""

from django.db import connection
from django.test import TestCase


class PostgresConnectionTest(TestCase):
    def test_queries_are_not_compiled_by_jit(self) -> None:
        """JIT compiling took longer than the short queries it compiled (benchmarks)."""
        if connection.vendor != "postgresql":
            self.skipTest("JIT is a PostgreSQL setting; SQLite has none.")
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            self.assertEqual(cursor.fetchone()[0], "off")
