import csv
import io
from datetime import timedelta
from pathlib import Path

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from carecircle.accounts.models import Membership
from carecircle.audit.models import AuditEvent
from carecircle.clocks.testing import run_queued_tasks
from carecircle.lib.dates import county_today
from carecircle.reports.files import tables_csv, tables_xlsx
from carecircle.reports.models import Export, ExportStatus
from carecircle.reports.tables import ReportTable
from carecircle.reports.tasks import build_export
from carecircle.test import BaseTestCase

PAYLOADS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]


class ExportTests(BaseTestCase):
    def ask(self, file_format: str = "csv", period: str | None = None) -> Export:
        period = period or str(county_today(self.county_a.time_zone).year)
        self.login("coordinator")
        response = self.client.post(
            reverse("reports:export_new"), {"period": period, "file_format": file_format}
        )
        export = Export.objects.latest("created_at")
        self.assertRedirects(response, reverse("reports:export", kwargs={"export_id": export.pk}))
        return export

    def test_it_builds_in_the_background_with_progress_and_is_audited(self):
        export = self.ask()
        self.assertEqual(export.status, ExportStatus.QUEUED)
        self.assertTrue(AuditEvent.objects.filter(action="report.export_requested").exists())
        page = self.client.get(reverse("reports:export", kwargs={"export_id": export.pk}))
        self.assertContains(page, '<progress id="export-bar" max="100" value="0">')
        self.assertEqual(run_queued_tasks(), 1)
        status = self.client.get(
            reverse("reports:export", kwargs={"export_id": export.pk}), {"format": "json"}
        ).json()
        self.assertEqual((status["done"], status["progress"]), (True, 100))
        response = self.client.get(status["download"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        body = b"".join(response.streaming_content).decode()
        self.assertIn("Youth by exploitation status", body)
        self.assertTrue(AuditEvent.objects.filter(action="report.export_built").exists())
        download = AuditEvent.objects.get(action="report.export_downloaded")
        self.assertEqual(download.object_id, str(export.pk))

    def test_it_writes_a_spreadsheet_and_a_pdf(self):
        for file_format, starts in (("xlsx", b"PK"), ("pdf", b"%PDF-")):
            export = self.ask(file_format)
            run_queued_tasks()
            export.refresh_from_db()
            self.assertEqual(export.status, ExportStatus.DONE, export.error)
            with export.file.open("rb") as stored:
                self.assertTrue(stored.read().startswith(starts))

    def test_it_fails_plainly_when_the_asker_may_no_longer_export(self):
        export = self.ask()
        Membership.objects.filter(user=self.coordinator_a).update(active=False)
        run_queued_tasks()
        export.refresh_from_db()
        self.assertEqual(export.status, ExportStatus.FAILED)
        self.assertEqual(export.error, "You may no longer export this report.")
        self.assertFalse(export.file)

    def test_a_task_run_twice_builds_the_file_once(self):
        export = self.ask()
        self.assertTrue(build_export.call(str(export.pk)))
        self.assertFalse(build_export.call(str(export.pk)))
        self.assertEqual(AuditEvent.objects.filter(action="report.export_built").count(), 1)

    def test_a_file_is_kept_for_a_week_then_deleted(self):
        export = self.ask()
        run_queued_tasks()
        export.refresh_from_db()
        stored = Path(export.file.path)
        self.assertTrue(stored.exists())
        url = reverse("reports:export_download", kwargs={"export_id": export.pk})
        with time_machine.travel(export.finished_at + timedelta(days=7, minutes=1)):
            self.login("coordinator")  # a week later: a new session
            self.assertEqual(self.client.get(url).status_code, 404)
            page = self.client.get(reverse("reports:export", kwargs={"export_id": export.pk}))
        self.assertContains(page, "This file has been deleted")
        self.assertFalse(stored.exists())
        self.assertTrue(AuditEvent.objects.filter(action="report.export_expired").exists())

    def test_a_file_the_worker_never_builds_says_what_to_do(self):
        export = self.ask()
        with time_machine.travel(export.created_at + timedelta(minutes=31)):
            self.login("coordinator")
            page = self.client.get(reverse("reports:export", kwargs={"export_id": export.pk}))
        self.assertContains(page, "the background worker may have stopped")

    def test_a_bad_request_changes_nothing(self):
        self.login("coordinator")
        for data in (
            {"period": "1999", "file_format": "csv"},
            {"period": str(county_today(self.county_a.time_zone).year), "file_format": "exe"},
        ):
            response = self.client.post(reverse("reports:export_new"), data, follow=True)
            self.assertContains(response, "Choose a period and a format from the lists")
        self.assertFalse(Export.objects.exists())

    def test_spreadsheet_cells_that_could_be_formulas_are_neutralised(self):
        table = ReportTable(
            key="t",
            title="=cmd|' /C calc'!A0",
            description="",
            row_heading="@Row",
            rows=PAYLOADS,
            columns=["-Count"],
            cells=[[1] for _ in PAYLOADS],
        )
        rows = list(csv.reader(io.StringIO(tables_csv("+Title", [table]))))
        texts = [cell for row in rows for cell in row if cell and not cell.isdigit()]
        self.assertTrue(texts)
        for text in texts:
            self.assertFalse(text.startswith(("=", "+", "-", "@")), text)
        book = load_workbook(io.BytesIO(tables_xlsx("+Title", [table])))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        self.assertFalse(cell.value.startswith(("=", "+", "-", "@")), cell.value)
                        self.assertNotEqual(cell.data_type, "f")
