from datetime import timedelta

from django.core import mail
from icalendar import Calendar

from carecircle.clocks.testing import run_queued_tasks
from carecircle.meetings import actions
from carecircle.meetings.calendar import invitation
from carecircle.meetings.tests.base import MeetingTestCase


def parsed(meeting):
    calendar = Calendar.from_ical(invitation(meeting))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


class InvitationTest(MeetingTestCase):
    def test_the_invitation_parses_back_and_names_no_youth(self):
        calendar, event = parsed(self.meeting)
        self.assertEqual(str(calendar["METHOD"]), "REQUEST")
        self.assertEqual(str(event["UID"]), self.meeting.uid)
        self.assertEqual(int(event["SEQUENCE"]), 0)
        self.assertEqual(event.decoded("DTSTART"), self.meeting.starts_at.replace(microsecond=0))
        self.assertNotIn("Jaylen", invitation(self.meeting).decode())
        self.assertNotIn("Whitfield", invitation(self.meeting).decode())

    def test_an_update_keeps_the_uid_and_raises_the_sequence(self):
        later = self.meeting.starts_at + timedelta(days=1)
        actions.update_meeting(actor=self.coordinator_a, meeting=self.meeting, starts_at=later)
        self.meeting.refresh_from_db()
        _calendar, event = parsed(self.meeting)
        self.assertEqual(str(event["UID"]), self.meeting.uid)
        self.assertEqual(int(event["SEQUENCE"]), 1)
        self.assertEqual(event.decoded("DTSTART"), later.replace(microsecond=0))

    def test_a_cancellation_sends_method_cancel(self):
        actions.cancel_meeting(actor=self.coordinator_a, meeting=self.meeting)
        self.meeting.refresh_from_db()
        calendar, event = parsed(self.meeting)
        self.assertEqual(str(calendar["METHOD"]), "CANCEL")
        self.assertEqual(str(event["STATUS"]), "CANCELLED")
        self.assertEqual(int(event["SEQUENCE"]), 1)

    def test_the_team_is_e_mailed_the_invitation_with_the_ics_attached(self):
        mail.outbox.clear()
        self.assertGreaterEqual(run_queued_tasks(), 1)
        (message,) = mail.outbox
        self.assertIn(self.probation_officer_a.email, message.to)
        name, content, mimetype = message.attachments[0]
        self.assertEqual(name, "invite.ics")
        self.assertIn("method=REQUEST", mimetype)
        self.assertEqual(
            str(Calendar.from_ical(content).walk("VEVENT")[0]["UID"]), self.meeting.uid
        )
        self.assertNotIn("Whitfield", message.body + message.subject)
