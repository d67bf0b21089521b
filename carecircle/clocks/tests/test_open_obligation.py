from carecircle.audit.models import AuditEvent
from carecircle.clocks.actions import open_obligation
from carecircle.clocks.models import Obligation, ObligationKind
from carecircle.test import BaseTestCase


class OpenObligationTest(BaseTestCase):
    def test_it_opens_a_task_for_the_youths_county_and_audits_it(self):
        obligation = open_obligation(
            actor=self.social_worker_a,
            youth=self.youth_cw_a,
            kind=ObligationKind.MDT_REFERRAL,
            trigger_kind="screening",
            trigger_id="a-screening",
            responsible_role="coordinator",
        )
        self.assertEqual(
            (obligation.county, obligation.get_kind_display(), obligation.due_at),
            (self.county_a, "Refer to the MDT", None),
        )
        self.assertEqual(list(Obligation.objects.open()), [obligation])
        event = AuditEvent.objects.get(action="obligation.open")
        self.assertEqual(event.youth_id, self.youth_cw_a.pk)
        self.assertEqual(event.detail["trigger"], "screening:a-screening")

    def test_it_refuses_an_unknown_kind_and_saves_nothing(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            open_obligation(
                actor=self.social_worker_a,
                youth=self.youth_cw_a,
                kind="walk_the_dog",
                trigger_kind="screening",
                trigger_id="x",
                responsible_role="coordinator",
            )
        self.assertFalse(Obligation.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="obligation.open").exists())
