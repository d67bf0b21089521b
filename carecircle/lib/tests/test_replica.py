"""Reports read the case records they count from a replica, through the database
router, and everything else from the primary. The replica here is a second database
alias: a second connection to the test database, as a hot standby would be one to a
copy of it."""

from datetime import date

from django.conf import settings
from django.db import connections
from django.test import SimpleTestCase, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carecircle.accounts.models import Membership
from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent, AuditEventYouth
from carecircle.audit.testing import tampering
from carecircle.lib.replica import (
    REPLICA,
    ReplicaRouter,
    reading_from_replica,
    replica_is_fresh,
)
from carecircle.records.models import Note
from carecircle.reports.models import Export
from carecircle.test import build_world
from carecircle.youth.actions.status import record_identification
from carecircle.youth.models import Youth

WITH_REPLICA = {**settings.DATABASES, REPLICA: {"NAME": "standby"}}


class RouterTest(SimpleTestCase):
    router = ReplicaRouter()

    @override_settings(DATABASES=WITH_REPLICA)
    def test_only_a_reports_reads_of_case_records_go_to_the_replica(self):
        self.assertIsNone(self.router.db_for_read(Youth))
        with reading_from_replica():
            self.assertEqual(self.router.db_for_read(Youth), REPLICA)
            self.assertEqual(self.router.db_for_read(Note), REPLICA)
            for primary_only in (Membership, AuditEvent, Export):
                self.assertEqual(self.router.db_for_read(primary_only), "default")
            self.assertEqual(self.router.db_for_write(Youth), "default")
        self.assertIsNone(self.router.db_for_read(Youth))
        self.assertFalse(self.router.allow_migrate(REPLICA, "youth"))
        self.assertIsNone(self.router.allow_migrate("default", "youth"))

    def test_without_a_replica_no_report_reads_one(self):
        self.assertFalse(replica_is_fresh())

    def test_without_a_replica_everything_reads_from_the_primary(self):
        self.assertNotIn(REPLICA, settings.DATABASES)
        with reading_from_replica():
            self.assertIsNone(self.router.db_for_read(Youth))


class ReportsOnTheReplicaTest(TransactionTestCase):
    databases = {"default", REPLICA}

    @classmethod
    def setUpClass(cls) -> None:
        # The mirror a deployment gets from DATABASE_REPLICA_URL, added for this class.
        settings.DATABASES[REPLICA] = {
            **connections["default"].settings_dict,
            "TEST": {"MIRROR": "default"},
        }
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        connections[REPLICA].close()
        del connections[REPLICA]
        del settings.DATABASES[REPLICA]

    def setUp(self) -> None:
        self.world = build_world()
        youth = self.world["youth_cw_a"]
        record_identification(
            actor=self.world["social_worker_a"], youth=youth,
            agency=self.world["agencies_a"][AgencyType.CHILD_WELFARE], record_class="general",
            identified_on=date(2026, 4, 10), source="hotline", identified_by="Hotline",
            category="during_care", certainty="confirmed",
        )  # fmt: skip

    def tearDown(self) -> None:
        with tampering():
            AuditEventYouth.objects.all().delete()
            AuditEvent.objects.all().delete()

    def test_the_program_report_counts_from_the_replica_and_logs_on_the_primary(self):
        self.assertIsNot(connections[REPLICA], connections["default"])
        self.client.force_login(self.world["coordinator_a"])
        url = reverse("reports:program") + "?period=2026-Q2"
        with (
            CaptureQueriesContext(connections[REPLICA]) as replica,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        by_source = response.context["report"].table("identifications_by_source")
        self.assertEqual(by_source.column_totals, [1])
        counted = " ".join(q["sql"] for q in replica.captured_queries)
        self.assertIn('FROM "youth_identification"', counted)
        # The permission conditions travel inside the counted queries (the standby's
        # state of them); the viewer's roles, sessions and the log are read apart, on
        # the primary.
        self.assertIn('"sealed_at" IS NULL', counted)
        for primary_only in ("accounts_membership", "accounts_usersession", "audit_auditevent"):
            self.assertNotIn(f'FROM "{primary_only}', counted)
        # The county's last change the kept figures are sure to include is the
        # replica's (reports/kept.py); whether they are still good is asked of the
        # primary's.
        self.assertIn('FROM "audit_auditchainhead"', counted)
        self.assertIn(
            'FROM "reports_keptfigures"', " ".join(q["sql"] for q in primary.captured_queries)
        )
        on_primary = " ".join(q["sql"] for q in primary.captured_queries)
        self.assertIn('INSERT INTO "audit_auditevent"', on_primary)
        # The page's header (tasks due) is not the report: it still reads the primary.
        self.assertNotIn('FROM "youth_identification"', on_primary)
        self.assertTrue(AuditEvent.objects.filter(action="report.viewed").exists())
