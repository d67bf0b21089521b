"""How ``clocks.access`` reads the header's counts, asked on every page: kept in the
session while nothing in the county changes, and counted from the indexes of open tasks
with a deadline, not from the county's every open task."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.clocks import actions
from carecircle.clocks.access import HEADER_KEEP_FOR, header_counts
from carecircle.clocks.tests.base import a_trigger
from carecircle.test import BaseTestCase

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="asks PostgreSQL's planner which indexes it reads; SQLite's plans differ",
)


@POSTGRES_ONLY
class HeaderCountsPlanTest(BaseTestCase):
    def plan(self, viewer) -> str:
        """The plan of the header's one query for ``viewer``, with the table's rows read
        only through an index, as they are when the county has thousands of tasks."""
        with CaptureQueriesContext(connection) as queries:
            header_counts(viewer, most=99)
        (query,) = queries.captured_queries
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + query["sql"])
            return "\n".join(row[0] for row in cursor.fetchall())

    def test_it_reads_tasks_by_their_deadlines_not_the_countys_open_tasks(self):
        actions.record_missing_episode(
            actor=self.social_worker_a,
            youth=self.youth_cw_a,
            agency=self.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="general",
            last_seen_at=timezone.now() - timedelta(hours=1),
            reported_by="Resource parent",
        )
        plan = self.plan(self.social_worker_a)
        reads = [line.strip() for line in plan.splitlines() if " on clocks_obligation" in line]
        self.assertEqual(len(reads), 2, plan)  # overdue, and due soon
        for read in reads:
            self.assertRegex(read, r"obligation_(own|role)_deadlines", plan)


class KeptHeaderCountsTest(BaseTestCase):
    def setUp(self) -> None:
        # Four tasks of the social worker's, due within the day.
        self.episode = actions.record_missing_episode(
            actor=self.social_worker_a,
            youth=self.youth_cw_a,
            agency=self.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="general",
            last_seen_at=timezone.now() - timedelta(hours=1),
            reported_by="Resource parent",
        )
        self.login("social_worker")

    def page(self) -> tuple[str, bool]:
        """The caseload's header, and whether the page counted the tasks."""
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("youth:caseload"))
        self.assertEqual(response.status_code, 200)
        counted = any("clocks_obligation" in q["sql"] for q in queries.captured_queries)
        return response.content.decode(), counted

    def fall_overdue_unrecorded(self) -> None:
        """One task falls overdue by a change no action made: the county's last change
        stays where it was, as when only the clock moves."""
        self.episode.obligations.filter(kind="missing_ncmec").update(
            due_at=timezone.now() - timedelta(minutes=5)
        )

    def test_a_page_shows_the_kept_counts_until_the_county_changes(self) -> None:
        header, counted = self.page()
        self.assertTrue(counted)
        self.assertIn("4 due soon", header)
        self.fall_overdue_unrecorded()
        header, counted = self.page()
        self.assertFalse(counted)
        self.assertIn("4 due soon", header)
        self.assertNotIn("overdue", header)
        a_trigger(self)  # someone records something in the county
        header, counted = self.page()
        self.assertTrue(counted)
        self.assertIn("1 overdue", header)
        self.assertIn("3 due soon", header)

    def test_kept_counts_are_counted_again_after_a_minute(self) -> None:
        self.page()
        self.fall_overdue_unrecorded()
        later = timezone.now() + HEADER_KEEP_FOR + timedelta(seconds=1)
        with time_machine.travel(later, tick=False):
            header, counted = self.page()
        self.assertTrue(counted)
        self.assertIn("1 overdue", header)

    def test_another_persons_kept_counts_are_never_shown(self) -> None:
        self.page()
        session = self.client.session
        kept = session["cc_header_counts"]
        kept.update(user=self.coordinator_a.pk, counts={"overdue": 42, "due_soon": 0})
        session["cc_header_counts"] = kept
        session.save()
        header, counted = self.page()
        self.assertTrue(counted)
        self.assertNotIn("42 overdue", header)
        self.assertIn("4 due soon", header)
