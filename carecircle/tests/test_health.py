import json

from django.db import connections
from django.test import RequestFactory, SimpleTestCase, TestCase

from carecircle import views


class HealthTest(TestCase):
    def test_it_answers_ok_when_the_database_answers(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok"})


class HealthWithoutDatabaseTest(SimpleTestCase):
    """A real connection to a database that is not there: no stand-in for the database."""

    databases = {"default"}

    def test_it_answers_503_when_the_database_cannot_be_reached(self):
        default = connections["default"]
        settings_dict = {**default.settings_dict}
        if default.vendor == "sqlite":
            settings_dict["NAME"] = "/nonexistent-directory/carecircle.sqlite3"
        else:
            settings_dict.update(HOST="127.0.0.1", PORT="1", NAME="absent")
        broken = default.__class__(settings_dict, alias="default")
        connections["default"] = broken
        try:
            response = views.healthz(RequestFactory().get("/healthz"))
        finally:
            broken.close()
            connections["default"] = default
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            json.loads(response.content), {"status": "error", "database": "unreachable"}
        )
