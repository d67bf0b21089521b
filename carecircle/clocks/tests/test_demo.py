from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from carecircle.clocks.models import ClockNotification, MissingEpisode, Obligation


class DemoClocksTest(TestCase):
    def test_the_demo_shows_missing_episodes_overdue_reports_and_notices(self):
        out = StringIO()
        call_command("demo", "--youth", "8", stdout=out)
        self.assertIn("Clocks swept", out.getvalue())
        states = {
            ("missing" if e.returned_at is None else "closed" if e.closed_at else "returned")
            for e in MissingEpisode.objects.all()
        }
        self.assertEqual(states, {"missing", "returned", "closed"})
        overdue = Obligation.objects.open().filter(
            kind="missing_ncmec", overdue_swept_at__isnull=False
        )
        self.assertTrue(overdue.exists())
        self.assertTrue(ClockNotification.objects.filter(transition="escalation").exists())
        waiting = Obligation.objects.open().filter(kind="return_rescreen")
        self.assertTrue(waiting.exists())
