"""Due times: real hours across daylight-saving changes; the county's protocol."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError

from carecircle.audit.models import AuditEvent
from carecircle.clocks import actions, rules
from carecircle.clocks.models import ObligationKind
from carecircle.clocks.tests.base import a_trigger
from carecircle.test import BaseTestCase

LA = ZoneInfo("America/Los_Angeles")


class DaylightSavingTest(BaseTestCase):
    def test_a_24_hour_clock_across_the_spring_change_is_due_24_real_hours_later(self):
        # 10:00 PST on Saturday 7 March 2026; clocks go forward at 02:00 on Sunday.
        start = datetime(2026, 3, 7, 10, 0, tzinfo=LA)
        due = rules.due_after(start.astimezone(UTC), 24)
        self.assertEqual(due - start, timedelta(hours=24))
        self.assertEqual(due.astimezone(LA).replace(tzinfo=None), datetime(2026, 3, 8, 11, 0))

    def test_a_24_hour_clock_across_the_autumn_change_is_due_24_real_hours_later(self):
        # 10:00 PDT on Saturday 31 October 2026; clocks go back at 02:00 on Sunday.
        start = datetime(2026, 10, 31, 10, 0, tzinfo=LA)
        due = rules.due_after(start.astimezone(UTC), 24)
        self.assertEqual(due - start, timedelta(hours=24))
        self.assertEqual(due.astimezone(LA).replace(tzinfo=None), datetime(2026, 11, 1, 9, 0))

    def test_a_clock_counted_in_days_keeps_the_wall_clock_time(self):
        start = datetime(2026, 3, 1, 9, 30, tzinfo=LA)
        later = rules.on_local_day(start, 30, "America/Los_Angeles")
        self.assertEqual(later.astimezone(LA).replace(tzinfo=None), datetime(2026, 3, 31, 9, 30))
        # An hour of the thirty days was lost when the clocks went forward.
        self.assertEqual(
            later.astimezone(UTC) - start.astimezone(UTC), timedelta(days=30, hours=-1)
        )

    def test_it_refuses_a_naive_datetime(self):
        with self.assertRaises(ValueError):
            rules.due_after(datetime(2026, 3, 7, 10, 0), 24)

    @time_machine.travel(datetime(2026, 3, 7, 18, 0, tzinfo=UTC), tick=False)
    def test_an_obligation_opened_before_the_spring_change_is_stored_in_utc(self):
        obligation = actions.open_obligation(
            actor=self.social_worker_a, trigger=a_trigger(self), kind=ObligationKind.MISSING_NCMEC
        )
        obligation.refresh_from_db()
        self.assertEqual(obligation.due_at, datetime(2026, 3, 8, 18, 0, tzinfo=UTC))
        self.assertEqual(obligation.due_at.astimezone(LA).hour, 11)


class ProtocolTest(BaseTestCase):
    def adopt(self, **rules_by_kind):
        return actions.set_clock_protocol(
            actor=self.county_admin_a,
            county=self.county_a,
            rules_by_kind=rules_by_kind,
            note="Board adopted the 2026 protocol.",
        )

    def open(self, kind=ObligationKind.HEALTH_EXAM):
        return actions.open_obligation(actor=self.coordinator_a, trigger=a_trigger(self), kind=kind)

    def test_a_change_applies_to_obligations_opened_after_it(self):
        before = self.open()
        self.adopt(health_exam={"applies": True, "due_hours": 48, "responsible": "coordinator"})
        after = self.open()
        before.refresh_from_db()
        self.assertEqual(before.due_at - before.triggered_at, timedelta(hours=72))
        self.assertEqual(after.due_at - after.triggered_at, timedelta(hours=48))
        self.assertEqual((after.protocol_version, after.responsible_role), (1, "coordinator"))
        event = AuditEvent.objects.get(action="clock_protocol.adopt")
        self.assertEqual(event.detail["changes"]["health_exam"][1]["due_hours"], 48)

    def test_a_county_can_turn_an_obligation_off(self):
        self.adopt(health_exam={"applies": False, "due_hours": 72, "responsible": "coordinator"})
        self.assertIsNone(self.open())

    def test_a_statutory_report_cannot_be_given_longer_than_the_law(self):
        with self.assertRaisesMessage(ValidationError, "within 24 hours"):
            self.adopt(
                missing_ncmec={"applies": True, "due_hours": 48, "responsible": "coordinator"}
            )
        self.assertFalse(self.county_a.clock_protocols.exists())

    def test_another_countys_protocol_does_not_apply(self):
        actions.set_clock_protocol(
            actor=self.county_admin_b,
            county=self.county_b,
            rules_by_kind={
                "health_exam": {"applies": True, "due_hours": 12, "responsible": "coordinator"}
            },
        )
        obligation = self.open()
        self.assertEqual(obligation.due_at - obligation.triggered_at, timedelta(hours=72))
