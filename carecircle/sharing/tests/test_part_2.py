from datetime import timedelta

import time_machine
from django.utils import timezone

from carecircle.audit.models import AuditEvent
from carecircle.sharing.actions import revoke_consent
from carecircle.sharing.tests.base import SharingTestCase


class Part2SharingTest(SharingTestCase):
    """A substance use counselor's note and the probation officer on the same team."""

    def setUp(self) -> None:
        self.note = self.notes["substance_use"]

    def assert_hidden_from_probation(self) -> None:
        self.login("probation_officer")
        self.assertEqual(self.client.get(self.note_url(self.note)).status_code, 404)
        profile = self.client.get(self.profile_url(self.youth_prob_a))
        self.assertNotContains(profile, self.note.subject)

    def test_it_hides_the_note_from_the_team_without_a_consent(self):
        self.assert_hidden_from_probation()
        self.login("coordinator")
        self.assertEqual(self.client.get(self.note_url(self.note)).status_code, 404)

    def test_it_shows_the_note_with_the_notice_once_a_consent_names_probation(self):
        consent = self.part_2_consent()
        self.login("probation_officer")
        response = self.client.get(self.note_url(self.note))
        self.assertContains(response, "What the counselor recorded.")
        self.assertContains(response, "42 CFR part 2 prohibits unauthorized use or disclosure")
        self.assertContains(response, f"/consents/{consent.pk}/")
        profile = self.client.get(self.profile_url(self.youth_prob_a))
        self.assertContains(profile, self.note.subject)
        self.assertContains(profile, "42 CFR part 2 prohibits")
        event = AuditEvent.objects.filter(action="note.view").latest("id")
        self.assertEqual(
            (event.legal_basis, event.disclosure, event.detail["consent"]),
            ("consent", True, str(consent.pk)),
        )
        # The consent names probation, not the victim advocate on the same team.
        self.login("victim_advocate")
        self.assertEqual(self.client.get(self.note_url(self.note)).status_code, 404)

    def test_it_hides_the_note_again_the_moment_the_consent_is_revoked(self):
        consent = self.part_2_consent()
        self.login("probation_officer")
        self.assertEqual(self.client.get(self.note_url(self.note)).status_code, 200)
        revoke_consent(actor=self.counselor_a, consent=consent, note="Youth asked in session.")
        self.assert_hidden_from_probation()

    def test_it_hides_the_note_again_when_the_consent_expires(self):
        self.part_2_consent(days=10)
        with time_machine.travel(timezone.now() + timedelta(days=10, seconds=1)):
            self.assert_hidden_from_probation()
        with time_machine.travel(timezone.now() + timedelta(days=9)):
            self.login("probation_officer")
            self.assertEqual(self.client.get(self.note_url(self.note)).status_code, 200)

    def test_it_puts_the_notice_in_print_and_export(self):
        self.part_2_consent()
        self.login("probation_officer")
        printed = self.client.get(self.note_url(self.note, "records:note_print"))
        self.assertContains(printed, "prohibit you from making any further disclosure")
        exported = self.client.get(self.note_url(self.note, "records:note_export"))
        text = exported.content.decode()
        self.assertIn("prohibit you from making any further disclosure", text)
        self.assertIn("Disclosed under consent", text)
        self.assertEqual(exported["Content-Disposition"][:10], "attachment")

    def test_it_does_not_open_the_note_with_a_consent_from_another_program(self):
        from carecircle.accounts.roles import AgencyType

        self.part_2_consent(
            actor=self.clinician_a, disclosing_agency=self.agencies_a[AgencyType.MENTAL_HEALTH]
        )
        self.assert_hidden_from_probation()

    def test_it_writes_exactly_one_audit_event_for_opening_a_note(self):
        self.part_2_consent()
        self.login("probation_officer")
        before = AuditEvent.objects.count()
        self.client.get(self.note_url(self.note))
        self.assertEqual(AuditEvent.objects.count(), before + 1)


class Part2DocumentTest(SharingTestCase):
    def test_a_part_2_document_leaves_only_in_a_bundle_with_its_notice(self):
        import io
        import zipfile

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        from carecircle.accounts.roles import AgencyType
        from carecircle.records.actions import upload_document

        document = upload_document(
            actor=self.counselor_a,
            youth=self.youth_prob_a,
            agency=self.agencies_a[AgencyType.SUBSTANCE_USE],
            record_class="substance_use",
            title="Treatment plan",
            upload=SimpleUploadedFile("READ-FIRST-42-CFR-PART-2-NOTICE.txt", b"not the notice"),
        )
        consent = self.part_2_consent()
        self.login("probation_officer")
        kwargs = {"youth_id": self.youth_prob_a.pk, "item_id": document.pk}
        shown = self.client.get(reverse("records:document_file", kwargs=kwargs))
        self.assertRedirects(
            shown,
            reverse("records:document_download", kwargs=kwargs),
            fetch_redirect_response=False,
        )
        bundle = zipfile.ZipFile(
            io.BytesIO(self.client.get(reverse("records:document_download", kwargs=kwargs)).content)
        )
        notice = bundle.read("READ-FIRST-42-CFR-PART-2-NOTICE.txt").decode()
        self.assertIn("prohibit you from making any further disclosure", notice)
        self.assertIn(str(consent.pk), notice)
        self.assertEqual(
            bundle.read("document/READ-FIRST-42-CFR-PART-2-NOTICE.txt"), b"not the notice"
        )


class ProfileDisclosureTest(SharingTestCase):
    def test_a_profile_listing_another_agencys_items_is_a_disclosure(self):
        self.login("court_liaison")
        self.client.get(self.profile_url(self.youth_prob_a))
        event = AuditEvent.objects.filter(action="youth.view").latest("id")
        self.assertTrue(event.disclosure)
        self.assertIn(f"note:{self.notes['probation'].pk}", event.detail["items"])
