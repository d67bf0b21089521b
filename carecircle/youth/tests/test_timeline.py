from datetime import date

from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase, build_sharing_world
from carecircle.youth import actions


class TimelineTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        world = build_sharing_world(vars(cls).copy())
        cls.notes = world["notes"]
        probation = cls.agencies_a[AgencyType.PROBATION]
        cls.identification = actions.record_identification(
            actor=cls.probation_officer_a,
            youth=cls.youth_prob_a,
            agency=probation,
            record_class="general",
            identified_on=date(2026, 9, 1),
            source="detention",
            identified_by="Intake officer Lam",
            category="at_risk",
            certainty="suspected",
        )
        status = cls.identification.statuses.get()
        actions.change_status(
            actor=cls.probation_officer_a,
            status=status,
            on=date(2026, 9, 20),
            certainty="confirmed",
        )
        actions.record_placement(
            actor=cls.probation_officer_a,
            youth=cls.youth_prob_a,
            agency=probation,
            record_class="general",
            setting="detention",
            started_on=date(2026, 9, 1),
        )

    def url(self) -> str:
        return reverse("youth:timeline", kwargs={"youth_id": self.youth_prob_a.pk})

    def titles(self, response) -> list[str]:
        return [(e.kind, e.title) for e in response.context["page"].object_list]

    def test_it_lists_every_kind_in_date_order_newest_first(self):
        self.login("probation_officer")
        response = self.client.get(self.url())
        entries = response.context["page"].object_list
        self.assertEqual([e.on for e in entries], sorted((e.on for e in entries), reverse=True))
        kinds = {e.kind for e in entries}
        self.assertLessEqual({"identification", "status", "placement", "note"}, kinds)
        self.assertIn(
            ("status", "Ended: At risk of exploitation (suspected)"), self.titles(response)
        )
        self.assertIn(
            ("identification", "Detention intake: Intake officer Lam"), self.titles(response)
        )

    def test_it_shows_only_what_the_policy_lets_the_viewer_see(self):
        self.login("probation_officer")
        subjects = {e.title for e in self.client.get(self.url()).context["page"].object_list}
        self.assertIn("A probation note", subjects)
        self.assertNotIn("A substance use note", subjects)
        self.assertNotIn("A victim advocate note", subjects)
        self.login("counselor")
        subjects = {e.title for e in self.client.get(self.url()).context["page"].object_list}
        self.assertIn("A substance use note", subjects)

    def test_it_filters_by_kind_and_by_agency(self):
        self.login("probation_officer")
        response = self.client.get(self.url(), {"kinds": ["placement"]})
        self.assertEqual({e.kind for e in response.context["page"].object_list}, {"placement"})
        court = self.agencies_a[AgencyType.JUVENILE_COURT]
        response = self.client.get(self.url(), {"agency": court.pk})
        self.assertEqual({e.agency.pk for e in response.context["page"].object_list}, {court.pk})

    def test_it_records_the_items_the_page_listed(self):
        self.login("probation_officer")
        self.client.get(self.url(), {"kinds": ["identification"]})
        event = AuditEvent.objects.filter(action="youth.view").last()
        self.assertEqual(event.detail["items"], [f"identification:{self.identification.pk}"])

    def test_it_is_404_across_counties_and_without_a_basis(self):
        self.login("coordinator", "b")
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.login("social_worker")
        self.assertEqual(self.client.get(self.url()).status_code, 404)


class TimelineMissingTest(BaseTestCase):
    def test_it_shows_a_missing_episode_and_the_return(self):
        from datetime import timedelta

        from django.utils import timezone

        from carecircle.clocks.actions import record_missing_episode, record_return

        episode = record_missing_episode(
            actor=self.social_worker_a,
            youth=self.youth_cw_a,
            agency=self.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="child_welfare",
            last_seen_at=timezone.now() - timedelta(days=3),
            reported_by="Resource parent",
        )
        record_return(
            actor=self.social_worker_a,
            episode=episode,
            returned_at=timezone.now() - timedelta(days=1),
            how_found="returned",
        )
        self.login("social_worker")
        url = reverse("youth:timeline", kwargs={"youth_id": self.youth_cw_a.pk})
        response = self.client.get(url, {"kinds": ["missing"]})
        titles = [e.title for e in response.context["page"].object_list]
        self.assertEqual(titles, ["Returned: Came back on their own", "Missing from care"])
