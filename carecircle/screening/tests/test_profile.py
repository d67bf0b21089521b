from django.urls import reverse

from carecircle.audit.models import AuditEvent
from carecircle.screening.tests.base import ScreeningTestCase, answers


class ProfileScreeningsTest(ScreeningTestCase):
    def profile(self):
        return self.client.get(reverse("youth:detail", kwargs={"youth_id": self.youth_cw_a.pk}))

    def test_it_lists_visible_screenings_and_audits_the_listing(self):
        screening = self.record(answers=answers(unstable_housing="strong", controlled="strong"))
        hidden = self.record(record_class="child_welfare", answers=answers())
        self.login("supervisor")
        response = self.profile()
        self.assertContains(response, "Possible concern")
        self.assertContains(response, "Record a screening")
        event = AuditEvent.objects.filter(action="youth.view").latest("id")
        self.assertIn(f"screening:{screening.pk}", event.detail["items"])
        self.assertIn(f"screening:{hidden.pk}", event.detail["items"])  # same agency

    def test_it_shows_the_mdt_referral_to_the_coordinator_and_to_who_sees_the_screening(self):
        self.record(answers=answers(youth_says="told"))
        for role in ("coordinator", "social_worker"):
            self.login(role)
            self.assertContains(self.profile(), "Refer to the MDT")

    def test_a_task_does_not_reveal_a_screening_hidden_from_the_viewer(self):
        self.record(record_class="child_welfare", answers=answers(youth_says="told"))
        self.login("clinician")  # sees the youth, not the child welfare screening
        response = self.profile()
        self.assertNotContains(response, "Refer to the MDT")
        self.assertContains(response, "No screening recorded that you can see.")
        event = AuditEvent.objects.filter(action="youth.view").latest("id")
        self.assertFalse(any(i.startswith("screening:") for i in event.detail["items"]))
        # Whose task it is still sees it, whatever the screening's class.
        self.login("coordinator")
        self.assertContains(self.profile(), "Refer to the MDT")

    def test_it_offers_no_task_panel_when_nothing_is_open(self):
        self.record()
        self.login("social_worker")
        self.assertNotContains(self.profile(), "Open tasks")
