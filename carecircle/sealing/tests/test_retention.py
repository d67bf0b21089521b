"""The retention schedule: a dry run first, destruction on the order's date, legal holds
kept, everything of the record gone (rows and files), the audit log kept and sound."""

from datetime import date, datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.clocks.models import Obligation
from carecircle.lib.dates import county_today
from carecircle.records.models import Document, Note
from carecircle.sealing.actions import lift_seal, place_legal_hold, release_legal_hold
from carecircle.sealing.models import LegalHold, SealingOrder
from carecircle.sealing.tests.test_seal import SealingWorld, seal
from carecircle.sharing.models import TeamMembership
from carecircle.youth.actions import create_youth, merge_youth, record_identification
from carecircle.youth.models import Identification, Youth

DUE_DAY = "2031-03-02"  # the day after the orders' destruction date


def run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


class RetentionTest(SealingWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        ward = cls.youth_prob_a
        record_identification(
            actor=cls.probation_officer_a, youth=ward,
            agency=cls.agencies_a[AgencyType.PROBATION], record_class="probation",
            identified_on=date(2026, 1, 5), source="detention", identified_by="Intake",
            category="before_care", certainty="confirmed",
        )  # fmt: skip
        duplicate = create_youth(
            actor=cls.probation_officer_a, county=cls.county_a, first_name=ward.first_name,
            last_name=ward.last_name, date_of_birth=ward.date_of_birth,
            agencies=[cls.agencies_a[AgencyType.PROBATION]],
        )  # fmt: skip
        ward.refresh_from_db()
        merge_youth(
            actor=cls.coordinator_a, keep=ward, duplicate=duplicate,
            keep_version=ward.version, duplicate_version=duplicate.version,
        )  # fmt: skip
        cls.duplicate = duplicate

    def records_of(self, youth_ids) -> dict[str, int]:
        return {
            "youth": Youth.objects.filter(pk__in=youth_ids).count(),
            "notes": Note.objects.filter(youth_id__in=youth_ids).count(),
            "documents": Document.objects.filter(youth_id__in=youth_ids).count(),
            "identifications": Identification.objects.filter(youth_id__in=youth_ids).count(),
            "tasks": Obligation.objects.filter(youth_id__in=youth_ids).count(),
            "team": TeamMembership.objects.filter(youth_id__in=youth_ids).count(),
            "orders": SealingOrder.objects.filter(youth_id__in=youth_ids).count(),
        }

    def test_a_dry_run_lists_what_is_due_records_it_and_destroys_nothing(self):
        order = seal(self)
        ids = [self.youth_prob_a.pk, self.duplicate.pk]
        before = self.records_of(ids)
        self.assertTrue(all(before.values()), before)
        output = run("--today", DUE_DAY)
        self.assertIn("1 sealed record is due for destruction; 0 are kept", output)
        self.assertIn("Dry run: nothing was destroyed", output)
        self.assertEqual(self.records_of(ids), before)
        review = AuditEvent.objects.filter(action="retention.review").get()
        self.assertEqual(review.detail["due"], [str(order.pk)])
        self.assertFalse(AuditEvent.objects.filter(action="youth.destroyed").exists())

    def test_on_its_date_the_record_and_everything_of_it_is_destroyed(self):
        order = seal(self)
        ids = [self.youth_prob_a.pk, self.duplicate.pk]
        document = Document.objects.filter(youth=self.youth_prob_a).first()
        storage, name = document.file.storage, document.file.name
        self.assertTrue(storage.exists(name))
        others = self.records_of([self.youth_cw_a.pk])
        self.assertIn("0 sealed records are due", run("--commit", "--today", "2031-02-28"))
        self.assertEqual(self.records_of(ids)["youth"], 2)
        with self.captureOnCommitCallbacks(execute=True):
            output = run("--commit", "--today", DUE_DAY)
        self.assertIn("1 record destroyed", output)
        self.assertEqual(set(self.records_of(ids).values()), {0})
        self.assertFalse(storage.exists(name))
        self.assertEqual(self.records_of([self.youth_cw_a.pk]), others)
        event = AuditEvent.objects.filter(action="youth.destroyed").get()
        self.assertEqual(event.detail["order"], str(order.pk))
        self.assertEqual(set(event.detail["records"]), {str(pk) for pk in ids})
        self.assertNotIn(self.youth_prob_a.last_name, str(event.detail))
        # The audit log keeps its entries about the record, and its chain still holds.
        self.assertTrue(AuditEvent.objects.filter(object_id=str(self.youth_prob_a.pk)).exists())
        call_command("audit_verify", stdout=StringIO())
        self.assertIn("0 sealed records are due", run("--commit", "--today", DUE_DAY))

    def test_a_legal_hold_keeps_the_record_until_it_is_released(self):
        seal(self)
        hold = place_legal_hold(
            actor=self.court_liaison_a, youth=self.youth_prob_a, reason="Civil suit 26-CV-0412."
        )
        output = run("--commit", "--today", DUE_DAY)
        self.assertIn("0 sealed records are due for destruction; 1 is kept", output)
        self.assertTrue(Youth.objects.filter(pk=self.youth_prob_a.pk).exists())
        release_legal_hold(actor=self.court_liaison_a, hold=hold)
        self.assertIn("1 record destroyed", run("--commit", "--today", DUE_DAY))
        self.assertFalse(Youth.objects.filter(pk=self.youth_prob_a.pk).exists())

    def test_a_lifted_seal_is_never_destroyed(self):
        order = seal(self)
        lift_seal(actor=self.court_liaison_a, order=order, reason="Set aside on appeal.")
        self.assertIn("0 sealed records are due", run("--commit", "--today", DUE_DAY))
        self.assertTrue(Youth.objects.filter(pk=self.youth_prob_a.pk).exists())

    def test_without_a_date_each_countys_own_calendar_decides(self):
        zone = ZoneInfo(self.county_a.time_zone)
        today = county_today(self.county_a.time_zone)
        seal(self, ordered_on=today - timedelta(days=10), destroy_on=today + timedelta(days=1))
        self.assertIn("0 sealed records are due", run("--commit"))
        # Late on the day before, in the county (already the due date in UTC).
        evening = datetime.combine(today, time(23, 30), tzinfo=zone)
        with time_machine.travel(evening, tick=False):
            self.assertIn("0 sealed records are due", run("--commit"))
        with time_machine.travel(evening + timedelta(hours=1), tick=False):
            self.assertIn("1 record destroyed", run("--commit"))

    def test_a_bad_date_is_refused(self):
        with self.assertRaisesMessage(Exception, "--today takes a date"):
            run("--today", "tomorrow")


class RegisterPageTest(SealingWorld):
    def test_the_court_liaison_places_and_releases_a_hold_and_lifts_the_seal(self):
        seal(self)
        self.login("court_liaison")
        base = f"/sealing/{self.youth_prob_a.pk}"
        response = self.client.post(f"{base}/hold/", {"reason": ""}, follow=True)
        self.assertContains(response, "This field is required")
        self.assertFalse(LegalHold.objects.exists())
        response = self.client.post(f"{base}/hold/", {"reason": "Civil suit."}, follow=True)
        self.assertContains(response, "Legal hold placed")
        self.assertContains(response, "Release the hold")
        self.assertTrue(AuditEvent.objects.filter(action="youth.legal_hold").exists())
        response = self.client.post(f"{base}/hold/release/", follow=True)
        self.assertContains(response, "Legal hold released")
        response = self.client.post(f"{base}/lift/", {"reason": ""}, follow=True)
        self.assertContains(response, "This field is required")
        response = self.client.post(f"{base}/lift/", {"reason": "Set aside."}, follow=True)
        self.assertContains(response, "The seal is lifted")
        self.assertIsNone(Youth.objects.get(pk=self.youth_prob_a.pk).sealed_at)

    def test_the_register_costs_the_same_queries_however_many_records(self):
        self.login("court_liaison")
        court = self.agencies_a[AgencyType.JUVENILE_COURT]
        counts = []
        for number in range(3):
            youth = create_youth(
                actor=self.coordinator_a, county=self.county_a, first_name=f"Sealed{number}",
                last_name="Example", date_of_birth=date(2010, 1, number + 1), agencies=[court],
            )  # fmt: skip
            seal(self, youth=youth)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get("/sealing/")
            self.assertContains(response, f"Sealed{number}")
            counts.append(len(queries))
        self.assertEqual(len(set(counts)), 1, counts)

    def test_a_sealed_record_cannot_be_merged(self):
        seal(self)
        ward = Youth.objects.get(pk=self.youth_prob_a.pk)
        other = Youth.objects.get(pk=self.youth_cw_a.pk)
        with self.assertRaisesMessage(ValidationError, "A sealed record cannot be merged"):
            merge_youth(
                actor=self.coordinator_a, keep=other, duplicate=ward,
                keep_version=other.version, duplicate_version=ward.version,
            )  # fmt: skip

    def test_nobody_else_keeps_the_register(self):
        seal(self)
        for role in ("coordinator", "probation_officer", "county_admin", "auditor"):
            with self.subTest(role=role):
                self.login(role)
                self.assertEqual(self.client.get("/sealing/").status_code, 403)
                response = self.client.post(
                    f"/sealing/{self.youth_prob_a.pk}/hold/", {"reason": "x"}
                )
                self.assertEqual(response.status_code, 403)
        self.assertFalse(LegalHold.objects.exists())
