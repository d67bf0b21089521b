from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase
from carecircle.youth.actions import create_youth

URL = reverse("youth:caseload")


class CaseloadTest(BaseTestCase):
    def names(self, response) -> set[str]:
        return {y.full_name for y in response.context["page"].object_list}

    def test_it_shows_the_coordinator_every_youth_of_the_county(self):
        self.login("coordinator")
        response = self.client.get(URL)
        self.assertEqual(self.names(response), {"Marisol Delgado", "Jaylen Whitfield"})

    def test_it_shows_other_roles_the_youth_their_agency_serves(self):
        expected = {
            "social_worker": {"Marisol Delgado"},
            "clinician": {"Marisol Delgado"},
            "probation_officer": {"Jaylen Whitfield"},
            "counselor": {"Jaylen Whitfield"},
            "victim_advocate": {"Jaylen Whitfield"},
            "public_health_nurse": set(),
            "survivor_mentor": set(),
        }
        for role, names in expected.items():
            with self.subTest(role=role):
                self.login(role)
                self.assertEqual(self.names(self.client.get(URL)), names)

    def test_it_never_shows_another_countys_youth(self):
        self.login("coordinator", "b")
        response = self.client.get(URL)
        self.assertEqual(self.names(response), {"Brianna Okafor", "Tatum Reyes"})
        self.assertNotContains(response, "Delgado")
        searched = self.client.get(URL, {"q": "Delgado"})
        self.assertEqual(self.names(searched), set())
        self.assertContains(searched, "0 youth match")

    def test_it_searches_by_first_last_and_preferred_name(self):
        self.login("coordinator")
        for query in ("delg", "Marisol", "Mari", "marisol delgado"):
            with self.subTest(query=query):
                self.assertEqual(
                    self.names(self.client.get(URL, {"q": query})), {"Marisol Delgado"}
                )
        self.assertEqual(self.names(self.client.get(URL, {"q": "Zzyzx"})), set())

    def test_it_pages_the_list(self):
        agency = self.agencies_a[AgencyType.CHILD_WELFARE]
        for number in range(30):
            create_youth(
                actor=None,
                county=self.county_a,
                first_name=f"Test{number:02d}",
                last_name="Paging",
                date_of_birth=date(2011, 1, 1),
                agencies=[agency],
            )
        self.login("social_worker")
        first = self.client.get(URL)
        self.assertEqual(len(first.context["page"].object_list), 25)
        self.assertEqual(first.context["page"].paginator.count, 31)
        second = self.client.get(URL, {"page": 2})
        self.assertEqual(len(second.context["page"].object_list), 6)
        self.assertContains(second, "Page 2 of 2")
        # A page number past the end, or not a number, shows the nearest page.
        self.assertEqual(self.client.get(URL, {"page": "99"}).context["page"].number, 2)
        self.assertEqual(self.client.get(URL, {"page": "x"}).context["page"].number, 1)

    def test_it_records_which_youth_the_list_showed(self):
        viewer = self.login("probation_officer")
        self.client.get(URL, {"q": "Whit"})
        event = AuditEvent.objects.get(action="youth.list", actor_id=viewer.pk)
        self.assertEqual(event.detail["youth"], [str(self.youth_prob_a.pk)])
        self.assertEqual(event.detail["query"], "Whit")

    def test_it_is_not_for_roles_without_a_caseload(self):
        for role in ("county_admin", "auditor"):
            self.login(role)
            self.assertEqual(self.client.get(URL).status_code, 403)
        self.client.force_login(self.state_analyst)
        self.assertEqual(self.client.get(URL).status_code, 403)

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))


class CaseloadQueryCountTest(BaseTestCase):
    def add_youth(self, count: int) -> None:
        agencies = [
            self.agencies_a[AgencyType.CHILD_WELFARE],
            self.agencies_a[AgencyType.MENTAL_HEALTH],
            self.agencies_a[AgencyType.PUBLIC_HEALTH],
        ]
        for number in range(count):
            create_youth(
                actor=None,
                county=self.county_a,
                first_name=f"Load{number:03d}",
                last_name="Count",
                date_of_birth=date(2010, 6, 1),
                agencies=agencies,
            )

    def count_queries(self) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_it_uses_the_same_number_of_queries_for_10_and_100_youth(self):
        self.login("coordinator")
        self.add_youth(8)  # with the two of the shared set-up: 10
        with_10 = self.count_queries()
        self.add_youth(90)
        with_100 = self.count_queries()
        self.assertEqual(with_10, with_100)
        # session, user, memberships, county, count, page, prefetched agencies, unread
        # alerts, session save; the audit entry: savepoint, chain head lock, insert, head
        # update, the youth index, release
        self.assertEqual(with_100, 17)


class CaseloadExportTest(BaseTestCase):
    def test_it_exports_what_the_viewer_sees_and_audits_it(self):
        import csv
        import io

        create_youth(
            actor=None,
            county=self.county_a,
            first_name="=HYPERLINK(1)",
            last_name="Formula",
            date_of_birth=date(2011, 1, 1),
            agencies=[self.agencies_a[AgencyType.PROBATION]],
        )
        viewer = self.login("probation_officer")
        response = self.client.get(reverse("youth:caseload_export"))
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="caseload.csv"')
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        names = {(row[0], row[1]) for row in rows[1:]}
        self.assertEqual(names, {("Whitfield", "Jaylen"), ("Formula", "'=HYPERLINK(1)")})
        # The substance use program and the advocate serving Jaylen are not named.
        self.assertEqual(
            next(row for row in rows if row[0] == "Whitfield")[4], "Fernhollow Probation Department"
        )
        event = AuditEvent.objects.get(action="youth.export", actor_id=viewer.pk)
        self.assertEqual(len(event.detail["youth"]), 2)

    def test_it_exports_nothing_of_another_county(self):
        self.login("coordinator", "b")
        response = self.client.get(reverse("youth:caseload_export"))
        self.assertNotIn("Delgado", response.content.decode())

    def test_it_sorts_by_date_of_birth(self):
        self.login("coordinator")
        youngest = self.client.get(URL, {"sort": "dob"}).context["page"].object_list
        self.assertEqual([y.first_name for y in youngest], ["Marisol", "Jaylen"])
        oldest = self.client.get(URL, {"sort": "-dob"}).context["page"].object_list
        self.assertEqual([y.first_name for y in oldest], ["Jaylen", "Marisol"])
