import csv
import io
from datetime import date, timedelta
from unittest import mock

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from carecircle.accounts.roles import AgencyType
from carecircle.api.actions import issue_token
from carecircle.api.models import Scope
from carecircle.audit.models import AuditEvent, AuditEventYouth
from carecircle.clocks.actions import record_missing_episode
from carecircle.lib.spreadsheets import XLSX_CONTENT_TYPE
from carecircle.test import BaseTestCase
from carecircle.youth.actions import create_youth

YOUTH = reverse("api:youth_export")
TASKS = reverse("api:tasks_export")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def xlsx_rows(response) -> list[list[str]]:
    book = load_workbook(io.BytesIO(response.content))
    rows = book.active.iter_rows(values_only=True)
    return [["" if value is None else value for value in row] for row in rows]


class YouthExportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for county, agency in ((cls.county_a, cls.agencies_a), (cls.county_b, cls.agencies_b)):
            create_youth(
                actor=None,
                county=county,
                first_name="=HYPERLINK(1)",
                last_name="Formula" if county == cls.county_a else "Elsewhere",
                date_of_birth=date(2011, 1, 1),
                agencies=[agency[AgencyType.PROBATION]],
            )

    def listed(self) -> set[tuple[str, str]]:
        """The caseload as ``GET /api/v1/youth/`` lists it, by name."""
        results = self.client.get(reverse("api:youth_list"), {"page_size": 200}).json()
        return {(row["last_name"], row["first_name"]) for row in results["results"]}

    def test_it_writes_exactly_the_caseload_as_csv_and_xlsx(self):
        for role in ("coordinator", "social_worker", "probation_officer"):
            self.login(role)
            expected = self.listed()
            self.assertTrue(expected)
            for file_format, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
                with self.subTest(role=role, format=file_format):
                    response = self.client.get(YOUTH, {"format": file_format})
                    self.assertEqual(response.status_code, 200)
                    rows = read(response)
                    self.assertEqual(rows[0][:2], ["Last name", "First name"])
                    names = {(r[0], r[1].removeprefix("'")) for r in rows[1:]}
                    self.assertEqual(names, expected)
                    self.assertEqual(len(rows) - 1, len(expected))
                    written = repr(rows)
                    for other in ("Okafor", "Reyes", "Elsewhere"):
                        self.assertNotIn(other, written)

    def test_it_answers_with_an_attachment_of_the_right_type(self):
        self.login("coordinator")
        plain = self.client.get(YOUTH)
        self.assertEqual(plain["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(plain["Content-Disposition"], 'attachment; filename="caseload.csv"')
        self.assertEqual(plain["Cache-Control"], "no-store")
        book = self.client.get(YOUTH, {"format": "xlsx"})
        self.assertEqual(book["Content-Type"], XLSX_CONTENT_TYPE)
        self.assertEqual(book["Content-Disposition"], 'attachment; filename="caseload.xlsx"')
        # Asking for the file's own type is not refused as unrenderable.
        asked = self.client.get(YOUTH, {"format": "csv"}, HTTP_ACCEPT="text/csv")
        self.assertEqual(asked.status_code, 200)

    def test_a_name_that_is_a_formula_comes_out_as_text(self):
        self.login("probation_officer")
        row = next(r for r in csv_rows(self.client.get(YOUTH)) if r[0] == "Formula")
        self.assertEqual(row[1], "'=HYPERLINK(1)")
        book = load_workbook(io.BytesIO(self.client.get(YOUTH, {"format": "xlsx"}).content))
        cell = next(c for c in book.active["B"] if c.value and "HYPERLINK" in c.value)
        self.assertEqual(cell.value, "'=HYPERLINK(1)")
        self.assertEqual(cell.data_type, "s")

    def test_it_searches_as_the_list_does(self):
        self.login("coordinator")
        rows = csv_rows(self.client.get(YOUTH, {"q": "whit"}))
        self.assertEqual([r[0] for r in rows[1:]], ["Whitfield"])

    def test_the_export_is_audited_with_the_youth_written(self):
        viewer = self.login("social_worker")
        self.client.get(YOUTH, {"format": "xlsx", "q": "mari"})
        event = AuditEvent.objects.get(action="youth.export", actor_id=viewer.pk)
        expected = [str(self.youth_cw_a.pk)]
        self.assertEqual(event.detail["youth"], expected)
        self.assertEqual(event.detail["format"], "xlsx")
        self.assertEqual(event.detail["query"], "mari")
        self.assertIs(event.detail["api"], True)
        indexed = AuditEventYouth.objects.filter(event=event).values_list("youth_id", flat=True)
        self.assertEqual([str(y) for y in indexed], expected)

    def test_an_unknown_format_gets_400_and_writes_nothing(self):
        self.login("coordinator")
        for url in (YOUTH, TASKS):
            with self.subTest(url=url):
                response = self.client.get(url, {"format": "pdf"})
                self.assertEqual(response.status_code, 400)
                error = response.json()["errors"][0]
                self.assertEqual((error["attr"], error["code"]), ("format", "invalid_choice"))
                self.assertIn("xlsx", error["detail"])
        self.assertFalse(AuditEvent.objects.filter(action="youth.export").exists())

    def test_a_role_without_a_caseload_gets_403(self):
        self.login("auditor")
        for url in (YOUTH, TASKS):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_a_token_needs_youth_read(self):
        user = self.social_worker_a

        def token(scopes):
            return issue_token(
                actor=user, user=user, name="Export", scopes=scopes,
                expires_at=timezone.now() + timedelta(days=1),
            ).text  # fmt: skip

        write_only = token([Scope.YOUTH_WRITE])
        reader = token([Scope.YOUTH_READ])
        for url in (YOUTH, TASKS):
            with self.subTest(url=url):
                refused = self.client.get(url, HTTP_AUTHORIZATION=f"Bearer {write_only}")
                self.assertEqual(refused.status_code, 403)
                answered = self.client.get(url, HTTP_AUTHORIZATION=f"Bearer {reader}")
                self.assertEqual(answered.status_code, 200)
        self.assertEqual(self.client.get(YOUTH).status_code, 401)

    def test_a_list_too_long_for_one_file_is_refused_with_a_reason(self):
        self.login("coordinator")
        with mock.patch("carecircle.api.exports.MAX_ROWS", 1):
            response = self.client.get(YOUTH)
        self.assertEqual(response.status_code, 400)
        error = response.json()["errors"][0]
        self.assertEqual(error["code"], "too_many_rows")
        self.assertIn("/api/v1/youth/", error["detail"])
        self.assertFalse(AuditEvent.objects.filter(action="youth.export").exists())


class TaskExportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for county in ("a", "b"):
            record_missing_episode(
                actor=getattr(cls, f"social_worker_{county}"),
                youth=getattr(cls, f"youth_cw_{county}"),
                agency=getattr(cls, f"agencies_{county}")[AgencyType.CHILD_WELFARE],
                record_class="general",
                last_seen_at=timezone.now(),
                reported_by="Caregiver",
            )

    def test_it_writes_every_task_of_the_scope_the_list_shows(self):
        for role, scope in (("social_worker", "mine"), ("coordinator", "county")):
            viewer = self.login(role)
            listed = self.client.get(reverse("api:tasks"), {"scope": scope, "page_size": 200})
            expected = [task["id"] for task in listed.json()["results"]]
            self.assertTrue(expected)
            for file_format, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
                with self.subTest(role=role, format=file_format):
                    response = self.client.get(TASKS, {"scope": scope, "format": file_format})
                    self.assertEqual(response.status_code, 200)
                    rows = read(response)
                    self.assertEqual(rows[0][0], "Task ID")
                    self.assertEqual([r[0] for r in rows[1:]], expected)
                    self.assertEqual({r[4] for r in rows[1:]}, {"Marisol Delgado"})
                    self.assertNotIn("Okafor", repr(rows))
                    event = AuditEvent.objects.filter(
                        action="obligation.list", actor_id=viewer.pk
                    ).latest("seq")
                    self.assertEqual(event.detail["obligations"], expected)
                    self.assertEqual(event.detail["export"], file_format)
                    self.assertEqual(event.detail["scope"], scope)
                    self.assertIs(event.detail["api"], True)
        self.assertEqual(
            self.client.get(TASKS, {"format": "xlsx"})["Content-Disposition"],
            'attachment; filename="tasks.xlsx"',
        )

    def test_the_county_scope_is_refused_to_whom_the_list_refuses_it(self):
        self.login("social_worker")
        self.assertEqual(self.client.get(TASKS, {"scope": "county"}).status_code, 403)
