import re
from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.clocks.actions import record_missing_episode
from carecircle.lib.dates import county_today
from carecircle.referrals.actions import add_need, add_provider, propose_referral
from carecircle.reports import measures
from carecircle.reports.dashboard import build_dashboard
from carecircle.reports.measures import youth as youth_measures
from carecircle.reports.periods import Period, quarter_of
from carecircle.reports.sources import ViewerSource
from carecircle.test import BaseTestCase
from carecircle.youth.actions import change_status, create_youth, record_identification
from carecircle.youth.models import ExploitationStatus, Identification

# Pinned: the dashboard's queries do not grow with the number of youth.
# Counted anew for the visit: the report, the county's last change, the figures kept
# (and the reader's too old to show let go). The header's task counts are kept from the
# visit before (clocks.access.kept_header_counts).
DASHBOARD_QUERIES = 33
PROGRAM_QUERIES = 30
# The same pages served with kept figures (kept.py).
KEPT_QUERIES = 16
KEPT_PROGRAM_QUERIES = 17


class DashboardTests(BaseTestCase):
    def add_youth(self, number: int, *, agency_type=AgencyType.CHILD_WELFARE) -> None:
        agencies = self.agencies_a
        today = self.today()
        for index in range(number):
            youth = create_youth(
                actor=self.social_worker_a,
                county=self.county_a,
                first_name=f"Youth{index}",
                last_name="Example",
                date_of_birth=date(2011, 1, 1 + index % 27),
                agencies=[agencies[agency_type]],
            )
            record_identification(
                actor=self.social_worker_a,
                youth=youth,
                agency=agencies[AgencyType.CHILD_WELFARE],
                record_class="child_welfare",
                identified_on=today - timedelta(days=1),
                source="hotline",
                identified_by="Hotline",
                category="during_care",
                certainty="suspected",
            )
            record_missing_episode(
                actor=self.social_worker_a,
                youth=youth,
                agency=agencies[AgencyType.CHILD_WELFARE],
                record_class="general",
                last_seen_at=timezone.now() - timedelta(hours=5),
                reported_by="Caregiver",
            )

    def today(self):
        return county_today(self.county_a.time_zone)

    def year(self) -> str:
        """The year the youth added below were identified in (yesterday's)."""
        return str((self.today() - timedelta(days=1)).year)

    def test_it_shows_the_coordinator_the_county_with_charts_and_their_data(self):
        self.add_youth(3)
        self.login("coordinator")
        response = self.client.get(reverse("reports:dashboard"))
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertIn('role="img"', body)
        for chart in ("chart-tasks", "chart-services", "chart-episodes", "chart-reports"):
            self.assertIn(f'aria-labelledby="{chart}-title {chart}-desc"', body)
            self.assertIn(f'<title id="{chart}-title">', body)
            self.assertIn(f'<desc id="{chart}-desc">', body)
        self.assertIn("3 youth missing from care now.", body)
        # Every table says what it holds, for screen readers too.
        self.assertEqual(body.count("<caption"), body.count("<table"))
        # Charts are drawn here: nothing is loaded from another site.
        self.assertIsNone(re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', body))

    def test_it_counts_only_what_a_supervisor_may_see(self):
        """Child welfare's supervisor counts the youth child welfare serves; the ward
        (probation's) is not in their caseload table."""
        self.add_youth(2)
        board = build_dashboard(
            ViewerSource(self.supervisor_a),
            quarter_of(self.today()),
            now=timezone.now(),
        )
        caseload = board.tables["caseload"]
        self.assertEqual(caseload.total, 3)  # the dependent and the two new youth
        coordinator = build_dashboard(
            ViewerSource(self.coordinator_a),
            quarter_of(self.today()),
            now=timezone.now(),
        )
        self.assertEqual(coordinator.tables["caseload"].total, 4)

    def test_it_leaves_out_a_part_2_referral_the_coordinator_may_not_see(self):
        sud = self.agencies_a[AgencyType.SUBSTANCE_USE]
        provider = add_provider(
            actor=None, county=self.county_a, name="Test Recovery Center", domains=["substance_use"]
        )
        need = add_need(
            actor=self.counselor_a,
            youth=self.youth_prob_a,
            agency=sud,
            record_class="substance_use",
            domain="substance_use",
            description="Outpatient treatment.",
        )
        propose_referral(
            actor=self.counselor_a,
            youth=self.youth_prob_a,
            agency=sud,
            record_class="substance_use",
            provider=provider,
            need=need,
        )
        now = timezone.now()
        period = quarter_of(self.today())
        coordinator = build_dashboard(ViewerSource(self.coordinator_a), period, now=now)
        counselor = build_dashboard(ViewerSource(self.counselor_a), period, now=now)
        self.assertEqual(coordinator.tables["services"].total, 0)
        self.assertEqual(counselor.tables["services"].total, 1)

    def test_its_queries_do_not_grow_with_the_number_of_youth(self):
        self.login("coordinator")
        url = reverse("reports:dashboard")
        self.add_youth(1)
        self.client.get(url)  # warm the caches every page shares
        with self.assertNumQueries(DASHBOARD_QUERIES):
            self.client.get(url, {"anew": "1"})
        with self.assertNumQueries(KEPT_QUERIES):
            self.assertTrue(self.client.get(url).context["figures"].kept)
        self.add_youth(6)
        # Kept figures looked for first; the header's counts, kept too, counted again.
        with self.assertNumQueries(DASHBOARD_QUERIES + 2):
            self.assertFalse(self.client.get(url).context["figures"].kept)
        with self.assertNumQueries(KEPT_QUERIES):
            self.assertTrue(self.client.get(url).context["figures"].kept)

    def test_the_program_reports_queries_do_not_grow_with_the_number_of_youth(self):
        self.login("supervisor")
        url = reverse("reports:program")
        self.add_youth(1)
        self.client.get(url, {"period": self.year()})
        with self.assertNumQueries(PROGRAM_QUERIES):
            self.client.get(url, {"period": self.year(), "anew": "1"})
        with self.assertNumQueries(KEPT_PROGRAM_QUERIES):
            self.client.get(url, {"period": self.year()})
        self.add_youth(6)
        # Kept figures looked for first; the header's counts, kept too, counted again.
        with self.assertNumQueries(PROGRAM_QUERIES + 2):
            response = self.client.get(url, {"period": self.year()})
        self.assertEqual(response.context["report"].table("youth_by_status").column_totals[0], 7)
        with self.assertNumQueries(KEPT_PROGRAM_QUERIES):
            self.assertTrue(self.client.get(url, {"period": self.year()}).context["figures"].kept)

    def test_statuses_asked_in_parts_are_those_asked_at_once(self):
        self.add_youth(5)
        source = ViewerSource(self.coordinator_a)
        day = self.today()
        youth = measures.identified_youth(source, quarter_of(day - timedelta(days=1)))
        self.assertEqual(len(youth), 5)
        at_once = measures.statuses_on(source, youth, day)
        with (
            mock.patch.object(youth_measures, "_KEYS_AT_ONCE", 2),
            CaptureQueriesContext(connection) as asked,
        ):
            self.assertEqual(measures.statuses_on(source, youth, day), at_once)
        statuses_asked = [q for q in asked if "youth_exploitationstatus" in q["sql"]]
        self.assertEqual(len(statuses_asked), 3)  # five youth, two at a time
        self.assertEqual(set(at_once.values()), {"during_care"})

    def test_re_exploitation_is_a_new_identification_not_a_change_of_certainty(self):
        today = self.today()
        period = Period("test", today - timedelta(days=90), today)
        source = ViewerSource(self.coordinator_a)
        youth = self.youth_cw_a
        cw = self.agencies_a[AgencyType.CHILD_WELFARE]

        def identify(days_ago: int) -> None:
            record_identification(
                actor=self.social_worker_a, youth=youth, agency=cw, record_class="child_welfare",
                identified_on=today - timedelta(days=days_ago), source="hotline",
                identified_by="Hotline", category="during_care", certainty="suspected",
            )  # fmt: skip

        identify(60)
        first = ExploitationStatus.objects.get(youth=youth)
        confirmed = change_status(
            actor=self.social_worker_a, status=first, on=today - timedelta(days=50),
            certainty="confirmed",
        )  # fmt: skip
        self.assertEqual(measures.re_exploitation(source, period), {})
        change_status(
            actor=self.social_worker_a, status=confirmed, on=today - timedelta(days=40),
            end_only=True,
        )  # fmt: skip
        identify(30)
        self.assertEqual(measures.re_exploitation(source, period), {self.county_a.pk: 1})

    def test_tasks_not_yet_due_are_left_out_of_timeliness(self):
        self.add_youth(1)
        today = self.today()
        period = Period("test", today - timedelta(days=10), today + timedelta(days=10))
        source = ViewerSource(self.coordinator_a)
        now = timezone.now()
        # Identified yesterday: the law enforcement report (24 hours from the start of
        # that day) is already due; the rest are not, and are left out.
        due_now = measures.timeliness(source, period, now=now)
        self.assertEqual({k: v for k, v in due_now.items() if v}, {
            (self.county_a.pk, "le_report", "not_done"): 1,
        })  # fmt: skip
        later = measures.timeliness(source, period, now=now + timedelta(days=4))
        # The law enforcement report, the health exam, the MDT referral, four reports
        # about the missing youth: all now overdue, none done.
        self.assertEqual(sum(later.values()), 7)
        self.assertEqual({key[2] for key, n in later.items() if n}, {"not_done"})

    def test_it_is_audited(self):
        self.login("coordinator")
        earlier = quarter_of(self.today() - timedelta(days=100)).key
        self.client.get(reverse("reports:dashboard"), {"period": earlier})
        event = AuditEvent.objects.filter(action="report.viewed").latest("seq")
        self.assertEqual(event.detail, {"report": "dashboard", "period": earlier, "kept": False})
        self.assertEqual(event.actor_id, self.coordinator_a.pk)

    def test_a_period_not_offered_gets_a_message_and_the_default(self):
        self.login("coordinator")
        response = self.client.get(reverse("reports:dashboard"), {"period": "1999-Q9"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Choose a period from the list")
        self.assertEqual(response.context["board"].period, quarter_of(self.today()))

    def test_other_roles_are_refused(self):
        for role in ("social_worker", "clinician", "county_admin", "auditor"):
            self.login(role)
            self.assertEqual(self.client.get(reverse("reports:dashboard")).status_code, 403)


class TrendsOverQuartersTest(BaseTestCase):
    """The dashboard's trends ask each measure once for the four quarters; every
    quarter's figures must be those of the quarter asked alone."""

    def test_each_quarter_counts_as_if_asked_alone(self):
        from carecircle.clocks.actions import open_obligation, satisfy_obligation
        from carecircle.clocks.models import Obligation
        from carecircle.justice.actions import record_justice_item
        from carecircle.reports.dashboard import trends
        from carecircle.reports.periods import recent_quarters
        from carecircle.youth.actions import record_placement

        today = county_today(self.county_a.time_zone)
        quarters = recent_quarters(today, 4)
        cw = self.agencies_a[AgencyType.CHILD_WELFARE]
        probation = self.agencies_a[AgencyType.PROBATION]
        # Days in every quarter, at their edges too (first and last days).
        edges = {d for q in quarters for d in (q.first, q.first + timedelta(days=20), q.last)}
        days = sorted(d for d in edges if d <= today)
        for index, day in enumerate(days):
            youth = create_youth(
                actor=self.social_worker_a, county=self.county_a, first_name=f"Q{index}",
                last_name="Example", date_of_birth=date(2011, 2, 1 + index % 27),
                agencies=[cw, probation],
            )  # fmt: skip
            shared = {"actor": self.social_worker_a, "youth": youth, "agency": cw}
            for turn, when in enumerate(sorted({day, days[min(index + 2, len(days) - 1)]})):
                if turn and index % 2:
                    # The first exploitation ended: the new identification is the youth
                    # exploited again.
                    change_status(
                        actor=self.social_worker_a,
                        status=ExploitationStatus.objects.get(youth=youth, ended_on=None),
                        on=when, end_only=True,
                    )  # fmt: skip
                record_identification(
                    **shared, record_class="child_welfare", identified_on=when,
                    source="hotline", identified_by="Hotline", category="during_care",
                    certainty="suspected",
                )  # fmt: skip
                record_placement(**shared, record_class="child_welfare", setting="relative",
                                 started_on=when)  # fmt: skip
            record_missing_episode(
                **shared, record_class="general", reported_by="Caregiver",
                last_seen_at=timezone.make_aware(
                    datetime.combine(day, time(23, 30)), ZoneInfo(self.county_a.time_zone)
                ),
            )  # fmt: skip
            for what, field in (("diversion", "offered_on"), ("detention", "started_on")):
                extra = {"program": "Youth court"} if what == "diversion" else {"facility": "Hall"}
                record_justice_item(
                    actor=self.probation_officer_a, youth=youth, agency=probation,
                    record_class="probation", what=what, **{field: day}, **extra,
                )  # fmt: skip
        # A task due late in the evening of each quarter's last day (the next day in
        # UTC) counts in that quarter.
        trigger = Identification.objects.filter(youth__first_name="Q0").first()
        zone = ZoneInfo(self.county_a.time_zone)
        for quarter in quarters[:-1]:
            # (A due time of the people's own choosing needs whose task it is.)
            evening = open_obligation(
                actor=self.coordinator_a, trigger=trigger, kind="le_report",
                due_at=datetime.combine(quarter.last, time(23, 30), tzinfo=zone),
                responsible_user=self.coordinator_a,
            )  # fmt: skip
            self.assertEqual(evening.due_at.astimezone(zone).date(), quarter.last)
        # Tasks done in turn on time and late (a day after they fell due), so that
        # the on-time shares differ from quarter to quarter.
        for number, task in enumerate(
            Obligation.objects.filter(due_at__lte=timezone.now() - timedelta(days=1)).order_by(
                "due_at"
            )
        ):
            satisfy_obligation(
                actor=self.coordinator_a, obligation=task, summary="Done", evidence={},
                done_at=task.due_at + timedelta(days=number % 2) - timedelta(minutes=1),
            )  # fmt: skip
        source = ViewerSource(self.coordinator_a)
        now = timezone.now() + timedelta(days=3)
        together = trends(source, quarters, now=now)
        for index, quarter in enumerate(quarters):
            alone = trends(source, [quarter], now=now)
            for trend, single in zip(together, alone, strict=True):
                with self.subTest(trend=trend.key, quarter=quarter.key):
                    self.assertEqual(trend.values[index], single.values[0])
        # The figures are not all empty: the test would say nothing then.
        self.assertTrue(all(v for v in together[0].values))
        shown = {t.key: t.values for t in together}
        self.assertTrue(any(shown["moves"]))
        self.assertTrue(any(shown["re_exploited"]))
        self.assertTrue(any(v not in (None, 0) for v in shown["reports_on_time"]))
        self.assertTrue(any(v not in (None, 100) for v in shown["reports_on_time"]))
