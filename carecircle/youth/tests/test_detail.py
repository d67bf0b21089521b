from django.urls import reverse

from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase


class YouthDetailTest(BaseTestCase):
    def url(self, youth) -> str:
        return reverse("youth:detail", kwargs={"youth_id": youth.pk})

    def test_it_shows_the_profile_to_a_member_of_a_serving_agency(self):
        self.login("clinician")
        response = self.client.get(self.url(self.youth_cw_a))
        self.assertContains(response, "Marisol Delgado")
        self.assertContains(response, "goes by Mari")

    def test_it_writes_exactly_one_audit_event_for_opening_a_profile(self):
        viewer = self.login("social_worker")
        before = AuditEvent.objects.count()
        self.client.get(self.url(self.youth_cw_a))
        self.assertEqual(AuditEvent.objects.count(), before + 1)
        event = AuditEvent.objects.latest("id")
        self.assertEqual(
            (event.action, event.actor_id, event.object_id, event.county_id),
            ("youth.view", viewer.pk, str(self.youth_cw_a.pk), self.county_a.pk),
        )

    def test_it_answers_404_for_another_countys_youth(self):
        self.login("coordinator")
        response = self.client.get(self.url(self.youth_cw_b))
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Okafor", status_code=404)
        self.assertFalse(AuditEvent.objects.filter(action="youth.view").exists())

    def test_it_answers_404_for_a_youth_no_agency_of_the_viewer_serves(self):
        self.login("probation_officer")
        self.assertEqual(self.client.get(self.url(self.youth_cw_a)).status_code, 404)

    def test_it_answers_404_for_an_unknown_address(self):
        self.login("coordinator")
        response = self.client.get("/youth/00000000-0000-0000-0000-000000000000/")
        self.assertEqual(response.status_code, 404)


class RecentNotesTest(BaseTestCase):
    def test_the_profile_shows_the_recent_notes_and_sends_to_the_timeline_for_all(self):
        from carecircle.accounts.models import Agency
        from carecircle.records.actions import create_note
        from carecircle.youth.views.profile import NOTES_SHOWN

        author = self.persona("social_worker")
        agency = Agency.objects.get(county=self.county_a, agency_type="child_welfare")
        for number in range(NOTES_SHOWN + 3):
            create_note(
                actor=author,
                youth=self.youth_cw_a,
                agency=agency,
                record_class="child_welfare",
                subject=f"Visit number {number:02d}",
                body="Synthetic.",
            )
        self.login("social_worker")
        response = self.client.get(reverse("youth:detail", kwargs={"youth_id": self.youth_cw_a.pk}))
        self.assertContains(response, f"Visit number {NOTES_SHOWN + 2:02d}")
        self.assertNotContains(response, "Visit number 02")
        timeline = reverse("youth:timeline", kwargs={"youth_id": self.youth_cw_a.pk})
        self.assertContains(response, f'href="{timeline}?kinds=note"')
        listed = AuditEvent.objects.filter(action="youth.view").latest("id").detail["items"]
        self.assertEqual(sum(item.startswith("note:") for item in listed), NOTES_SHOWN)
