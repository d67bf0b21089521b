import csv
import io
import re
from collections import Counter
from datetime import date

import time_machine
from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.reports import measures
from carecircle.reports.periods import quarter
from carecircle.reports.sources import StateSource
from carecircle.reports.statewide import published_quarters, statewide_for
from carecircle.test import BaseTestCase
from carecircle.tests.matrix import CASES, STATE
from carecircle.youth.actions import create_youth, record_identification

# The last quarter that has ended on the day the tests travel to.
TODAY = date(2026, 11, 28)
PUBLISHED = quarter(2026, 3)
PUBLISH_QUERIES = 15
SERVE_QUERIES = 1
ANALYST_QUERIES = 12


def numbers(text: str) -> list[int]:
    """Every whole number in the CSV's cells."""
    found = []
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell.isdigit():
                found.append(int(cell))
    return found


@time_machine.travel(TODAY, tick=False)
class StatewideTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        with time_machine.travel(TODAY, tick=False):
            super().setUpTestData()
            # County A: 14 youth identified in the quarter, 1 more only in a Part 2
            # record; county B: 3.
            cls.identify(cls.county_a, cls.agencies_a, 14, cls.social_worker_a)
            cls.identify(cls.county_b, cls.agencies_b, 3, cls.social_worker_b)
            sol = create_youth(
                actor=cls.counselor_a,
                county=cls.county_a,
                first_name="Sol",
                last_name="Ibarra",
                date_of_birth=date(2011, 1, 1),
                agencies=[cls.agencies_a[AgencyType.SUBSTANCE_USE]],
            )
            record_identification(
                actor=cls.counselor_a,
                youth=sol,
                agency=cls.agencies_a[AgencyType.SUBSTANCE_USE],
                record_class="substance_use",
                identified_on=date(2026, 8, 1),
                source="health",
                identified_by="Counselor",
                category="during_care",
                certainty="confirmed",
            )

    @classmethod
    def identify(cls, county, agencies, number, actor) -> None:
        for index in range(number):
            youth = create_youth(
                actor=actor,
                county=county,
                first_name=f"Youth{index}",
                last_name=county.slug.title(),
                date_of_birth=date(2010 + index % 5, 1 + index % 12, 1),
                agencies=[agencies[AgencyType.CHILD_WELFARE]],
                profile={"gender_identity": "girl" if index % 3 else "boy"},
            )
            record_identification(
                actor=actor,
                youth=youth,
                agency=agencies[AgencyType.CHILD_WELFARE],
                record_class="child_welfare",
                identified_on=date(2026, 7, 1 + index),
                source="hotline",
                identified_by="Hotline",
                category="during_care" if index % 2 else "at_risk",
                certainty="suspected",
            )

    def test_the_public_page_needs_no_sign_in_and_shows_no_small_count(self):
        response = self.client.get(reverse("public_statewide"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["state"].period, PUBLISHED)
        csv_response = self.client.get(reverse("public_statewide_csv"))
        self.assertEqual(csv_response.status_code, 200)
        text = csv_response.content.decode()
        found = numbers(text)
        self.assertTrue(found)
        self.assertEqual([n for n in found if 1 <= n <= 10], [])
        self.assertIn("*", text)

    def test_every_table_is_suppressed_for_the_analyst_too(self):
        state = statewide_for(PUBLISHED)
        self.assertTrue(state.tables)
        for table in state.tables:
            self.assertTrue(table.suppressed)
            values = [v for row in table.body() for v in row[1:] if isinstance(v, int)]
            self.assertEqual([v for v in values if 1 <= v <= 10], [], table.key)
        by_status = state.tables[0]
        # County B's 3 is hidden; with only two counties, county A's 14 and the state's
        # 17 would give it away, so one of them is hidden too.
        self.assertIsNone(by_status.row_totals[1])
        self.assertIn(None, (by_status.row_totals[0], by_status.total))

    def test_it_counts_what_counties_may_contribute_and_never_a_part_2_record(self):
        identified = measures.identified_youth(StateSource(), PUBLISHED)
        per_county = Counter(y.county_id for y in identified)
        self.assertEqual(per_county, {self.county_a.pk: 14, self.county_b.pk: 3})

    def test_the_analyst_sees_the_tables_and_no_county_figure_unsuppressed(self):
        self.client.force_login(self.state_analyst)
        response = self.client.get(reverse("reports:statewide"))
        self.assertEqual(response.status_code, 200)
        cells = re.findall(r'<td class="cc-num">(.*?)</td>', response.content.decode(), re.S)
        self.assertTrue(cells)
        shown = [int(c) for c in cells if c.strip().isdigit()]
        self.assertTrue(shown)
        self.assertEqual([n for n in shown if 1 <= n <= 10], [])
        self.assertTrue(any("hidden" in c for c in cells))
        self.assertNotIn("Youth0", response.content.decode())

    def test_the_analyst_gets_404_for_every_youth_url(self):
        """Every page of a youth in the authorisation matrix, asked by the analyst (the
        matrix itself asks the rest, with their records)."""
        self.client.force_login(self.state_analyst)
        youth = {"dependent": self.youth_cw_a.pk, "ward": self.youth_prob_a.pk}
        asked = 0
        for name, subject, expected in CASES:
            if subject not in youth:
                continue
            self.assertEqual(expected[STATE], 404, name)
            url = reverse(name, kwargs={"youth_id": youth[subject]})
            self.assertEqual(self.client.get(url).status_code, 404, name)
            asked += 1
        self.assertGreater(asked, 20)

    def test_only_whole_quarters_that_have_ended_are_published(self):
        response = self.client.get(reverse("public_statewide"), {"period": "2026-Q4"})
        self.assertContains(response, "Choose a period from the list")
        self.assertEqual(response.context["state"].period, PUBLISHED)
        for period in ("2026", "2026-Q5", "<script>"):
            response = self.client.get(reverse("public_statewide_csv"), {"period": period})
            self.assertEqual(response.status_code, 200)
            self.assertIn(PUBLISHED.key, response["Content-Disposition"])

    def test_a_quarter_is_counted_once_and_then_served_unchanged(self):
        url = reverse("public_statewide_csv")
        # Publishing counts the quarter: a fixed number of queries, however many youth.
        with self.assertNumQueries(PUBLISH_QUERIES):
            first = self.client.get(url).content
        self.identify(self.county_b, self.agencies_b, 9, self.social_worker_b)
        with self.assertNumQueries(SERVE_QUERIES):
            again = self.client.get(url).content
        # Late records change nothing published: two copies cannot be subtracted.
        self.assertEqual(first, again)
        self.assertEqual(AuditEvent.objects.filter(action="report.statewide_published").count(), 1)

    def test_the_analysts_queries_do_not_grow_with_the_number_of_youth(self):
        self.client.force_login(self.state_analyst)
        url = reverse("reports:statewide")
        self.client.get(url)
        with self.assertNumQueries(ANALYST_QUERIES):
            self.client.get(url)
        self.identify(self.county_b, self.agencies_b, 9, self.social_worker_b)
        with self.assertNumQueries(ANALYST_QUERIES):
            self.client.get(url)

    def test_the_published_tables_are_drawn_once_and_shown_alike(self):
        self.client.force_login(self.state_analyst)
        first = self.client.get(reverse("reports:statewide"))
        self.assertTemplateUsed(first, "reports/_table.html")
        again = self.client.get(reverse("reports:statewide"))
        self.assertTemplateNotUsed(again, "reports/_table.html")
        self.client.logout()
        public = self.client.get(reverse("public_statewide"))
        self.assertTemplateNotUsed(public, "reports/_table.html")
        tables = str(first.context["tables"])
        self.assertGreater(tables.count("<table"), 5)
        for response in (again, public):
            self.assertEqual(str(response.context["tables"]), tables)
            self.assertContains(response, tables, html=False)

    def test_a_quarter_is_published_a_month_after_it_ends(self):
        self.assertEqual(published_quarters(date(2026, 10, 30))[0], quarter(2026, 2))
        self.assertEqual(published_quarters(date(2026, 11, 1))[0], quarter(2026, 3))
        self.assertEqual(len(published_quarters(TODAY)), 8)
