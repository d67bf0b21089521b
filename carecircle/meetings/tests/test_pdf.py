from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.meetings import access, actions, pdf
from carecircle.meetings.tests.base import MeetingTestCase
from carecircle.sharing.actions import SignerInput, record_consent


class SummaryPdfTest(MeetingTestCase):
    def setUp(self) -> None:
        actions.add_section(
            actor=self.probation_officer_a,
            meeting=self.meeting,
            agency=self.agency(AgencyType.PROBATION),
            record_class="general",
            kind="decision",
            heading="Diversion",
            body="The team recommends informal supervision instead of a petition.",
        )
        actions.add_section(
            actor=self.counselor_a,
            meeting=self.meeting,
            agency=self.agency(AgencyType.SUBSTANCE_USE),
            record_class="substance_use",
            kind="minutes",
            heading="Treatment update",
            body="Attending outpatient treatment three times a week.",
        )

    def html_for(self, viewer) -> str:
        context = pdf.summary_context(
            viewer,
            self.meeting,
            sections=access.sections_for(viewer, self.meeting),
            action_items=access.action_items_for(viewer, self.meeting),
            attendance=access.attendance_for(viewer, self.meeting),
        )
        return pdf.render_summary_html(context)

    def test_the_probation_officers_pdf_leaves_out_the_part_2_section(self):
        html = self.html_for(self.probation_officer_a)
        self.assertIn("informal supervision", html)
        self.assertNotIn("outpatient treatment", html)
        self.assertNotIn("42 CFR part 2", html)

    def test_the_counselors_pdf_shows_it_with_the_notice(self):
        html = self.html_for(self.counselor_a)
        self.assertIn("outpatient treatment", html)
        self.assertIn("42 CFR part 2", html)

    def test_a_consent_naming_probation_lets_the_part_2_section_into_its_pdf(self):
        record_consent(
            actor=self.counselor_a,
            youth=self.youth_prob_a,
            purpose="mdt",
            classes=["substance_use"],
            signers=[SignerInput("youth", "Jaylen Whitfield", timezone.localdate())],
            effective_at=timezone.now() - timedelta(days=1),
            expires_at=timezone.now() + timedelta(days=90),
            signed_form=SimpleUploadedFile("roi.pdf", b"%PDF-1.4 signed"),
            recipient_agencies=[self.agency(AgencyType.PROBATION)],
            disclosing_agency=self.agency(AgencyType.SUBSTANCE_USE),
            information_description="Attendance and progress.",
            youth_self_consented=True,
            told_of_right_to_revoke=True,
        )
        html = self.html_for(self.probation_officer_a)
        self.assertIn("outpatient treatment", html)
        self.assertIn("42 CFR part 2", html)

    def test_the_pdf_downloads_and_the_export_is_audited(self):
        self.login("probation_officer")
        url = reverse(
            "meetings:pdf", kwargs={"youth_id": self.youth_prob_a.pk, "meeting_id": self.meeting.pk}
        )
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        event = AuditEvent.objects.filter(action="meeting.pdf").latest("id")
        self.assertEqual(len(event.detail["items"]), 1)
