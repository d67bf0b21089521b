from datetime import UTC, datetime, timedelta

import time_machine
from django.core.exceptions import ValidationError

from carecircle.audit.models import AuditEvent
from carecircle.clocks import actions
from carecircle.clocks.models import Obligation, ObligationKind
from carecircle.clocks.tests.base import a_trigger
from carecircle.test import BaseTestCase

NOW = datetime(2026, 6, 1, 17, 0, tzinfo=UTC)


class OpenObligationTest(BaseTestCase):
    def open(self, **changes):
        youth = changes.pop("youth", self.youth_cw_a)
        arguments = {
            "actor": self.social_worker_a,
            "trigger": a_trigger(self, youth),
            "kind": ObligationKind.MDT_REFERRAL,
        }
        arguments.update(changes)
        return actions.open_obligation(**arguments)

    @time_machine.travel(NOW, tick=False)
    def test_it_opens_a_task_due_by_the_default_rule_and_audits_it(self):
        obligation = self.open()
        self.assertEqual(obligation.county, self.county_a)
        self.assertEqual(obligation.due_at, NOW + timedelta(hours=72))
        self.assertEqual(
            (obligation.responsible_role, obligation.protocol_version), ("coordinator", 0)
        )
        # The social worker does not hold the coordinator's role: the task is the role's.
        self.assertIsNone(obligation.responsible_user)
        event = AuditEvent.objects.get(action="obligation.open")
        self.assertEqual(event.youth_id, self.youth_cw_a.pk)
        self.assertEqual(event.detail["trigger"], f"identification:{obligation.trigger_id}")
        # Shared as its trigger is.
        self.assertEqual(
            (obligation.record_class, obligation.legal_basis), ("general", "WIC 830 (MDT)")
        )

    def test_the_case_manager_is_the_social_worker_for_a_dependent_and_named_when_acting(self):
        obligation = self.open(kind=ObligationKind.MISSING_NCMEC)
        self.assertEqual(obligation.responsible_role, "social_worker")
        self.assertEqual(obligation.responsible_user, self.social_worker_a)

    def test_the_case_manager_of_a_ward_is_the_probation_officer(self):
        obligation = self.open(youth=self.youth_prob_a, kind=ObligationKind.MISSING_NCMEC)
        self.assertEqual(obligation.responsible_role, "probation_officer")
        self.assertIsNone(obligation.responsible_user)

    def test_it_refuses_an_unknown_kind_and_saves_nothing(self):
        trigger = a_trigger(self)
        with self.assertRaises(ValidationError):
            self.open(kind="walk_the_dog", trigger=trigger)
        self.assertFalse(Obligation.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="obligation.open").exists())
