from datetime import date

from django.test import Client
from django.urls import reverse

from carecircle.accounts.roles import AgencyType, Role
from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase, build_sharing_world
from carecircle.youth.actions import record_identification
from carecircle.youth.models import Youth


class YouthApiTests(BaseTestCase):
    def post(self, url: str, data: dict):
        return self.client.post(url, data, content_type="application/json")

    def test_for_every_persona_the_api_lists_the_caseload_the_page_shows(self):
        for role in Role.values:
            for county in ("a", "b"):
                with self.subTest(role=role, county=county):
                    self.login(role, county)
                    page = self.client.get(reverse("youth:caseload"))
                    api = self.client.get(reverse("api:youth_list"))
                    if page.status_code != 200:
                        self.assertEqual(api.status_code, page.status_code)
                        continue
                    shown = {str(y.pk) for y, _statuses in page.context["rows"]}
                    self.assertEqual({row["id"] for row in api.json()["results"]}, shown)

    def test_search_before_create_stops_a_duplicate_until_asked(self):
        self.login("social_worker")
        data = {"first_name": "Marisol", "last_name": "Delgado", "date_of_birth": "2010-03-14"}
        found = self.post(reverse("api:youth_search"), data)
        self.assertEqual(found.status_code, 200)
        self.assertEqual(found.json()["matches"][0]["id"], str(self.youth_cw_a.pk))
        refused = self.post(reverse("api:youth_list"), data)
        self.assertEqual(refused.status_code, 409)
        self.assertEqual(Youth.objects.filter(last_name="Delgado").count(), 1)
        created = self.post(reverse("api:youth_list"), {**data, "create_anyway": True})
        self.assertEqual(created.status_code, 201)
        self.assertEqual(created.json()["agencies"], ["Fernhollow Children and Family Services"])
        self.assertTrue(AuditEvent.objects.filter(action="youth.create").exists())

    def test_a_stale_change_changes_nothing_and_says_so(self):
        self.login("social_worker")
        url = reverse("api:youth", kwargs={"youth_id": self.youth_cw_a.pk})
        version = self.client.get(url).json()["version"]
        first = self.client.patch(
            url, {"version": version, "pronouns": "she/her"}, content_type="application/json"
        )
        self.assertEqual(first.status_code, 200)
        self.assertEqual(first.json()["version"], version + 1)
        second = self.client.patch(
            url, {"version": version, "pronouns": "they/them"}, content_type="application/json"
        )
        self.assertEqual(second.status_code, 409)
        self.assertEqual(second.json()["pronouns"], "she/her")
        self.assertEqual(AuditEvent.objects.filter(action="youth.update").count(), 1)

    def test_bad_input_gets_a_clear_message_and_changes_nothing(self):
        self.login("social_worker")
        url = reverse("api:youth", kwargs={"youth_id": self.youth_cw_a.pk})
        response = self.client.patch(
            url, {"version": 1, "races": ["martian"]}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)
        body = response.json()
        self.assertEqual(body["type"], "validation_error")
        self.assertEqual(body["errors"][0]["attr"], "races.0")
        self.youth_cw_a.refresh_from_db()
        self.assertEqual(self.youth_cw_a.races, [])

    def test_a_reader_who_may_not_change_a_youth_gets_403(self):
        self.login("clinician")
        url = reverse("api:youth", kwargs={"youth_id": self.youth_cw_a.pk})
        response = self.client.patch(url, {"version": 1}, content_type="application/json")
        self.assertEqual(response.status_code, 403)

    def test_the_session_needs_its_csrf_token_to_write(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.social_worker_a)
        response = client.post(
            reverse("api:youth_search"),
            {"first_name": "A", "last_name": "B"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 403)

    def test_identifications_are_shown_as_the_policy_allows(self):
        world = {k: getattr(self, k) for k in dir(self) if k.endswith("_a")}
        build_sharing_world(world)
        ward = self.youth_prob_a
        agencies = self.agencies_a
        record_identification(
            actor=self.counselor_a, youth=ward, agency=agencies[AgencyType.SUBSTANCE_USE],
            record_class="substance_use", identified_on=date(2026, 1, 5), source="health",
            identified_by="Counselor", category="during_care", certainty="confirmed",
        )  # fmt: skip
        url = reverse("api:identifications", kwargs={"youth_id": ward.pk})
        self.login("counselor")
        self.assertEqual(len(self.client.get(url).json()["results"]), 1)
        self.login("probation_officer")
        self.assertEqual(self.client.get(url).json()["results"], [])  # Part 2: no consent
        created = self.post(
            url,
            {
                "agency": agencies[AgencyType.PROBATION].pk, "record_class": "probation",
                "identified_on": "2026-01-06", "source": "law_enforcement",
                "identified_by": "Patrol", "category": "at_risk", "certainty": "suspected",
            },
        )  # fmt: skip
        self.assertEqual(created.status_code, 201, created.content)
        not_mine = self.post(
            url,
            {
                "agency": agencies[AgencyType.CHILD_WELFARE].pk, "record_class": "general",
                "identified_on": "2026-01-06", "source": "law_enforcement",
                "identified_by": "Patrol", "category": "at_risk", "certainty": "suspected",
            },
        )  # fmt: skip
        self.assertEqual(not_mine.status_code, 400)
        self.assertEqual(not_mine.json()["errors"][0]["attr"], "agency")


class YouthRecordsApiTests(BaseTestCase):
    def test_a_screening_is_listed_to_whom_the_policy_shows_it(self):
        from carecircle.screening.actions import record_screening
        from carecircle.screening.models import InstrumentVersion

        build_sharing_world({k: getattr(self, k) for k in dir(self) if k.endswith("_a")})
        record_screening(
            actor=self.counselor_a, youth=self.youth_prob_a,
            agency=self.agencies_a[AgencyType.SUBSTANCE_USE], record_class="substance_use",
            instrument_version=InstrumentVersion.objects.filter(
                instrument__key="external-result"
            ).latest("number"),
            context="intake", screened_on=date(2026, 1, 10), tool_name="CSE-IT",
            tool_version="2.0", level="possible_concern",
        )  # fmt: skip
        url = reverse("api:screenings", kwargs={"youth_id": self.youth_prob_a.pk})
        self.login("counselor")
        listed = self.client.get(url).json()["results"]
        self.assertEqual([s["tool_name"] for s in listed], ["CSE-IT"])
        self.assertNotIn("answers", listed[0])
        self.login("probation_officer")
        self.assertEqual(self.client.get(url).json()["results"], [])
        self.assertTrue(AuditEvent.objects.filter(action="youth.view_screenings").exists())

    def test_an_episode_never_carries_its_whereabouts(self):
        from django.utils import timezone

        from carecircle.clocks.actions import record_missing_episode

        record_missing_episode(
            actor=self.social_worker_a, youth=self.youth_cw_a,
            agency=self.agencies_a[AgencyType.CHILD_WELFARE], record_class="general",
            last_seen_at=timezone.now(), reported_by="Caregiver",
            whereabouts="Motel on the frontage road",
        )  # fmt: skip
        self.login("social_worker")
        url = reverse("api:missing_episodes", kwargs={"youth_id": self.youth_cw_a.pk})
        response = self.client.get(url)
        self.assertEqual(len(response.json()["results"]), 1)
        self.assertNotContains(response, "Motel")

    def test_the_task_list_is_the_due_pages(self):
        from django.utils import timezone

        from carecircle.clocks.actions import record_missing_episode

        record_missing_episode(
            actor=self.social_worker_a, youth=self.youth_cw_a,
            agency=self.agencies_a[AgencyType.CHILD_WELFARE], record_class="general",
            last_seen_at=timezone.now(), reported_by="Caregiver",
        )  # fmt: skip
        for role, scope in (("social_worker", "mine"), ("coordinator", "county")):
            self.login(role)
            page = self.client.get(reverse("clocks:due"), {"scope": scope})
            api = self.client.get(reverse("api:tasks"), {"scope": scope}).json()
            self.assertEqual(
                [str(o.pk) for o in page.context["page"].object_list],
                [t["id"] for t in api["results"]],
            )
            self.assertTrue(api["results"])
        self.login("clinician")
        refused = self.client.get(reverse("api:tasks"), {"scope": "county"})
        self.assertEqual(refused.status_code, 403)
