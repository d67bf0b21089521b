from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.meetings.models import Meeting, MinuteSection
from carecircle.meetings.tests.base import MeetingTestCase

LA = ZoneInfo("America/Los_Angeles")


class MeetingPagesTest(MeetingTestCase):
    def detail(self) -> str:
        return reverse(
            "meetings:detail",
            kwargs={"youth_id": self.youth_prob_a.pk, "meeting_id": self.meeting.pk},
        )

    def test_the_coordinator_schedules_with_a_drafted_agenda(self):
        self.login("coordinator")
        url = reverse("meetings:new", kwargs={"youth_id": self.youth_prob_a.pk})
        page = self.client.get(url)
        self.assertContains(page, "Check-in")
        starts = (timezone.now() + timedelta(days=2)).astimezone(LA)
        response = self.client.post(
            url,
            {
                "tier": "crisis",
                "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": 60,
                "place": "",
                "video_link": "",
                "agenda": "Safety plan",
            },
        )
        self.assertContains(response, "Give a place, a video link, or both")
        response = self.client.post(
            url,
            {
                "tier": "crisis",
                "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": 60,
                "video_link": "https://meet.example.org/mdt",
                "agenda": "Safety plan",
            },
        )
        meeting = Meeting.objects.get(tier="crisis")
        self.assertRedirects(
            response,
            reverse(
                "meetings:detail",
                kwargs={"youth_id": self.youth_prob_a.pk, "meeting_id": meeting.pk},
            ),
        )

    def test_only_the_convener_schedules(self):
        self.login("probation_officer")
        url = reverse("meetings:new", kwargs={"youth_id": self.youth_prob_a.pk})
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_a_member_adds_the_youths_goals_in_their_own_words(self):
        self.login("probation_officer")
        response = self.client.post(
            self.detail(),
            {
                "step": "section",
                "agency": self.agency(AgencyType.PROBATION).pk,
                "record_class": "general",
                "kind": "youth_voice",
                "heading": "My goals",
                "body": "I want to finish school and live with my aunt.",
            },
        )
        self.assertRedirects(response, self.detail())
        section = MinuteSection.objects.get()
        self.assertEqual(section.kind, "youth_voice")
        page = self.client.get(self.detail())
        self.assertContains(page, "live with my aunt")
        event = AuditEvent.objects.filter(action="meeting.view").latest("id")
        self.assertIn(f"minutesection:{section.pk}", event.detail["items"])

    def test_the_coordinator_takes_attendance(self):
        self.login("coordinator")
        data = {"step": "attendance", "youth_participated": "on"}
        for member in self.team():
            data[f"member_{member.pk}"] = "present"
        response = self.client.post(self.detail(), data)
        self.assertRedirects(response, self.detail())
        self.meeting.refresh_from_db()
        self.assertTrue(self.meeting.youth_participated)
        self.assertEqual(self.meeting.attendance.filter(status="present").count(), len(self.team()))

    def test_another_county_and_a_viewer_without_the_youth_get_404(self):
        self.login("coordinator", "b")
        self.assertEqual(self.client.get(self.detail()).status_code, 404)
        self.login("social_worker")
        self.assertEqual(self.client.get(self.detail()).status_code, 404)
