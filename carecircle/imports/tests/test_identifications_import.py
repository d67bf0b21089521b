from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.clocks.models import Obligation, ObligationKind
from carecircle.clocks.testing import run_queued_tasks
from carecircle.imports.actions import start_import
from carecircle.imports.models import ImportedRecord, ImportJob, ImportKind, ImportStatus
from carecircle.imports.tests.base import LinkedImportTestCase, csv_of, run_import
from carecircle.youth.models import ExploitationStatus, Identification

HEADER = (
    "external_id,event_id,identified_on,source,identified_by,category,certainty,"
    "labor_trafficking,summary"
)
KIND = {"kind": ImportKind.IDENTIFICATIONS, "record_class": "general"}
FIRST_RESPONSE = {
    ObligationKind.LAW_ENFORCEMENT_REPORT,
    ObligationKind.HEALTH_EXAM,
    ObligationKind.MDT_REFERRAL,
}


class IdentificationImportTests(LinkedImportTestCase):
    def upload(self, *lines: str, actor=None, agency=None, commit=True) -> ImportJob:
        return run_import(
            actor or self.worker,
            agency or self.child_welfare,
            csv_of(HEADER, *lines),
            commit=commit,
            **KIND,
        )

    def good(self, youth_key: str, event_id: str, day: str, category="during_care") -> str:
        return f"{youth_key},{event_id},{day},hotline,Hotline screener,{category},suspected,no,"

    def test_it_names_each_bad_row_with_its_column_and_reason(self):
        job = self.upload(
            self.good("F-1", "E-1", "2020-01-01"),
            self.good("F-404", "E-2", "2020-01-01"),
            self.good("F-2", "E-3", "2020/01/01"),
            self.good("F-2", "E-4", self.days_ago(-2)),
            self.good("F-3", "E-5", "2012-09-09"),
            "F-1,E-6,2020-01-01,rumour,Someone,before_care,suspected,no,",
            "F-1,E-7,2020-01-01,hotline,Someone,exploited,likely,maybe,",
            self.good("F-1", "E-1", "2021-01-01"),
            "F-1,E-8,2020-01-01,hotline,,before_care,suspected,,",
        )
        self.assertEqual(job.status, ImportStatus.REFUSED)
        sources = "hotline, law_enforcement, detention, school, health, screening, "
        sources += "self_disclosure, other"
        self.assertEqual(
            job.report["problems"],
            [
                [
                    3,
                    "external_id",
                    "No youth you can see was imported with this external_id. Import the "
                    "youth first, in a youth file, or check the key.",
                ],
                [4, "identified_on", "Write the date as YYYY-MM-DD."],
                [5, "identified_on", "The date cannot be in the future."],
                [6, "identified_on", "The date is before the youth's date of birth."],
                [7, "source", f"Use one of: {sources}."],
                [
                    8,
                    "category",
                    "Use one of: before_care, during_care, while_missing, at_risk.",
                ],
                [8, "certainty", "Use one of: confirmed, suspected."],
                [8, "labor_trafficking", "Write yes or no, or leave it empty for no."],
                [9, "event_id", "Also on row 2: each key once."],
                [10, "identified_by", "This is required."],
            ],
        )
        self.assertFalse(Identification.objects.filter(youth=self.alma).exists())

    def test_one_bad_row_imports_nothing_even_when_asked_to(self):
        job = self.upload(
            self.good("F-1", "E-1", "2020-01-01"),
            self.good("F-2", "E-2", "2020-13-01"),
            commit=False,
        )
        self.assertEqual(job.status, ImportStatus.REFUSED)
        self.client.force_login(self.worker)
        self.client.post(reverse("imports:commit", kwargs={"job_id": job.pk}))
        run_queued_tasks()
        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.REFUSED)
        self.assertFalse(Identification.objects.filter(youth__in=[self.alma, self.benito]).exists())
        self.assertFalse(ImportedRecord.objects.filter(kind=ImportKind.IDENTIFICATIONS).exists())

    def test_the_same_file_twice_records_each_identification_once(self):
        lines = [self.good("F-1", "E-1", "2020-01-01"), self.good("F-2", "E-2", "2021-06-30")]
        first = self.upload(*lines)
        self.assertEqual((first.status, first.report["created"]), (ImportStatus.DONE, 2))
        again = self.upload(*lines, commit=False)
        self.assertEqual((again.status, again.report["already_imported"]), ("checked", 2))
        again = self.upload(*lines)
        self.assertEqual((again.report["created"], again.report["skipped_known"]), (0, 2))
        self.assertEqual(Identification.objects.filter(youth=self.alma).count(), 1)
        self.assertEqual(Identification.objects.filter(youth=self.benito).count(), 1)
        record = ImportedRecord.objects.get(kind=ImportKind.IDENTIFICATIONS, external_key="E-1")
        self.assertEqual(record.item_id, Identification.objects.get(youth=self.alma).pk)

    def test_a_recent_identification_opens_the_clocks_and_an_older_one_none(self):
        job = self.upload(
            self.good("F-1", "E-1", self.days_ago(3)),
            self.good("F-2", "E-2", self.days_ago(30)),
            self.good("F-3", "E-3", self.days_ago(31), category="before_care"),
            commit=False,
        )
        self.assertEqual((job.report["opens_tasks"], job.report["history"]), (2, 1))
        self.client.force_login(self.worker)
        page = self.client.get(reverse("imports:detail", kwargs={"job_id": job.pk}))
        self.assertContains(page, "2 identifications are from the last 30 days")
        self.assertContains(page, "1 older identification will be recorded as history")
        job = self.upload(
            self.good("F-1", "E-1", self.days_ago(3)),
            self.good("F-2", "E-2", self.days_ago(30)),
            self.good("F-3", "E-3", self.days_ago(31), category="before_care"),
        )
        self.assertEqual(job.status, ImportStatus.DONE)
        self.assertEqual(job.report["tasks_opened"], 6)
        page = self.client.get(reverse("imports:detail", kwargs={"job_id": job.pk}))
        self.assertContains(page, "3 identifications recorded. 6 tasks opened.")
        alma_tasks = Obligation.objects.filter(youth=self.alma)
        self.assertEqual(set(alma_tasks.values_list("kind", flat=True)), FIRST_RESPONSE)
        # The clocks run from the identification date, as on the page.
        zone = ZoneInfo(self.county_a.time_zone)
        for task in alma_tasks:
            self.assertEqual(
                task.triggered_at.astimezone(zone).date().isoformat(), self.days_ago(3)
            )
        self.assertEqual(Obligation.objects.filter(youth=self.benito).count(), 3)
        # The older one is history: its status from its date, and no task.
        self.assertFalse(Obligation.objects.filter(youth=self.celia).exists())
        status = ExploitationStatus.objects.get(youth=self.celia)
        self.assertEqual(
            (status.category, status.started_on.isoformat()), ("before_care", self.days_ago(31))
        )
        entry = AuditEvent.objects.get(action="identification.record", youth_id=self.celia.pk)
        self.assertEqual(entry.detail["imported_from"], f"import:{job.pk}")
        self.assertIs(entry.detail["clocks_opened"], False)
        done = AuditEvent.objects.get(action="import.done", object_id=str(job.pk))
        self.assertEqual(done.detail["created"], 3)

    def test_a_youth_of_another_county_is_never_matched(self):
        # County B has its own F-1: county A's file reaches county A's F-1 only.
        self.upload(self.good("F-1", "E-1", "2020-01-01"))
        self.assertEqual(Identification.objects.filter(youth=self.alma).count(), 1)
        self.assertFalse(Identification.objects.filter(youth=self.dora).exists())
        # County B never imported F-2: county A's F-2 is not reached from county B.
        job = self.upload(
            self.good("F-2", "E-1", "2020-01-01"),
            actor=self.social_worker_b,
            agency=self.agencies_b[AgencyType.CHILD_WELFARE],
        )
        self.assertEqual(job.status, ImportStatus.REFUSED)
        self.assertEqual([p[:2] for p in job.report["problems"]], [[2, "external_id"]])
        self.assertFalse(Identification.objects.filter(youth=self.benito).exists())

    def test_a_youth_the_uploader_may_not_see_reads_as_unknown(self):
        # The probation officer's agency does not serve the child welfare youth.
        job = self.upload(
            self.good("F-1", "E-1", "2020-01-01"),
            actor=self.probation_officer_a,
            agency=self.agencies_a[AgencyType.PROBATION],
        )
        self.assertEqual(job.status, ImportStatus.REFUSED)
        self.assertIn("No youth you can see", job.report["problems"][0][2])

    def test_an_event_key_may_equal_a_youth_key(self):
        # Keys of each kind of file are their own: event F-2 is not youth F-2.
        job = self.upload(self.good("F-1", "F-2", "2020-01-01"))
        self.assertEqual((job.status, job.report["created"]), (ImportStatus.DONE, 1))
        self.assertEqual(Identification.objects.get(youth=self.alma).identified_on.year, 2020)

    def test_the_record_class_must_be_one_the_agency_keeps(self):
        with self.assertRaises(ValidationError):
            start_import(
                actor=self.worker,
                agency=self.child_welfare,
                filename="file.csv",
                content=csv_of(HEADER, self.good("F-1", "E-1", "2020-01-01")),
                kind=ImportKind.IDENTIFICATIONS,
                record_class="probation",
            )
        self.client.force_login(self.worker)
        page = self.client.post(
            reverse("imports:list"),
            {
                "kind": ImportKind.IDENTIFICATIONS,
                "file": SimpleUploadedFile("ids.csv", csv_of(HEADER)),
                "agency": self.child_welfare.pk,
                "record_class": "probation",
            },
        )
        # The page offers only the classes of the person's agencies.
        self.assertContains(page, "Select a valid choice. probation is not one of")
        self.assertFalse(ImportJob.objects.filter(kind=ImportKind.IDENTIFICATIONS).exists())

    def test_the_page_uploads_an_identification_file_under_the_chosen_class(self):
        self.client.force_login(self.worker)
        page = self.client.get(reverse("imports:list"))
        self.assertContains(page, "What the file holds")
        self.assertContains(page, "samples/identifications-import.csv")
        self.assertContains(page, "samples/services-import.csv")
        response = self.client.post(
            reverse("imports:list"),
            {
                "kind": ImportKind.IDENTIFICATIONS,
                "file": SimpleUploadedFile(
                    "ids.csv", csv_of(HEADER, self.good("F-1", "E-1", "2020-01-01"))
                ),
                "agency": self.child_welfare.pk,
                "record_class": "child_welfare",
            },
        )
        job = ImportJob.objects.get(kind=ImportKind.IDENTIFICATIONS)
        self.assertRedirects(response, reverse("imports:detail", kwargs={"job_id": job.pk}))
        run_queued_tasks()
        self.client.post(reverse("imports:commit", kwargs={"job_id": job.pk}))
        run_queued_tasks()
        identification = Identification.objects.get(youth=self.alma)
        self.assertEqual(
            (identification.record_class, identification.source_agency),
            ("child_welfare", self.child_welfare),
        )
