"""Query budgets: the number of queries of every list, profile, dashboard and report page
not pinned beside its own tests (those are the caseload, the due list, the dashboard and
program report, the statewide pages and the people page), asked once in the matrix's
world. A page that starts asking more fails here with its new count; if the rise is
meant, pin the new number and say why in the commit. That the count does not grow with
the rows shown is django-zeal's part: an N+1 in any request fails the tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecircle.tests.matrix.cases import STATE
from carecircle.tests.matrix.world import MatrixWorld

# (URL name, subject in the matrix's world, who asks, queries). A person with tasks also
# has the county's last change read, and their header's counts counted, on a first visit
# (clocks.access.kept_header_counts).
BUDGETS = [
    ("alerts", None, "coordinator", 11),
    ("youth:detail", "dependent", "coordinator", 31),
    ("youth:timeline", "dependent", "coordinator", 27),
    ("youth:contacts", "dependent", "coordinator", 18),
    ("meetings:list", "ward", "coordinator", 18),
    ("referrals:plan", "dependent", "coordinator", 27),
    ("justice:overview", "ward", "probation_officer", 24),
    ("sharing:team", "dependent", "coordinator", 21),
    ("sharing:consents", "dependent", "coordinator", 22),
    ("sharing:break_glass_reviews", None, "supervisor", 18),
    ("providers", None, "coordinator", 11),
    ("audit:log", None, "auditor", 17),
    ("imports:list", None, "coordinator", 11),
    ("api_tokens", None, "coordinator", 11),
    ("county_api_tokens", None, "county_admin", 11),
    ("sealing:register", None, "court_liaison", 16),
    ("state_overview", None, STATE, 6),
    ("api:youth_list", None, "coordinator", 22),
    ("api:tasks", None, "coordinator", 20),
    ("api:imports", None, "coordinator", 14),
]


class QueryBudgetTest(MatrixWorld):
    def test_each_page_asks_its_pinned_number_of_queries(self):
        counted = []
        for name, subject, persona, _budget in BUDGETS:
            self.sign_in_as(persona)
            url = self.url_for(name, subject)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200, f"{name} as {persona}")
            counted.append(len(queries))
        over = [
            f"{name}: {count} queries, pinned {budget}"
            for (name, _s, _p, budget), count in zip(BUDGETS, counted, strict=True)
            if count != budget
        ]
        self.assertEqual(over, [], "\n".join(over))
