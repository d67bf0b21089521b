from datetime import timedelta

import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from carecircle.sharing.actions import extend_sharing_window, record_sharing_window
from carecircle.sharing.tests.base import SharingTestCase


class SharingWindowTest(SharingTestCase):
    """Child welfare items reach the MDT only within the WIC §18961.7 window."""

    def setUp(self) -> None:
        self.note = self.notes["child_welfare"]

    def status_for_probation(self) -> int:
        self.client.force_login(self.probation_officer_a)
        return self.client.get(self.note_url(self.note)).status_code

    def test_it_shares_child_welfare_items_for_30_days_after_the_report(self):
        self.assertEqual(self.status_for_probation(), 404)
        reported = timezone.now() - timedelta(days=1)
        record_sharing_window(
            actor=self.coordinator_a, youth=self.youth_prob_a, reported_at=reported
        )
        self.assertEqual(self.status_for_probation(), 200)
        with time_machine.travel(reported + timedelta(days=30, seconds=1)):
            self.assertEqual(self.status_for_probation(), 404)

    def test_it_extends_only_with_good_cause(self):
        reported = timezone.now() - timedelta(days=29)
        window = record_sharing_window(
            actor=self.coordinator_a, youth=self.youth_prob_a, reported_at=reported
        )
        with self.assertRaises(ValidationError):
            extend_sharing_window(
                actor=self.coordinator_a,
                window=window,
                ends_at=reported + timedelta(days=45),
                good_cause=" ",
            )
        extend_sharing_window(
            actor=self.coordinator_a,
            window=window,
            ends_at=reported + timedelta(days=45),
            good_cause="Placement search still under way; team meets on the 12th.",
        )
        with time_machine.travel(reported + timedelta(days=40)):
            self.assertEqual(self.status_for_probation(), 200)
