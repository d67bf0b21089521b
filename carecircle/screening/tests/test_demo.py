from django.test import TestCase

from carecircle.clocks.models import Obligation
from carecircle.demo.builder import build_demo
from carecircle.screening.models import Screening


class DemoScreeningsTest(TestCase):
    def test_it_gives_the_first_demo_youth_screenings_through_the_action(self):
        build_demo(counties=1, youth_per_county=5, seed=3, password="a-demo-password-for-tests")
        screenings = list(Screening.objects.select_related("instrument_version__instrument"))
        self.assertEqual(
            sorted(s.level for s in screenings),
            ["clear_concern", "no_concern", "possible_concern", "possible_concern"],
        )
        external = next(s for s in screenings if s.tool_name)
        self.assertEqual(
            (external.tool_name, external.tool_version, external.answers, external.total_score),
            ("CSE-IT", "2.0", {}, None),
        )
        clear = next(s for s in screenings if s.level == "clear_concern")
        # The clear concern needs an MDT referral: that youth has one (opened by the
        # screening, or already by the identification; the demo may have held the MDT).
        self.assertTrue(Obligation.objects.filter(youth=clear.youth, kind="mdt_referral").exists())
