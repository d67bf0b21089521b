from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.clocks.testing import run_queued_tasks
from carecircle.imports.models import ImportedRecord, ImportJob, ImportKind, ImportStatus
from carecircle.imports.tests.base import LinkedImportTestCase, csv_of, run_import
from carecircle.referrals.actions import add_provider, move_referral
from carecircle.referrals.models import Need, Provider, Referral, ReferralStatus

HEADER = "external_id,service_id,provider,domain,status,started_on"
KIND = {"kind": ImportKind.SERVICES, "record_class": "general"}
NO_PROVIDER = (
    "No provider of this name is in your county's directory. Add it to the directory "
    "first (the coordinator keeps it), then upload the file again."
)


class ServiceImportTests(LinkedImportTestCase):
    def upload(self, *lines: str, actor=None, agency=None, commit=True) -> ImportJob:
        return run_import(
            actor or self.worker,
            agency or self.child_welfare,
            csv_of(HEADER, *lines),
            commit=commit,
            **KIND,
        )

    def test_it_names_each_bad_row_with_its_column_and_reason(self):
        job = self.upload(
            "F-1,S-1,Harbor House,safety,completed,2020-01-15",
            "F-404,S-2,Harbor House,safety,completed,2020-01-15",
            "F-1,S-3,Sunrise Shelter,safety,completed,2020-01-15",
            "F-1,S-4,Harbor House,housing,done,2020-01-15",
            f"F-2,S-5,Harbor House,,sent,{self.days_ago(-1)}",
            "F-2,S-6,Harbor House,,sent,15/01/2020",
            "F-3,S-7,Harbor House,,sent,2012-01-01",
            "F-1,S-1,Harbor House,,proposed,2020-02-01",
            "F-1,S-8,,,proposed,2020-02-01",
        )
        self.assertEqual(job.status, ImportStatus.REFUSED)
        self.assertEqual(
            job.report["problems"],
            [
                [
                    3,
                    "external_id",
                    "No youth you can see was imported with this external_id. Import the "
                    "youth first, in a youth file, or check the key.",
                ],
                [4, "provider", NO_PROVIDER],
                [
                    5,
                    "status",
                    "Use one of: proposed, sent, accepted, declined, in_progress, completed, "
                    "ended.",
                ],
                [
                    5,
                    "domain",
                    "Use one of: safety, placement, physical_health, mental_health, "
                    "substance_use, education, legal, advocacy, family, basic_needs, "
                    "employment, identity_documents.",
                ],
                [6, "started_on", "The date cannot be in the future."],
                [7, "started_on", "Write the date as YYYY-MM-DD."],
                [8, "started_on", "The date is before the youth's date of birth."],
                [9, "service_id", "Also on row 2: each key once."],
                [10, "provider", "This is required."],
            ],
        )
        self.assertFalse(Referral.objects.filter(youth=self.alma).exists())

    def test_a_service_becomes_a_referral_in_its_status_without_a_made_up_consent(self):
        job = self.upload("F-1,S-1,harbor HOUSE,safety,sent,2020-01-15")
        self.assertEqual((job.status, job.report["created"]), (ImportStatus.DONE, 1))
        self.client.force_login(self.worker)
        page = self.client.get(reverse("imports:detail", kwargs={"job_id": job.pk}))
        self.assertContains(page, "1 service recorded as a referral.")
        referral = Referral.objects.get(youth=self.alma)
        self.assertEqual(
            (referral.provider, referral.status, referral.consent),
            (Provider.objects.get(county=self.county_a, name="Harbor House"), "sent", None),
        )
        self.assertIn("Imported from the county's earlier records", referral.shared_information)
        self.assertEqual(
            [(e.status, e.on.isoformat()) for e in referral.events.all()],
            [("sent", "2020-01-15")],
        )
        self.assertEqual(
            (referral.need.domain, referral.source_agency, referral.record_class),
            ("safety", self.child_welfare, "general"),
        )
        entry = AuditEvent.objects.get(action="referral.import", object_id=str(referral.pk))
        self.assertEqual(entry.detail["status_from"], "import")
        self.assertEqual(entry.detail["imported_from"], f"import:{job.pk}")
        self.assertFalse(entry.disclosure)
        # From here on it moves like any other referral.
        move_referral(
            actor=self.worker, referral=referral, status=ReferralStatus.ACCEPTED, on=self.today
        )
        self.assertEqual(referral.events.count(), 2)

    def test_services_of_one_domain_share_the_youth_need(self):
        self.upload(
            "F-1,S-1,Harbor House,safety,completed,2020-01-15",
            "F-1,S-2,Bright Path Mentoring,safety,proposed,2021-01-15",
            "F-1,S-3,Bright Path Mentoring,,proposed,2021-01-15",
        )
        self.assertEqual(Need.objects.filter(youth=self.alma).count(), 1)
        self.assertEqual(Referral.objects.filter(youth=self.alma, need__domain="safety").count(), 2)
        self.assertEqual(Referral.objects.filter(youth=self.alma, need=None).count(), 1)

    def test_the_same_file_twice_records_each_service_once(self):
        lines = [
            "F-1,S-1,Harbor House,safety,completed,2020-01-15",
            "F-2,S-2,Legal Aid Youth Project,legal,in_progress,2022-03-01",
        ]
        first = self.upload(*lines)
        self.assertEqual(first.report["created"], 2)
        again = self.upload(*lines)
        self.assertEqual((again.status, again.report["already_imported"]), ("done", 2))
        self.assertEqual(again.report["created"], 0)
        self.assertEqual(Referral.objects.filter(youth__in=[self.alma, self.benito]).count(), 2)
        self.assertEqual(ImportedRecord.objects.filter(kind=ImportKind.SERVICES).count(), 2)

    def test_one_bad_row_imports_nothing(self):
        job = self.upload(
            "F-1,S-1,Harbor House,safety,completed,2020-01-15",
            "F-2,S-2,Harbor House,safety,completed,2020-01-32",
        )
        self.assertEqual(job.status, ImportStatus.REFUSED)
        self.assertEqual(job.report["problems"][0][:2], [3, "started_on"])
        self.assertFalse(Referral.objects.filter(youth__in=[self.alma, self.benito]).exists())

    def test_a_provider_only_in_another_countys_directory_is_a_bad_row(self):
        add_provider(
            actor=None, county=self.county_b, name="Ravenmoor Youth Shelter", domains=["safety"]
        )
        job = self.upload("F-1,S-1,Ravenmoor Youth Shelter,safety,completed,2020-01-15")
        self.assertEqual(job.report["problems"], [[2, "provider", NO_PROVIDER]])
        self.assertFalse(Referral.objects.filter(youth=self.alma).exists())

    def test_a_youth_of_another_county_is_never_matched(self):
        self.upload("F-1,S-1,Harbor House,,completed,2020-01-15")
        self.assertEqual(Referral.objects.filter(youth=self.alma).count(), 1)
        self.assertFalse(Referral.objects.filter(youth=self.dora).exists())
        job = self.upload(
            "F-2,S-1,Harbor House,,completed,2020-01-15",
            actor=self.social_worker_b,
            agency=self.agencies_b[AgencyType.CHILD_WELFARE],
        )
        self.assertEqual([p[:2] for p in job.report["problems"]], [[2, "external_id"]])
        self.assertFalse(Referral.objects.filter(youth=self.benito).exists())

    def test_a_provider_removed_after_the_dry_run_refuses_the_commit_and_writes_nothing(self):
        shelter = add_provider(
            actor=None, county=self.county_a, name="Sunrise Shelter", domains=["safety"]
        )
        job = self.upload(
            "F-1,S-1,Harbor House,safety,completed,2020-01-15",
            "F-2,S-2,Sunrise Shelter,safety,completed,2020-01-15",
            commit=False,
        )
        self.assertEqual(job.status, ImportStatus.CHECKED)
        Provider.objects.filter(pk=shelter.pk).update(name="Sunrise Shelter (closed)")
        self.client.force_login(self.worker)
        self.client.post(reverse("imports:commit", kwargs={"job_id": job.pk}))
        run_queued_tasks()
        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.REFUSED)
        self.assertEqual(job.report["problems"], [[3, "provider", NO_PROVIDER]])
        self.assertFalse(Referral.objects.filter(youth__in=[self.alma, self.benito]).exists())
