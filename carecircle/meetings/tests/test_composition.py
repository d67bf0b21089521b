from django.core.exceptions import ValidationError
from django.urls import reverse

from carecircle.accounts.actions import set_composition_policy
from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.meetings import actions
from carecircle.meetings.models import MeetingStatus
from carecircle.meetings.tests.base import MeetingTestCase


class CompositionCheckTest(MeetingTestCase):
    def test_a_meeting_without_substance_use_treatment_shows_the_gap_and_needs_a_reason(self):
        self.attend(absent_types=[AgencyType.SUBSTANCE_USE])
        _version, missing = actions.composition_gaps(self.meeting)
        # The default policy; child welfare is not on the ward's team either.
        self.assertIn(AgencyType.SUBSTANCE_USE, missing)
        self.login("coordinator")
        url = reverse(
            "meetings:detail",
            kwargs={"youth_id": self.youth_prob_a.pk, "meeting_id": self.meeting.pk},
        )
        page = self.client.get(url)
        self.assertContains(page, "Substance use treatment")
        self.assertContains(page, "cannot be finalised without a recorded reason")
        with self.assertRaisesMessage(ValidationError, "Record why"):
            actions.finalise_meeting(actor=self.coordinator_a, meeting=self.meeting)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, MeetingStatus.SCHEDULED)
        actions.finalise_meeting(
            actor=self.coordinator_a,
            meeting=self.meeting,
            missing_reason="The counselor was in court; the program sent a written update.",
        )
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, MeetingStatus.FINALISED)
        self.assertIn(AgencyType.SUBSTANCE_USE, self.meeting.missing_agency_types)
        event = AuditEvent.objects.get(action="meeting.finalise")
        self.assertIn("written update", event.detail["reason"])

    def test_a_county_on_the_2017_preset_is_checked_against_its_own_set(self):
        set_composition_policy(
            actor=self.county_admin_a, county=self.county_a, preset="wic_16524_8_2017"
        )
        self.meeting.county.refresh_from_db()
        self.attend(absent_types=[AgencyType.SUBSTANCE_USE])
        self.meeting.refresh_from_db()
        _version, missing = actions.composition_gaps(self.meeting)
        self.assertNotIn(AgencyType.SUBSTANCE_USE, missing)  # not required under 2017
        self.assertIn(AgencyType.SHERIFF, missing)
        self.assertIn(AgencyType.COUNTY_EDUCATION, missing)

    def test_the_gap_is_shown_to_the_convener_only(self):
        self.attend(absent_types=[AgencyType.SUBSTANCE_USE])
        self.login("probation_officer")
        url = reverse(
            "meetings:detail",
            kwargs={"youth_id": self.youth_prob_a.pk, "meeting_id": self.meeting.pk},
        )
        page = self.client.get(url)
        self.assertNotContains(page, "Required agencies")
        # The counselor's attendance is not shown to probation: it says the youth is in
        # a substance use program.
        self.assertNotContains(page, self.counselor_a.display_name)

    def test_only_the_convener_finalises_and_not_before_the_meeting(self):
        self.attend()
        self.login("probation_officer")
        url = reverse(
            "meetings:detail",
            kwargs={"youth_id": self.youth_prob_a.pk, "meeting_id": self.meeting.pk},
        )
        self.assertEqual(self.client.post(url, {"step": "finalise"}).status_code, 403)
