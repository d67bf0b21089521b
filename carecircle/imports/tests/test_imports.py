import io
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TransactionTestCase
from django.urls import reverse
from openpyxl import Workbook

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent, AuditEventYouth
from carecircle.audit.testing import tampering
from carecircle.clocks.testing import run_queued_tasks
from carecircle.imports import progress
from carecircle.imports.actions import PAUSE_AFTER_ENV, PAUSED, request_commit, start_import
from carecircle.imports.models import ImportedRecord, ImportJob, ImportStatus
from carecircle.test import BaseTestCase, build_world
from carecircle.youth.models import Youth

HEADER = "external_id,first_name,last_name,date_of_birth,other_names,case_number,case_number_kind"
GOOD = [
    "F-1,Alma,Quintero,2010-05-06,Lala;Almita,CW-100,cws_client",
    "F-2,Benito,Sandoval,2011-07-08,,,",
    "F-3,Celia,Urrutia,2012-09-10,,P-77,probation",
]


def csv_file(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


class ImportTests(BaseTestCase):
    def upload(self, content: bytes, name: str = "youth.csv", role: str = "social_worker"):
        self.login(role)
        response = self.client.post(
            reverse("imports:list"),
            {
                "file": SimpleUploadedFile(name, content),
                "agency": self.agencies_a[AgencyType.CHILD_WELFARE].pk,
            },
        )
        job = ImportJob.objects.latest("created_at")
        self.assertRedirects(response, reverse("imports:detail", kwargs={"job_id": job.pk}))
        run_queued_tasks()
        job.refresh_from_db()
        return job

    def commit(self, job, **data):
        self.client.post(reverse("imports:commit", kwargs={"job_id": job.pk}), data)
        run_queued_tasks()
        job.refresh_from_db()
        return job

    def test_a_file_imports_whole_and_a_second_time_adds_nothing(self):
        job = self.upload(csv_file(*GOOD))
        self.assertEqual(job.status, ImportStatus.CHECKED)
        job = self.commit(job)
        self.assertEqual(job.status, ImportStatus.DONE)
        self.assertEqual(job.report["created"], 3)
        alma = Youth.objects.get(last_name="Quintero")
        self.assertEqual(sorted(a.name for a in alma.aliases.all()), ["Almita", "Lala"])
        self.assertEqual(alma.identifiers.get().value, "CW-100")
        self.assertEqual(
            list(alma.agencies.values_list("agency_type", flat=True)), ["child_welfare"]
        )
        again = self.upload(csv_file(*GOOD))
        self.assertEqual(again.report["already_imported"], 3)
        again = self.commit(again)
        self.assertEqual(again.report["created"], 0)
        self.assertEqual(Youth.objects.filter(last_name="Quintero").count(), 1)
        self.assertEqual(ImportedRecord.objects.count(), 3)
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertTrue(
            {"import.upload", "import.check", "import.commit", "import.done"} <= actions
        )

    def test_one_bad_row_imports_nothing_and_is_named(self):
        job = self.upload(csv_file(GOOD[0], "F-2,Benito,,2011-13-08,,,", GOOD[2]))
        self.assertEqual(job.status, ImportStatus.REFUSED)
        self.assertEqual(
            job.report["problems"],
            [
                [3, "last_name", "This is required."],
                [3, "date_of_birth", "Write the date as YYYY-MM-DD."],
            ],
        )
        page = self.client.get(reverse("imports:detail", kwargs={"job_id": job.pk}))
        self.assertContains(page, "Nothing can be imported yet")
        self.assertNotContains(page, ">Import</button>")
        job = self.commit(job)
        self.assertEqual(job.status, ImportStatus.REFUSED)
        self.assertFalse(Youth.objects.filter(last_name__in=["Quintero", "Urrutia"]).exists())

    def test_likely_duplicates_are_shown_and_left_out_unless_asked(self):
        job = self.upload(csv_file("F-9,Marisol,Delgado,2010-03-14,,,", GOOD[1]))
        self.assertEqual(job.report["duplicates"], [[2, ["Marisol Delgado"]]])
        job = self.commit(job)
        self.assertEqual((job.report["created"], job.report["skipped_duplicates"]), (1, 1))
        self.assertEqual(Youth.objects.filter(last_name="Delgado").count(), 1)
        other = self.upload(csv_file("F-10,Marisol,Delgado,2010-03-14,,,"))
        other = self.commit(other, include_duplicates="yes")
        self.assertEqual(other.report["created"], 1)

    def test_a_spreadsheet_imports_too(self):
        book = Workbook()
        sheet = book.active
        sheet.append(HEADER.split(","))
        for line in GOOD:
            sheet.append(line.split(","))
        out = io.BytesIO()
        book.save(out)
        job = self.commit(self.upload(out.getvalue(), name="youth.xlsx"))
        self.assertEqual(job.report["created"], 3)

    def test_a_file_it_cannot_read_says_what_to_do(self):
        job = self.upload(b"name,born\nAna,2011-01-01\n")
        self.assertEqual(job.status, ImportStatus.REFUSED)
        self.assertIn("external_id", job.report["problems"][0][2])

    def test_only_the_uploader_sees_and_imports_the_file(self):
        job = self.upload(csv_file(*GOOD))
        self.login("coordinator")
        url = reverse("imports:detail", kwargs={"job_id": job.pk})
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.post(reverse("imports:commit", kwargs={"job_id": job.pk}))
        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.CHECKED)

    def test_progress_is_readable_while_it_runs(self):
        job = self.upload(csv_file(*GOOD))
        state = self.client.get(
            reverse("imports:detail", kwargs={"job_id": job.pk}), {"format": "json"}
        ).json()
        self.assertEqual((state["progress"], state["done"]), (100, True))
        self.assertEqual(progress.read(job.pk)["total"], 3)


POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database a second process can open: the in-memory SQLite test "
    "database cannot be shared, so this runs in the PostgreSQL pass of make test",
)
ROWS = 20_000


@POSTGRES_ONLY
class KilledImportTest(TransactionTestCase):
    """A real worker process, killed with SIGKILL in the middle of a 20,000-row file."""

    def setUp(self) -> None:
        self.world = build_world()

    def tearDown(self) -> None:
        with tampering():
            AuditEventYouth.objects.all().delete()
            AuditEvent.objects.all().delete()

    def worker(self, job, **env) -> subprocess.Popen:
        db = connection.settings_dict
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        return subprocess.Popen(  # noqa: S603 — our own interpreter and our own code
            [sys.executable, "manage.py", "run_import", str(job.pk)],
            env={
                **os.environ,
                "DATABASE_URL": url,
                "CARECIRCLE_FILES_DIR": str(settings.PRIVATE_FILES_ROOT),
                **env,
            },
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def test_a_worker_killed_mid_import_leaves_nothing_and_a_rerun_leaves_everything(self):
        coordinator = self.world["coordinator_a"]
        lines = [f"K-{n},Youth{n},Family{n % 997},2011-01-{1 + n % 28:02d},,," for n in range(ROWS)]
        job = start_import(
            actor=coordinator,
            agency=self.world["agencies_a"][AgencyType.CHILD_WELFARE],
            filename="large.csv",
            content=csv_file(*lines),
        )
        # The dry run's search of 20,000 rows is not what this test is about: the file
        # is marked checked (all rows good, none a likely duplicate) to reach the commit.
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.CHECKED, rows=ROWS, report={"problems": [], "duplicates": []}
        )
        job = request_commit(actor=coordinator, job=job, include_duplicates=False)
        # Half way through, the worker waits inside its transaction to be killed.
        process = self.worker(job, **{PAUSE_AFTER_ENV: str(ROWS // 2)})
        deadline = time.monotonic() + 300
        while progress.read(job.pk)["step"] != PAUSED:
            if process.poll() is not None:
                self.fail(process.stderr.read().decode()[-2000:])
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.2)
        self.assertGreaterEqual(progress.read(job.pk)["done"], ROWS // 2)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        self.assertEqual(process.returncode, -signal.SIGKILL)
        county = self.world["county_a"]
        self.assertEqual(Youth.objects.filter(county=county).count(), 2)  # the world's own
        self.assertEqual(ImportedRecord.objects.count(), 0)
        self.assertEqual(ImportJob.objects.get(pk=job.pk).status, ImportStatus.IMPORTING)

        rerun = self.worker(job)
        _out, err = rerun.communicate(timeout=600)
        self.assertEqual(rerun.returncode, 0, err.decode()[-2000:])
        self.assertEqual(ImportedRecord.objects.count(), ROWS)
        self.assertEqual(Youth.objects.filter(county=county).count(), ROWS + 2)
        self.assertEqual(ImportJob.objects.get(pk=job.pk).report["created"], ROWS)
