"""Recording a sealing order, and what a sealed record no longer appears in."""

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.clocks.models import ClockNotification, Obligation
from carecircle.clocks.sweep import sweep
from carecircle.reports import measures
from carecircle.reports.models import Export
from carecircle.reports.periods import quarter
from carecircle.reports.sources import StateSource, ViewerSource
from carecircle.sealing.actions import lift_seal, seal_youth
from carecircle.sealing.models import SealingOrder
from carecircle.test import BaseTestCase, build_sharing_world
from carecircle.youth.actions import record_identification
from carecircle.youth.models import Youth

ORDER = {
    "statute": "wic_786",
    "ordered_on": "2026-03-01",
    "court_case_number": "JV-2024-0117",
    "destroy_on": "2031-03-01",
    "confirm": "on",
}


def seal(world, youth=None, **changes):
    values = {
        "statute": "wic_781",
        "ordered_on": date(2026, 3, 1),
        "destroy_on": date(2031, 3, 1),
        **changes,
    }
    return seal_youth(actor=world.court_liaison_a, youth=youth or world.youth_prob_a, **values)


class SealingWorld(BaseTestCase):
    """The ward's MDT includes the court liaison, who carries out sealing orders."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_sharing_world({k: getattr(cls, k) for k in dir(cls) if k.endswith("_a")})


class SealPageTest(SealingWorld):
    def url(self, youth=None):
        return f"/sealing/{(youth or self.youth_prob_a).pk}/seal/"

    def test_the_court_liaison_seals_the_ward_and_still_sees_it_in_the_register(self):
        self.login("court_liaison")
        self.assertContains(self.client.get(f"/youth/{self.youth_prob_a.pk}/"), self.url())
        response = self.client.post(self.url(), ORDER)
        self.assertRedirects(response, "/sealing/")
        youth = Youth.objects.get(pk=self.youth_prob_a.pk)
        self.assertIsNotNone(youth.sealed_at)
        order = SealingOrder.objects.get(youth=youth)
        self.assertEqual(order.destroy_on, date(2031, 3, 1))
        event = AuditEvent.objects.filter(action="youth.seal").get()
        self.assertEqual(event.object_id, str(youth.pk))
        self.assertEqual(event.detail["order"], str(order.pk))
        self.assertNotIn("Jaylen", str(event.detail))
        self.assertContains(self.client.get("/sealing/"), youth.last_name)

    def test_the_coordinator_seals_and_the_record_leaves_the_caseload(self):
        self.login("coordinator")
        self.assertContains(self.client.get("/youth/"), self.youth_prob_a.last_name)
        response = self.client.post(self.url(), ORDER)
        self.assertRedirects(response, "/youth/")
        self.assertNotContains(self.client.get("/youth/"), self.youth_prob_a.last_name)
        self.assertEqual(self.client.get(f"/youth/{self.youth_prob_a.pk}/").status_code, 404)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_a_team_member_who_records_no_court_orders_gets_403(self):
        self.login("probation_officer")
        self.assertEqual(self.client.post(self.url(), ORDER).status_code, 403)
        self.assertIsNone(Youth.objects.get(pk=self.youth_prob_a.pk).sealed_at)

    def test_bad_dates_are_refused_and_change_nothing(self):
        self.login("court_liaison")
        future = (timezone.now() + timedelta(days=3)).date().isoformat()
        for changes, message in (
            ({"ordered_on": future}, "cannot be in the future"),
            ({"destroy_on": "2026-02-01"}, "destroyed after the date of the order"),
            ({"confirm": ""}, "This field is required"),
        ):
            with self.subTest(changes=changes):
                response = self.client.post(self.url(), {**ORDER, **changes})
                self.assertContains(response, message)
        self.assertFalse(SealingOrder.objects.exists())
        self.assertIsNone(Youth.objects.get(pk=self.youth_prob_a.pk).sealed_at)
        self.assertFalse(AuditEvent.objects.filter(action="youth.seal").exists())

    def test_a_sealed_record_cannot_be_sealed_twice(self):
        seal(self)
        self.login("court_liaison")
        response = self.client.post(self.url(), ORDER)
        self.assertContains(response, "already sealed")
        self.assertEqual(SealingOrder.objects.count(), 1)


class SealedEverywhereTest(SealingWorld):
    """Beyond pages: searches, tasks, notices, counts and stored report files."""

    def test_search_before_create_neither_shows_nor_hints_at_it(self):
        seal(self)
        youth = self.youth_prob_a
        query = {
            "search": "1",
            "first_name": youth.first_name,
            "last_name": youth.last_name,
            "date_of_birth": youth.date_of_birth.isoformat(),
        }
        for role in ("coordinator", "social_worker"):
            with self.subTest(role=role):
                self.login(role)
                response = self.client.get("/youth/intake/", query)
                self.assertTrue(response.context["searched"])
                self.assertNotContains(response, str(youth.pk))
                self.assertFalse(response.context["hidden_matches"])
        self.client.force_login(self.coordinator_b)
        response = self.client.get("/youth/intake/", query)
        self.assertEqual(response.context["elsewhere"], [])
        self.login("court_liaison")
        response = self.client.get("/youth/intake/", query)
        self.assertContains(response, str(youth.pk))

    def test_its_tasks_leave_every_list_and_its_clocks_send_no_notice(self):
        youth = self.youth_prob_a
        with time_machine.travel(datetime(2026, 5, 1, 16, tzinfo=UTC), tick=False):
            record_identification(
                actor=self.probation_officer_a, youth=youth,
                agency=self.agencies_a[AgencyType.PROBATION], record_class="probation",
                identified_on=date(2026, 5, 1), source="detention", identified_by="Intake",
                category="before_care", certainty="confirmed",
            )  # fmt: skip
        self.assertTrue(Obligation.objects.open().filter(youth=youth).exists())
        seal(self)
        with time_machine.travel(datetime(2026, 6, 30, 16, tzinfo=UTC), tick=False):
            result = sweep()
            self.assertEqual(result.notices, [])
            self.assertFalse(ClockNotification.objects.filter(obligation__youth=youth).exists())
            self.login("coordinator")
            for scope in ("mine", "team", "county"):
                response = self.client.get("/clocks/", {"scope": scope})
                self.assertNotContains(response, youth.last_name)
            self.assertEqual(response.context["task_counts"](), {"overdue": 0, "due_soon": 0})
            response = self.client.get("/api/v1/tasks/", {"scope": "county"})
            self.assertNotIn(str(youth.pk), response.content.decode())

    def test_it_counts_in_no_report_not_even_for_the_role_that_sees_it(self):
        with time_machine.travel(datetime(2026, 4, 10, 16, tzinfo=UTC), tick=False):
            for youth, agency, worker, record_class in (
                (self.youth_cw_a, AgencyType.CHILD_WELFARE, self.social_worker_a, "child_welfare"),
                (self.youth_prob_a, AgencyType.PROBATION, self.probation_officer_a, "probation"),
            ):
                record_identification(
                    actor=worker, youth=youth, agency=self.agencies_a[agency],
                    record_class=record_class, identified_on=date(2026, 4, 10),
                    source="hotline", identified_by="Hotline", category="during_care",
                    certainty="confirmed",
                )  # fmt: skip
        period = quarter(2026, 2)

        def counted():
            return {
                name: {row.pk for row in measures.identified_youth(source, period)}
                for name, source in (
                    ("coordinator", ViewerSource(self.coordinator_a)),
                    ("court_liaison", ViewerSource(self.court_liaison_a)),
                    ("state", StateSource()),
                )
            }

        before = counted()
        self.assertIn(self.youth_prob_a.pk, before["coordinator"])
        self.assertIn(self.youth_prob_a.pk, before["court_liaison"])
        self.assertIn(self.youth_prob_a.pk, before["state"])
        seal(self)
        after = counted()
        for name, ids in after.items():
            with self.subTest(source=name):
                self.assertEqual(ids, before[name] - {self.youth_prob_a.pk})
        self.login("coordinator")
        self.assertEqual(self.client.get("/reports/").status_code, 200)

    def test_report_files_already_built_for_the_county_are_withdrawn(self):
        export = Export.objects.create(
            county=self.county_a, requested_by=self.coordinator_a, period="2026-Q1",
            file_format="csv", status="done", finished_at=timezone.now(),
        )  # fmt: skip
        export.file.save("report.csv", ContentFile(b"youth,1\n"))
        storage, name = export.file.storage, export.file.name
        with self.captureOnCommitCallbacks(execute=True):
            seal(self)
        export.refresh_from_db()
        self.assertFalse(export.file)
        self.assertFalse(storage.exists(name))

    def test_lifting_the_seal_brings_the_record_back(self):
        order = seal(self)
        self.login("coordinator")
        self.assertNotContains(self.client.get("/youth/"), self.youth_prob_a.last_name)
        lift_seal(actor=self.court_liaison_a, order=order, reason="Order set aside on appeal.")
        self.assertContains(self.client.get("/youth/"), self.youth_prob_a.last_name)
        self.assertTrue(AuditEvent.objects.filter(action="youth.unseal").exists())
