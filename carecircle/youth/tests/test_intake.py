import re
from datetime import date

from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase
from carecircle.youth.actions import create_youth
from carecircle.youth.models import Youth

URL = reverse("youth:intake")


class IntakeSearchTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cw = cls.agencies_a[AgencyType.CHILD_WELFARE]
        cls.jasmine = create_youth(
            actor=None, county=cls.county_a, first_name="Jasmine", last_name="Rodriguez",
            date_of_birth=date(2009, 4, 13), agencies=[cw],
        )  # fmt: skip
        cls.alias = create_youth(
            actor=None, county=cls.county_a, first_name="Karina", last_name="Soto",
            date_of_birth=date(2008, 1, 2), agencies=[cw],
            other_names=[("Jazmine Rodriguez", "street_name")],
        )  # fmt: skip
        cls.guadalupe = create_youth(
            actor=None, county=cls.county_a, first_name="Guadalupe", last_name="Herrera",
            date_of_birth=date(2010, 7, 21), agencies=[cw],
            identifiers=[("probation", "JV-2026-0142")],
        )  # fmt: skip
        cls.unrelated = create_youth(
            actor=None, county=cls.county_a, first_name="Brianna", last_name="Nguyen",
            date_of_birth=date(2011, 9, 9), agencies=[cw],
        )  # fmt: skip
        cls.elsewhere = create_youth(
            actor=None, county=cls.county_b, first_name="Jasmine", last_name="Rodriguez",
            date_of_birth=date(2009, 4, 13),
            agencies=[cls.agencies_b[AgencyType.CHILD_WELFARE]],
        )  # fmt: skip

    def search(self, **fields):
        return self.client.get(URL, {"search": "1", **fields})

    def found(self, response) -> list:
        return [m.youth for m in response.context["matches"]]

    def test_it_finds_a_misspelled_name_with_a_mistyped_date_and_an_alias(self):
        self.login("coordinator")
        response = self.search(
            first_name="Jazmin", last_name="Rodrigues", date_of_birth="2009-03-14"
        )
        found = self.found(response)
        self.assertEqual(found[0], self.jasmine)
        self.assertIn(self.alias, found)
        self.assertNotIn(self.unrelated, found)
        reasons = " ".join(response.context["matches"][0].reasons)
        self.assertIn("Date of birth one typing slip away", reasons)
        self.assertIn("Jasmine Rodriguez", reasons)
        self.assertContains(response, "Street name")

    def test_it_finds_a_date_with_day_and_month_swapped(self):
        self.login("coordinator")
        response = self.search(first_name="Karina", last_name="Soto", date_of_birth="2008-02-01")
        self.assertEqual(self.found(response)[0], self.alias)
        reasons = " ".join(response.context["matches"][0].reasons)
        self.assertIn("day and month swapped", reasons)

    def test_it_refuses_an_impossible_date_with_a_message(self):
        self.login("coordinator")
        response = self.search(first_name="Karina", last_name="Soto", date_of_birth="2008-13-01")
        self.assertContains(response, "error-summary")
        self.assertFalse(response.context["searched"])

    def test_it_finds_a_nickname(self):
        self.login("coordinator")
        response = self.search(first_name="Lupe", last_name="Herrera")
        self.assertEqual(self.found(response)[0], self.guadalupe)
        self.assertIn(
            "common form of the same name", " ".join(response.context["matches"][0].reasons)
        )

    def test_it_finds_a_case_number_with_different_punctuation(self):
        self.login("coordinator")
        response = self.search(first_name="Unknown", last_name="Person", identifier="jv 2026 0142")
        self.assertEqual(self.found(response), [self.guadalupe])
        self.assertIn("Same Probation number", " ".join(response.context["matches"][0].reasons))

    def test_it_says_another_county_knows_the_youth_and_nothing_more(self):
        self.login("coordinator")
        response = self.search(
            first_name="Jasmine", last_name="Rodriguez", date_of_birth="2009-04-13"
        )
        self.assertEqual(
            response.context["elsewhere"],
            [{"county": "Ravenmoor County", "agency": "Ravenmoor Children and Family Services"}],
        )
        self.assertNotIn(self.elsewhere, self.found(response))
        self.assertNotContains(response, str(self.elsewhere.pk))

    def test_asking_the_other_counties_costs_the_same_however_many_there_are(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from carecircle.accounts.actions import create_county

        viewer = self.login("coordinator")
        probe = {"first_name": "Jasmine", "last_name": "Rodriguez", "date_of_birth": "2009-04-13"}
        self.search(**probe)  # the header's counts are kept from here on
        with CaptureQueriesContext(connection) as before:
            self.search(**probe)
        for number in range(3):
            create_county(
                actor=None, name=f"Extra County {number}", slug=f"extra-{number}", program_year=2026
            )
        with CaptureQueriesContext(connection) as after:
            response = self.search(**probe)
        self.assertEqual(len(after), len(before))
        self.assertEqual([e["county"] for e in response.context["elsewhere"]], ["Ravenmoor County"])
        self.assertEqual(viewer.county, self.county_a)

    def test_the_countys_candidates_are_looked_up_once_for_both_rankings(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.login("probation_officer")
        probe = {"first_name": "Jasmine", "last_name": "Rodriguez", "date_of_birth": "2009-04-13"}
        with CaptureQueriesContext(connection) as asked:
            self.search(**probe)
        county = f'"youth_youthsearchkey"."county_id" = {self.county_a.pk}'
        by_key = [q["sql"] for q in asked if county in q["sql"]]
        self.assertEqual(len(by_key), 1, by_key)

    def test_the_other_counties_are_asked_only_what_can_make_a_strong_match(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.login("coordinator")
        probe = {"first_name": "Jasmine", "last_name": "Rodriguez", "date_of_birth": "2009-04-13"}
        with CaptureQueriesContext(connection) as asked:
            self.search(**probe)
        # Every name lookup is the county's own; across the state, only birth dates
        # and case numbers (a name alone never makes a strong match).
        by_name = [
            q["sql"]
            for q in asked
            if "youth_youthsearchkey" in q["sql"] or re.search(r'"first_name" %+ ', q["sql"])
        ]
        county = f'"county_id" = {self.county_a.pk}'
        self.assertTrue(by_name)
        for sql in by_name:
            self.assertIn(county, sql)

    def test_a_youth_elsewhere_known_by_another_name_and_a_swapped_date_is_reported(self):
        create_youth(
            actor=None, county=self.county_b, first_name="Kay", last_name="Lamb",
            date_of_birth=date(2008, 2, 1), agencies=[self.agencies_b[AgencyType.CHILD_WELFARE]],
            other_names=[("Karina Soto", "alias")],
        )  # fmt: skip
        self.login("coordinator")
        response = self.search(first_name="Karina", last_name="Soto", date_of_birth="2008-01-02")
        self.assertEqual([e["county"] for e in response.context["elsewhere"]], ["Ravenmoor County"])

    def test_a_youth_elsewhere_with_the_same_case_number_and_no_birth_date_is_reported(self):
        create_youth(
            actor=None, county=self.county_b, first_name="Lupita", last_name="Herrera",
            date_of_birth=date(2010, 7, 21), agencies=[self.agencies_b[AgencyType.CHILD_WELFARE]],
            identifiers=[("probation", "RV-0042")],
        )  # fmt: skip
        self.login("coordinator")
        response = self.search(first_name="Lupe", last_name="Herrera", identifier="rv 0042")
        self.assertEqual([e["county"] for e in response.context["elsewhere"]], ["Ravenmoor County"])

    def test_a_birth_date_at_the_calendars_edge_is_searched(self):
        self.login("coordinator")
        for born in ("0001-01-01", "9999-12-31"):
            response = self.search(first_name="Jasmine", last_name="Rodriguez", date_of_birth=born)
            self.assertEqual(response.status_code, 200)

    def test_a_weak_likeness_elsewhere_is_not_reported(self):
        self.login("coordinator")
        # The same birth date in Ravenmoor, but another name: a candidate, not a match.
        response = self.search(first_name="Brianna", last_name="Nguyen", date_of_birth="2009-04-13")
        self.assertEqual(response.context["elsewhere"], [])

    def test_it_tells_a_worker_the_county_may_know_a_youth_they_cannot_see(self):
        self.login("probation_officer")
        response = self.search(
            first_name="Jasmine", last_name="Rodriguez", date_of_birth="2009-04-13"
        )
        self.assertEqual(self.found(response), [])
        self.assertTrue(response.context["hidden_matches"])
        self.assertContains(response, "Ask your CSEC coordinator")

    def test_it_audits_the_search(self):
        viewer = self.login("coordinator")
        self.search(first_name="Jazmin", last_name="Rodrigues", date_of_birth="2009-03-14")
        event = AuditEvent.objects.get(action="youth.search_before_create")
        self.assertEqual(event.actor_id, viewer.pk)
        self.assertIn(str(self.jasmine.pk), event.detail["shown"])


class YouthCreateTest(BaseTestCase):
    def test_it_adds_a_youth_after_the_search_with_the_creators_agency(self):
        creator = self.login("social_worker")
        response = self.client.post(
            reverse("youth:create"),
            {
                "first_name": "Nayeli",
                "last_name": "Cruz",
                "date_of_birth": "2012-05-06",
                "other_name": "Nay",
                "identifier": "CWS-77",
                "identifier_kind": "cws_client",
            },
        )
        youth = Youth.objects.get(first_name="Nayeli")
        self.assertRedirects(response, reverse("youth:detail", kwargs={"youth_id": youth.pk}))
        self.assertEqual(list(youth.agencies.all()), [self.agencies_a[AgencyType.CHILD_WELFARE]])
        self.assertEqual([a.name for a in youth.aliases.all()], ["Nay"])
        self.assertEqual(youth.identifiers.get().normalized, "CWS77")
        event = AuditEvent.objects.get(action="youth.create", object_id=str(youth.pk))
        self.assertEqual(event.actor_id, creator.pk)

    def test_it_refuses_roles_that_do_not_add_youth(self):
        self.login("clinician")
        response = self.client.post(
            reverse("youth:create"),
            {"first_name": "A", "last_name": "B", "date_of_birth": "2012-05-06"},
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Youth.objects.filter(first_name="A").exists())

    def test_it_needs_a_date_of_birth(self):
        self.login("social_worker")
        response = self.client.post(reverse("youth:create"), {"first_name": "A", "last_name": "B"})
        self.assertRedirects(response, reverse("youth:intake"))
        self.assertFalse(Youth.objects.filter(first_name="A").exists())
