"""Bulk import through the API: upload, dry run, commit — the pages' guarantees."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.clocks.testing import run_queued_tasks
from carecircle.imports.models import ImportJob
from carecircle.test import BaseTestCase
from carecircle.youth.models import Youth

GOOD = (
    b"external_id,first_name,last_name,date_of_birth\n"
    b"K-1,Lucia,Serrano,2011-04-02\n"
    b"K-2,Dmitri,Volkov,2010-09-19\n"
)
ONE_BAD = GOOD + b"K-3,Ana,,2011-01-01\n"


class ImportApiTests(BaseTestCase):
    def upload(self, content: bytes, name: str = "youth.csv", **extra):
        return self.client.post(
            reverse("api:imports"),
            {
                "agency": self.agencies_a[AgencyType.CHILD_WELFARE].pk,
                "file": SimpleUploadedFile(name, content),
                **extra,
            },
        )

    def read(self, job_id: str) -> dict:
        return self.client.get(reverse("api:import", kwargs={"job_id": job_id})).json()

    def commit(self, job_id: str):
        return self.client.post(
            reverse("api:import_commit", kwargs={"job_id": job_id}),
            {},
            content_type="application/json",
        )

    def test_a_file_imports_once_through_the_api(self):
        self.login("social_worker")
        for round_number in (1, 2):
            with self.subTest(round=round_number):
                started = self.upload(GOOD)
                self.assertEqual(started.status_code, 202, started.content)
                job_id = started.json()["id"]
                self.assertFalse(started.json()["done"])
                run_queued_tasks()
                checked = self.read(job_id)
                self.assertEqual((checked["status"], checked["problems"]), ("checked", []))
                self.assertEqual(self.commit(job_id).status_code, 202)
                run_queued_tasks()
                done = self.read(job_id)
                self.assertEqual(done["status"], "done")
                self.assertEqual(done["summary"]["created"], 2 if round_number == 1 else 0)
        self.assertEqual(Youth.objects.filter(last_name__in=["Serrano", "Volkov"]).count(), 2)

    def test_one_bad_row_is_named_and_nothing_can_be_imported(self):
        self.login("social_worker")
        job_id = self.upload(ONE_BAD).json()["id"]
        run_queued_tasks()
        checked = self.read(job_id)
        self.assertEqual(checked["status"], "refused")
        self.assertEqual([p[:2] for p in checked["problems"]], [[4, "last_name"]])
        refused = self.commit(job_id)
        self.assertEqual(refused.status_code, 400)
        run_queued_tasks()
        self.assertFalse(Youth.objects.filter(last_name="Serrano").exists())

    def test_the_upload_is_checked_by_the_pages_form(self):
        self.login("social_worker")
        response = self.upload(GOOD, name="youth.txt")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["attr"], "file")
        self.assertIn("CSV", response.json()["errors"][0]["detail"])
        self.assertFalse(ImportJob.objects.exists())

    def test_a_file_is_its_uploaders_alone(self):
        self.login("social_worker")
        job_id = self.upload(GOOD).json()["id"]
        self.login("coordinator")
        self.assertEqual(self.commit(job_id).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("api:import", kwargs={"job_id": job_id})).status_code, 404
        )
        self.assertEqual(self.client.get(reverse("api:imports")).json()["count"], 0)
