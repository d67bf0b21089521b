from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from carecircle.meetings.models import ActionItem, Meeting, MinuteSection


class DemoMeetingsTest(TestCase):
    def test_the_demo_holds_meetings_with_decisions_goals_and_action_items(self):
        call_command("demo", "--youth", "3", stdout=StringIO())
        self.assertEqual(
            set(Meeting.objects.values_list("status", flat=True)), {"finalised", "scheduled"}
        )
        self.assertTrue(MinuteSection.objects.filter(kind="youth_voice").exists())
        self.assertTrue(MinuteSection.objects.filter(kind="decision").exists())
        self.assertTrue(ActionItem.objects.exists())

    def test_the_demo_has_a_directory_needs_in_the_youths_words_and_referrals(self):
        from carecircle.referrals.models import Need, Provider, Referral

        call_command("demo", "--youth", "3", stdout=StringIO())
        self.assertGreaterEqual(Provider.objects.count(), 4)
        self.assertTrue(Need.objects.exclude(youth_goal="").exists())
        self.assertTrue(Referral.objects.exists())
