from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from carecircle.audit.models import AuditEvent
from carecircle.clocks.models import Obligation
from carecircle.meetings import actions
from carecircle.meetings.models import Meeting
from carecircle.meetings.tests.base import MeetingTestCase
from carecircle.sharing.actions import set_team_lead
from carecircle.sharing.models import TeamMembership

LA = ZoneInfo("America/Los_Angeles")


class RosterTest(MeetingTestCase):
    def test_one_person_leads_the_mdt_and_each_has_a_role(self):
        first = TeamMembership.objects.get(youth=self.youth_prob_a, user=self.probation_officer_a)
        second = TeamMembership.objects.get(youth=self.youth_prob_a, user=self.clinician_a)
        set_team_lead(actor=self.coordinator_a, member=first)
        set_team_lead(actor=self.coordinator_a, member=second)
        leads = TeamMembership.objects.filter(youth=self.youth_prob_a, is_lead=True)
        self.assertEqual([m.user for m in leads], [self.clinician_a])
        self.assertEqual(AuditEvent.objects.filter(action="team.lead").count(), 2)

    def test_the_team_page_adds_a_member_with_a_role_and_as_lead(self):
        self.login("coordinator")
        url = reverse("sharing:team", kwargs={"youth_id": self.youth_prob_a.pk})
        membership = self.social_worker_a.memberships.get()
        response = self.client.post(
            url, {"membership": membership.pk, "team_role": "Case manager", "lead": "on"}
        )
        self.assertRedirects(response, url)
        member = TeamMembership.objects.get(youth=self.youth_prob_a, user=self.social_worker_a)
        self.assertEqual((member.team_role, member.is_lead), ("Case manager", True))
        page = self.client.get(url)
        self.assertContains(page, "leads the MDT")

    def test_only_the_coordinator_or_a_supervisor_names_the_lead(self):
        member = TeamMembership.objects.get(youth=self.youth_prob_a, user=self.probation_officer_a)
        self.login("probation_officer")
        url = reverse("sharing:team", kwargs={"youth_id": self.youth_prob_a.pk})
        self.assertEqual(self.client.post(url, {"make_lead": member.pk}).status_code, 403)
        self.assertFalse(TeamMembership.objects.filter(is_lead=True).exists())


class ReviewCadenceTest(MeetingTestCase):
    def test_a_finalised_meeting_starts_the_next_review_at_the_tiers_cadence(self):
        self.attend()
        actions.finalise_meeting(actor=self.coordinator_a, meeting=self.meeting, missing_reason="x")
        review = Obligation.objects.get(kind="mdt_review_ongoing")
        held = self.meeting.starts_at.astimezone(LA)
        due = review.due_at.astimezone(LA)
        self.assertEqual(due.date(), held.date() + timedelta(days=30))
        self.assertEqual((due.hour, due.minute), (held.hour, held.minute))
        self.assertEqual(review.responsible_role, "coordinator")

    def test_the_next_meeting_held_satisfies_the_review(self):
        self.attend()
        actions.finalise_meeting(actor=self.coordinator_a, meeting=self.meeting, missing_reason="x")
        second = actions.schedule_meeting(
            actor=self.coordinator_a,
            youth=self.youth_prob_a,
            tier="crisis",
            starts_at=timezone.now() - timedelta(minutes=10),
            place="Clinic",
        )
        actions.record_attendance(
            actor=self.coordinator_a,
            meeting=second,
            entries=[(m.user, m.agency, "present") for m in self.team()],
            youth_participated=True,
            caregiver_participated=False,
        )
        actions.finalise_meeting(actor=self.coordinator_a, meeting=second, missing_reason="x")
        ongoing = Obligation.objects.get(kind="mdt_review_ongoing")
        self.assertIsNotNone(ongoing.satisfied_at)
        crisis = Obligation.objects.get(kind="mdt_review_crisis")
        self.assertIsNone(crisis.satisfied_at)
        self.assertEqual(
            crisis.due_at.astimezone(LA).date(),
            second.starts_at.astimezone(LA).date() + timedelta(days=7),
        )

    def test_a_review_across_the_autumn_change_keeps_the_wall_clock_time(self):
        from carecircle.clocks import rules

        held = datetime(2026, 10, 20, 10, 0, tzinfo=LA)
        due = rules.on_local_day(held, 30, "America/Los_Angeles")
        self.assertEqual(due.astimezone(LA).replace(tzinfo=None), datetime(2026, 11, 19, 10, 0))


class EditMeetingTest(MeetingTestCase):
    def test_the_coordinator_moves_the_meeting_and_the_invitation_is_revised(self):
        self.login("coordinator")
        url = reverse(
            "meetings:edit",
            kwargs={"youth_id": self.youth_prob_a.pk, "meeting_id": self.meeting.pk},
        )
        later = (timezone.now() + timedelta(days=3)).astimezone(LA)
        response = self.client.post(
            url,
            {
                "tier": "ongoing",
                "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": 90,
                "place": "Family Justice Center, room 3",
                "agenda": "Review",
            },
        )
        self.assertEqual(response.status_code, 302)
        meeting = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual((meeting.sequence, meeting.place), (1, "Family Justice Center, room 3"))

    def test_others_cannot_change_it(self):
        self.login("clinician")
        url = reverse(
            "meetings:edit",
            kwargs={"youth_id": self.youth_prob_a.pk, "meeting_id": self.meeting.pk},
        )
        self.assertEqual(self.client.get(url).status_code, 403)
