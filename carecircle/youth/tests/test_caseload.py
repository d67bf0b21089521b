from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase
from carecircle.youth.actions import create_youth

URL = reverse("youth:caseload")
# The pinned count of the plain list (below) and of a list narrowed by status and agency.
CASELOAD_QUERIES = 23
CASELOAD_FILTERED_QUERIES = 23


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
        # session, user, memberships, county, filter choices (agencies, people), count,
        # page, prefetched agencies, current statuses, unread alerts, the county's last
        # change and the header's task counts (counted again: youth were added), session
        # save; the audit entry: savepoint, chain head lock, insert, head update, the
        # youth index, release
        self.assertEqual(with_100, CASELOAD_QUERIES)


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


class CaseloadFilterTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        from datetime import date

        from carecircle.sharing.actions import add_team_member
        from carecircle.youth.actions import record_identification

        super().setUpTestData()
        record_identification(
            actor=cls.social_worker_a,
            youth=cls.youth_cw_a,
            agency=cls.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="general",
            identified_on=date(2026, 10, 1),
            source="hotline",
            identified_by="Hotline worker",
            category="during_care",
            certainty="suspected",
        )
        # A status the coordinator may not see: a counselor's Part 2 record.
        record_identification(
            actor=cls.counselor_a,
            youth=cls.youth_prob_a,
            agency=cls.agencies_a[AgencyType.SUBSTANCE_USE],
            record_class="substance_use",
            identified_on=date(2026, 10, 1),
            source="self_disclosure",
            identified_by="Counselor",
            category="during_care",
            certainty="confirmed",
        )
        add_team_member(
            actor=cls.coordinator_a,
            youth=cls.youth_prob_a,
            user=cls.probation_officer_a,
            agency=cls.agencies_a[AgencyType.PROBATION],
        )
        add_team_member(
            actor=cls.coordinator_a,
            youth=cls.youth_cw_a,
            user=cls.social_worker_a,
            agency=cls.agencies_a[AgencyType.CHILD_WELFARE],
        )
        add_team_member(
            actor=cls.coordinator_a,
            youth=cls.youth_prob_a,
            user=cls.counselor_a,
            agency=cls.agencies_a[AgencyType.SUBSTANCE_USE],
        )

    def names(self, **params) -> list[str]:
        response = self.client.get(reverse("youth:caseload"), params)
        return [youth.first_name for youth, _statuses in response.context["rows"]]

    def test_it_filters_by_a_status_the_viewer_can_see_and_shows_it(self):
        self.login("coordinator")
        self.assertEqual(self.names(status="during_care"), ["Marisol"])
        response = self.client.get(reverse("youth:caseload"))
        self.assertContains(response, "Exploited during foster care (suspected)")

    def test_a_hidden_status_neither_filters_nor_shows(self):
        self.login("coordinator")
        self.assertNotIn("Jaylen", self.names(status="during_care"))
        self.login("counselor")
        self.assertEqual(self.names(status="during_care"), ["Jaylen"])

    def test_it_filters_by_agency_and_by_person_on_the_team(self):
        self.login("coordinator")
        probation = self.agencies_a[AgencyType.PROBATION]
        self.assertEqual(self.names(agency=probation.pk), ["Jaylen"])
        self.assertEqual(self.names(worker=self.probation_officer_a.pk), ["Jaylen"])
        self.assertEqual(self.names(worker=self.clinician_a.pk), [])

    def test_it_offers_no_protected_agency_or_its_people_as_a_filter(self):
        self.login("coordinator")
        response = self.client.get(reverse("youth:caseload"))
        filters = response.context["filters"]
        agency_ids = {value for value, _label in filters.fields["agency"].choices}
        self.assertNotIn(self.agencies_a[AgencyType.SUBSTANCE_USE].pk, agency_ids)
        self.assertIn(self.agencies_a[AgencyType.PROBATION].pk, agency_ids)
        worker_ids = {value for value, _label in filters.fields["worker"].choices}
        self.assertNotIn(self.counselor_a.pk, worker_ids)
        # Asking anyway is ignored rather than answered.
        self.assertEqual(sorted(self.names(worker=self.counselor_a.pk)), ["Jaylen", "Marisol"])

    def test_the_export_applies_the_same_filters(self):
        self.login("coordinator")
        probation = self.agencies_a[AgencyType.PROBATION]
        response = self.client.get(reverse("youth:caseload_export"), {"agency": probation.pk})
        body = response.content.decode()
        self.assertIn("Whitfield", body)
        self.assertNotIn("Delgado", body)

    def test_filters_cost_a_fixed_number_of_queries(self):
        self.login("coordinator")
        with self.assertNumQueries(CASELOAD_FILTERED_QUERIES):
            response = self.client.get(
                reverse("youth:caseload"),
                {
                    "status": "during_care",
                    "agency": self.agencies_a[AgencyType.CHILD_WELFARE].pk,
                    "worker": self.social_worker_a.pk,
                },
            )
        self.assertEqual(len(response.context["rows"]), 1)
