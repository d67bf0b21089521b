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


class ConnectionOptionsTest(TestCase):
    def test_the_jit_setting_keeps_the_connections_own_options(self) -> None:
        """TLS settings and other options in the address survive (a replica's too)."""
        import json
        import os
        import subprocess
        import sys

        from django.conf import settings

        env = {
            **os.environ,
            "DATABASE_URL": "postgres://app@db.example/care?sslmode=verify-full"
            "&options=-c%20statement_timeout%3D5000",
            "DATABASE_REPLICA_URL": "postgres://app@standby.example/care?sslmode=verify-full",
        }
        script = (
            "import json, django; django.setup(); from django.conf import settings; "
            "print(json.dumps({k: settings.DATABASES[k]['OPTIONS'] for k in "
            "('default', 'replica')}))"
        )
        finished = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
            [sys.executable, "-c", script],
            env={**env, "DJANGO_SETTINGS_MODULE": "carecircle.settings"},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
        options = json.loads(finished.stdout.strip().splitlines()[-1])
        self.assertEqual(options["default"]["sslmode"], "verify-full")
        self.assertEqual(options["default"]["options"], "-c statement_timeout=5000 -c jit=off")
        self.assertEqual(options["replica"]["sslmode"], "verify-full")
        self.assertEqual(options["replica"]["options"], "-c jit=off")
