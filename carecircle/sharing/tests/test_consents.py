from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.sharing.actions import SignerInput
from carecircle.sharing.models import Consent
from carecircle.sharing.tests.base import SharingTestCase

SIGNED = date(2026, 11, 1)


class SignerRuleTest(SharingTestCase):
    def test_a_youth_who_consented_to_treatment_signs_alone(self):
        with self.assertRaisesMessage(ValidationError, "the youth alone signs"):
            self.part_2_consent(youth_self_consented=True)
        consent = self.part_2_consent(
            youth_self_consented=True, signers=[SignerInput("youth", "Jaylen Whitfield", SIGNED)]
        )
        self.assertEqual(consent.signers.count(), 1)

    def test_a_part_2_consent_for_a_minor_needs_the_youth_and_a_parent(self):
        with self.assertRaisesMessage(ValidationError, "the youth and a parent or guardian"):
            self.part_2_consent(signers=[SignerInput("parent_guardian", "Dana Whitfield", SIGNED)])

    def test_a_part_2_consent_needs_every_element(self):
        with self.assertRaises(ValidationError) as raised:
            self.part_2_consent(
                disclosing_agency=None, information_description="", told_of_right_to_revoke=False
            )
        text = " ".join(raised.exception.messages)
        self.assertIn("program permitted to disclose", text)
        self.assertIn("what kind of information", text)
        self.assertIn("right to revoke", text)
        self.assertFalse(Consent.objects.exists())

    def test_an_advocate_release_for_a_minor_needs_a_non_abusing_parent(self):
        with self.assertRaisesMessage(ValidationError, "not suspected of abusing"):
            self.part_2_consent(
                classes=["victim_advocate"],
                signers=[
                    SignerInput("youth", "Jaylen Whitfield", SIGNED),
                    SignerInput("parent_guardian", "Dana Whitfield", SIGNED),
                ],
            )

    def test_a_child_and_family_team_consent_names_each_participant(self):
        with self.assertRaisesMessage(ValidationError, "each team participant sign"):
            self.part_2_consent(classes=["cft"], disclosing_agency=None)
        consent = self.part_2_consent(
            classes=["cft"],
            disclosing_agency=None,
            recipient_agencies=[],
            recipient_users=[self.probation_officer_a],
            signers=[
                SignerInput("youth", "Jaylen Whitfield", SIGNED),
                SignerInput("cft_participant", "P. Officer", SIGNED, user=self.probation_officer_a),
            ],
        )
        note = self.notes["cft"]
        self.login("probation_officer")
        self.assertEqual(self.client.get(self.note_url(note)).status_code, 200)
        self.assertIsNotNone(consent.pk)

    def test_a_consent_must_end_after_it_starts_and_name_recipients(self):
        now = timezone.now()
        with self.assertRaises(ValidationError) as raised:
            self.part_2_consent(effective_at=now, expires_at=now, recipient_agencies=[])
        text = " ".join(raised.exception.messages)
        self.assertIn("expire after it takes effect", text)
        self.assertIn("at least one recipient", text)

    def test_a_youth_controlled_item_opens_only_to_a_consent_the_youth_signed(self):
        note = self.notes["mental_health_youth_controlled"]
        self.part_2_consent(
            classes=["mental_health"],
            disclosing_agency=None,
            signers=[SignerInput("parent_guardian", "Dana Whitfield", SIGNED)],
        )
        self.login("probation_officer")
        self.assertEqual(self.client.get(self.note_url(note)).status_code, 404)
        self.part_2_consent(
            classes=["mental_health"],
            disclosing_agency=None,
            youth_self_consented=True,
            signers=[SignerInput("youth", "Jaylen Whitfield", SIGNED)],
        )
        self.assertEqual(self.client.get(self.note_url(note)).status_code, 200)


class ConsentPagesTest(SharingTestCase):
    def test_it_records_a_consent_from_the_form(self):
        self.login("counselor")
        now = timezone.localtime()
        response = self.client.post(
            reverse("sharing:consent_new", kwargs={"youth_id": self.youth_prob_a.pk}),
            {
                "purpose": "mdt",
                "classes": ["substance_use"],
                "recipient_agencies": [self.agencies_a[AgencyType.PROBATION].pk],
                "disclosing_agency": self.agencies_a[AgencyType.SUBSTANCE_USE].pk,
                "information_description": "Attendance only.",
                "told_of_right_to_revoke": "on",
                "effective_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
                "expires_at": (now + timedelta(days=60)).strftime("%Y-%m-%dT%H:%M"),
                "signed_form": SimpleUploadedFile("roi.pdf", b"%PDF-1.4 signed form"),
                "signer_1_type": "youth",
                "signer_1_name": "Jaylen Whitfield",
                "signer_1_signed_on": "2026-11-01",
                "signer_2_type": "parent_guardian",
                "signer_2_name": "Dana Whitfield",
                "signer_2_signed_on": "2026-11-01",
            },
        )
        consent = Consent.objects.get()
        self.assertRedirects(
            response,
            reverse(
                "sharing:consent",
                kwargs={"youth_id": self.youth_prob_a.pk, "consent_id": consent.pk},
            ),
        )
        self.login("probation_officer")
        self.assertEqual(
            self.client.get(self.note_url(self.notes["substance_use"])).status_code, 200
        )

    def test_it_refuses_a_form_that_is_not_a_document(self):
        self.login("counselor")
        now = timezone.localtime()
        response = self.client.post(
            reverse("sharing:consent_new", kwargs={"youth_id": self.youth_prob_a.pk}),
            {
                "purpose": "mdt",
                "classes": ["probation"],
                "recipient_agencies": [self.agencies_a[AgencyType.MENTAL_HEALTH].pk],
                "effective_at": now.strftime("%Y-%m-%dT%H:%M"),
                "expires_at": (now + timedelta(days=60)).strftime("%Y-%m-%dT%H:%M"),
                "signed_form": SimpleUploadedFile("roi.pdf", b"MZ\x90\x00\x03 not a pdf"),
                "signer_1_type": "youth",
                "signer_1_name": "Jaylen Whitfield",
                "signer_1_signed_on": "2026-11-01",
            },
        )
        self.assertContains(response, "accepts PDF, PNG, JPEG or plain text")
        self.assertFalse(Consent.objects.exists())

    def test_revoking_from_the_page_takes_effect_at_once(self):
        consent = self.part_2_consent()
        self.login("counselor")
        self.client.post(
            reverse(
                "sharing:consent_revoke",
                kwargs={"youth_id": self.youth_prob_a.pk, "consent_id": consent.pk},
            ),
            {"note": "Youth revoked in writing today."},
        )
        consent.refresh_from_db()
        self.assertIsNotNone(consent.revoked_at)
        self.assertTrue(AuditEvent.objects.filter(action="consent.revoke").exists())
        self.login("probation_officer")
        self.assertEqual(
            self.client.get(self.note_url(self.notes["substance_use"])).status_code, 404
        )
