"""How ``clocks.access`` reads: the header's counts, asked on every page, come from the
indexes of open tasks with a deadline, not from the county's every open task."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.clocks import actions
from carecircle.clocks.access import header_counts
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
