from datetime import date, timedelta

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.clocks.models import ClockNotification, Obligation
from carecircle.clocks.sweep import sweep
from carecircle.meetings import actions
from carecircle.meetings.tests.base import MeetingTestCase


class ActionItemTest(MeetingTestCase):
    def add(self, owner=None, due_on=None):
        return actions.add_action_item(
            actor=self.coordinator_a,
            meeting=self.meeting,
            agency=self.agency(AgencyType.CHILD_WELFARE),
            record_class="general",
            owner=owner or self.probation_officer_a,
            description="Enroll the youth in the summer job program",
            due_on=due_on or timezone.localdate() + timedelta(days=7),
        )

    def test_it_appears_in_its_owners_due_list(self):
        item = self.add()
        obligation = Obligation.objects.get(kind="action_item")
        self.assertEqual(obligation.responsible_user, self.probation_officer_a)
        self.assertEqual(obligation.trigger_id, str(item.pk))
        self.login("probation_officer")
        response = self.client.get(reverse("clocks:due"))
        self.assertContains(response, "Action item from an MDT meeting")

    def test_it_goes_overdue_like_any_clock_after_the_end_of_its_day(self):
        self.add(due_on=date(2026, 12, 10))
        obligation = Obligation.objects.get(kind="action_item")
        # The end of 10 December in Los Angeles (PST) is 07:59 UTC on the 11th.
        self.assertEqual(obligation.due_at.isoformat(), "2026-12-11T07:59:00+00:00")
        with time_machine.travel(obligation.due_at + timedelta(minutes=1), tick=False):
            sweep()
        overdue = ClockNotification.objects.filter(transition="overdue")
        self.assertEqual([n.user for n in overdue], [self.probation_officer_a])

    def test_done_with_what_was_done_closes_its_obligation(self):
        item = self.add()
        with self.assertRaisesMessage(ValidationError, "Say what was done"):
            actions.complete_action_item(actor=self.probation_officer_a, item=item, outcome=" ")
        actions.complete_action_item(
            actor=self.probation_officer_a, item=item, outcome="Enrolled on 3 June."
        )
        obligation = Obligation.objects.get(kind="action_item")
        self.assertEqual(obligation.satisfied_by, "Enrolled on 3 June.")

    def test_the_owner_must_be_on_the_mdt(self):
        with self.assertRaisesMessage(ValidationError, "on the youth's MDT"):
            self.add(owner=self.social_worker_a)
        self.assertFalse(Obligation.objects.filter(kind="action_item").exists())
