"""Production refuses to run on the public development key, or without keys at all."""

import os
import subprocess
import sys

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import run_checks
from django.test import SimpleTestCase, override_settings

from carecircle.lib import crypto

REAL_KEY = Fernet.generate_key().decode()


def ids(*, deploy: bool) -> set[str]:
    return {m.id for m in run_checks(include_deployment_checks=deploy, tags=["security"])}


class FieldKeyChecksTest(SimpleTestCase):
    def test_it_fails_check_deploy_without_debug_and_without_real_keys(self):
        for configured in ([crypto.DEVELOPMENT_FIELD_KEY], []):
            with (
                self.subTest(configured=configured),
                override_settings(DEBUG=False, CARECIRCLE_FIELD_KEYS=configured),
            ):
                self.assertIn("lib.E001", ids(deploy=True))

    def test_it_passes_check_deploy_with_a_real_key(self):
        with override_settings(DEBUG=False, CARECIRCLE_FIELD_KEYS=[REAL_KEY]):
            found = ids(deploy=True)
        self.assertFalse({"lib.E001", "lib.E002", "lib.W001"} & found)

    def test_it_leaves_development_with_debug_alone(self):
        with override_settings(DEBUG=True, CARECIRCLE_FIELD_KEYS=[crypto.DEVELOPMENT_FIELD_KEY]):
            self.assertNotIn("lib.E001", ids(deploy=True))

    def test_it_warns_while_the_development_key_is_still_listed_behind_a_real_one(self):
        with override_settings(
            DEBUG=False, CARECIRCLE_FIELD_KEYS=[REAL_KEY, crypto.DEVELOPMENT_FIELD_KEY]
        ):
            found = ids(deploy=True)
        self.assertIn("lib.W001", found)
        self.assertNotIn("lib.E001", found)

    def test_in_production_every_command_refuses_the_development_key(self):
        with override_settings(
            DEBUG=False, PRODUCTION=True, CARECIRCLE_FIELD_KEYS=[crypto.DEVELOPMENT_FIELD_KEY]
        ):
            self.assertIn("lib.E001", ids(deploy=False))
            self.assertEqual(
                [m.id for m in run_checks(include_deployment_checks=True)].count("lib.E001"), 1
            )

    def test_a_key_that_is_not_a_fernet_key_stops_every_command_without_showing_it(self):
        with override_settings(CARECIRCLE_FIELD_KEYS=[REAL_KEY, "not-a-key-at-all"]):
            messages = [m for m in run_checks(tags=["security"]) if m.id == "lib.E002"]
        self.assertEqual(len(messages), 1)
        self.assertIn("Key number 2", messages[0].msg)
        self.assertNotIn("not-a-key-at-all", messages[0].msg)

    def test_production_settings_refuse_to_start_without_field_keys(self):
        environment = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("CARECIRCLE_") and name != "DJANGO_SETTINGS_MODULE"
        }
        environment |= {
            "CARECIRCLE_ENV": "production",
            "CARECIRCLE_SECRET_KEY": "s" * 60,
            "CARECIRCLE_AUDIT_KEY": "a" * 60,
            "CARECIRCLE_ALLOWED_HOSTS": "carecircle.example.gov",
            "CARECIRCLE_SECURE_COOKIES": "true",
            "CARECIRCLE_VAR_DIR": str(settings.VAR_DIR),
        }
        code = "import carecircle.settings"
        refused = subprocess.run(  # noqa: S603 - our own interpreter and our own code
            [sys.executable, "-c", code],
            env=environment,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("CARECIRCLE_FIELD_KEYS", refused.stderr)
        started = subprocess.run(  # noqa: S603 - our own interpreter and our own code
            [sys.executable, "-c", code],
            env=environment | {"CARECIRCLE_FIELD_KEYS": REAL_KEY},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(started.returncode, 0, started.stderr[-2000:])
