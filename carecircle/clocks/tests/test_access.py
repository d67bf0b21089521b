"""How ``clocks.access`` reads the header's counts, asked on every page: kept in the
session while nothing in the county changes, and counted from the indexes of open tasks
with a deadline, not from the county's every open task."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.clocks import actions
from carecircle.clocks.access import HEADER_KEEP_FOR, header_counts
from carecircle.clocks.tests.base import a_trigger
from carecircle.sealing.actions import seal_youth
from carecircle.test import BaseTestCase

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="asks PostgreSQL's planner which indexes it reads; SQLite's plans differ",
)


OWN, ROLE = "obligation_own_deadlines", "obligation_role_deadlines"


def obligation_indexes(plan: str) -> set[str]:
    """The indexes of the task table that a plan reads."""
    scans = r"(?:Index Scan using|Index Only Scan using|Bitmap Index Scan on) (\S+)"
    names = re.findall(scans, plan)
    return {name for name in names if name.startswith(("obligation_", "clocks_obligation_"))}


@POSTGRES_ONLY
class DeadlineIndexesPlanTest(BaseTestCase):
    """The planner is asked with reading a table whole turned off, so that it chooses
    among the indexes: a table of a few tasks would otherwise be read whole. At the size
    of a large county, it chose the same (docs/benchmarks.md, the sixth round)."""

    def setUp(self) -> None:
        missing(self)

    def explain(self, sql: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute("EXPLAIN " + sql)
                return "\n".join(row[0] for row in cursor.fetchall())
            finally:
                cursor.execute("RESET enable_seqscan")

    def test_the_header_reads_tasks_by_their_deadlines_only(self) -> None:
        for viewer in (self.social_worker_a, self.coordinator_a):
            header_counts(viewer, most=99)  # the viewer's roles, read once
            with CaptureQueriesContext(connection) as queries:
                header_counts(viewer, most=99)
            (query,) = queries.captured_queries
            used = obligation_indexes(self.explain(query["sql"]))
            self.assertTrue(used, viewer)
            self.assertLessEqual(used, {OWN, ROLE}, viewer)


def missing(case):
    """Four tasks of the social worker's, due within the day."""
    return actions.record_missing_episode(
        actor=case.social_worker_a,
        youth=case.youth_cw_a,
        agency=case.agencies_a[AgencyType.CHILD_WELFARE],
        record_class="general",
        last_seen_at=timezone.now() - timedelta(hours=1),
        reported_by="Resource parent",
    )


class KeptHeaderCountsTest(BaseTestCase):
    def setUp(self) -> None:
        self.episode = missing(self)
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

    def test_a_sealing_counts_them_again_at_once(self) -> None:
        header, _counted = self.page()
        self.assertIn("4 due soon", header)
        seal_youth(
            actor=self.court_liaison_a,
            youth=self.youth_cw_a,
            statute="wic_781",
            ordered_on=date(2026, 3, 1),
            destroy_on=date(2031, 3, 1),
        )
        header, counted = self.page()
        self.assertTrue(counted)
        self.assertNotIn("due soon", header)
