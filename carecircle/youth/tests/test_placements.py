from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent, Outcome
from carecircle.sharing.actions import add_team_member
from carecircle.test import BaseTestCase
from carecircle.youth import actions
from carecircle.youth.models import Placement


class PlacementTest(BaseTestCase):
    def record(self, on: date, setting: str = "resource_family", **extra) -> Placement:
        return actions.record_placement(
            actor=self.probation_officer_a,
            youth=self.youth_prob_a,
            agency=self.agencies_a[AgencyType.PROBATION],
            record_class=extra.pop("record_class", "general"),
            setting=setting,
            started_on=on,
            address=extra.pop("address", "12 Alder Lane, Fernhollow"),
            **extra,
        )

    def address_url(self, placement: Placement) -> str:
        return reverse(
            "youth:placement_address",
            kwargs={"youth_id": self.youth_prob_a.pk, "placement_id": placement.pk},
        )

    def test_a_move_ends_the_previous_placement_that_day(self):
        first = self.record(date(2026, 1, 5), "detention")
        second = self.record(date(2026, 3, 1), "csec_specialised")
        first.refresh_from_db()
        self.assertEqual(first.ended_on, date(2026, 3, 1))
        self.assertIsNone(second.ended_on)
        event = AuditEvent.objects.filter(action="placement.record").last()
        self.assertEqual(event.detail["ended"], [str(first.pk)])
        self.assertNotIn("Alder", str(event.detail))

    def test_it_refuses_a_move_before_the_current_placement_began(self):
        self.record(date(2026, 3, 1))
        with self.assertRaises(ValidationError):
            self.record(date(2026, 2, 1))
        self.assertEqual(Placement.objects.count(), 1)

    def test_the_form_refuses_a_future_date_with_a_message(self):
        self.login("probation_officer")
        url = reverse("youth:placement_new", kwargs={"youth_id": self.youth_prob_a.pk})
        response = self.client.post(
            url,
            {
                "agency": self.agencies_a[AgencyType.PROBATION].pk,
                "record_class": "probation",
                "setting": "relative",
                "started_on": "2999-01-01",
            },
        )
        self.assertContains(response, "cannot start in the future")
        self.assertFalse(Placement.objects.exists())

    def test_the_probation_officer_opens_the_address_and_the_opening_is_recorded(self):
        placement = self.record(date(2026, 1, 5))
        self.login("probation_officer")
        profile = self.client.get(
            reverse("youth:detail", kwargs={"youth_id": self.youth_prob_a.pk})
        )
        self.assertContains(profile, "Resource family (foster home)")
        self.assertNotContains(profile, "Alder Lane")
        response = self.client.get(self.address_url(placement))
        self.assertContains(response, "12 Alder Lane")
        self.assertEqual(response["Cache-Control"], "no-store")
        event = AuditEvent.objects.get(action="placement.view_address")
        self.assertEqual(event.outcome, Outcome.SUCCESS)

    def test_a_team_clinician_sees_the_setting_but_not_the_address(self):
        placement = self.record(date(2026, 1, 5))
        add_team_member(
            actor=self.coordinator_a,
            youth=self.youth_prob_a,
            user=self.clinician_a,
            agency=self.agencies_a[AgencyType.MENTAL_HEALTH],
        )
        self.login("clinician")
        profile = self.client.get(
            reverse("youth:detail", kwargs={"youth_id": self.youth_prob_a.pk})
        )
        self.assertContains(profile, "Resource family (foster home)")
        self.assertNotContains(profile, "Open the protected address")
        response = self.client.get(self.address_url(placement))
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(response, "Alder", status_code=403)
        event = AuditEvent.objects.get(action="placement.view_address")
        self.assertEqual(event.outcome, Outcome.DENIED)

    def test_a_placement_of_a_class_the_viewer_may_not_see_is_404(self):
        placement = self.record(date(2026, 1, 5), record_class="probation")
        # The counselor's program serves the youth, but a probation record reaches
        # only the MDT, and the counselor is not on it.
        self.login("counselor")
        self.assertEqual(self.client.get(self.address_url(placement)).status_code, 404)
