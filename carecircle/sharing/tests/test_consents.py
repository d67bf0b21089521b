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
        self.assertIn("recorded by the agency whose records it releases", text)
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
        child_welfare = self.agencies_a[AgencyType.CHILD_WELFARE]
        with self.assertRaisesMessage(ValidationError, "each team participant sign"):
            self.part_2_consent(
                actor=self.coordinator_a, classes=["cft"], disclosing_agency=child_welfare
            )
        consent = self.part_2_consent(
            actor=self.coordinator_a,
            classes=["cft"],
            disclosing_agency=child_welfare,
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
        mental_health = self.agencies_a[AgencyType.MENTAL_HEALTH]
        self.part_2_consent(
            actor=self.clinician_a,
            classes=["mental_health"],
            disclosing_agency=mental_health,
            signers=[SignerInput("parent_guardian", "Dana Whitfield", SIGNED)],
        )
        self.login("probation_officer")
        self.assertEqual(self.client.get(self.note_url(note)).status_code, 404)
        self.part_2_consent(
            actor=self.clinician_a,
            classes=["mental_health"],
            disclosing_agency=mental_health,
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
                "classes": ["substance_use"],
                "recipient_agencies": [self.agencies_a[AgencyType.MENTAL_HEALTH].pk],
                "disclosing_agency": self.agencies_a[AgencyType.SUBSTANCE_USE].pk,
                "information_description": "Attendance.",
                "told_of_right_to_revoke": "on",
                "effective_at": now.strftime("%Y-%m-%dT%H:%M"),
                "expires_at": (now + timedelta(days=60)).strftime("%Y-%m-%dT%H:%M"),
                "signed_form": SimpleUploadedFile("roi.pdf", b"MZ\x90\x00\x03 not a pdf"),
                "signer_1_type": "youth",
                "signer_1_name": "Jaylen Whitfield",
                "signer_1_signed_on": "2026-11-01",
                "signer_2_type": "parent_guardian",
                "signer_2_name": "Dana Whitfield",
                "signer_2_signed_on": "2026-11-01",
            },
        )
        self.assertContains(response, "accepts PDF, PNG or JPEG files")
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


class ConsentAuthorityTest(SharingTestCase):
    def test_nobody_records_a_release_of_another_agencys_records(self):
        """A probation officer cannot write themselves a consent to Part 2 records."""
        with self.assertRaisesMessage(ValidationError, "recorded by the agency whose records"):
            self.part_2_consent(actor=self.probation_officer_a)
        self.assertFalse(Consent.objects.exists())
        self.login("probation_officer")
        self.assertEqual(
            self.client.get(self.note_url(self.notes["substance_use"])).status_code, 404
        )

    def test_the_form_offers_only_the_recorders_own_agencies(self):
        self.login("probation_officer")
        response = self.client.get(
            reverse("sharing:consent_new", kwargs={"youth_id": self.youth_prob_a.pk})
        )
        choices = list(response.context["form"].fields["disclosing_agency"].queryset)
        self.assertEqual(choices, [self.agencies_a[AgencyType.PROBATION]])

    def test_a_consent_is_shown_only_to_its_parties(self):
        consent = self.part_2_consent()
        url = reverse(
            "sharing:consent", kwargs={"youth_id": self.youth_prob_a.pk, "consent_id": consent.pk}
        )
        for role, expected in (
            ("counselor", 200),  # the releasing program
            ("probation_officer", 200),  # the recipient agency
            ("victim_advocate", 404),
            ("court_liaison", 404),
            ("coordinator", 404),
        ):
            with self.subTest(role=role):
                self.login(role)
                self.assertEqual(self.client.get(url).status_code, expected)
                listed = self.client.get(
                    reverse("sharing:consents", kwargs={"youth_id": self.youth_prob_a.pk})
                )
                self.assertEqual(consent in listed.context["consents"], expected == 200)

    def test_an_adult_youth_signs_their_own_consent(self):
        from datetime import date as day

        self.youth_prob_a.date_of_birth = day(2000, 1, 1)
        with self.assertRaisesMessage(ValidationError, "18 or older"):
            self.part_2_consent(signers=[SignerInput("parent_guardian", "Dana Whitfield", SIGNED)])

    def test_the_signed_form_is_served_with_its_checked_type_and_no_script(self):
        consent = self.part_2_consent()
        self.login("counselor")
        response = self.client.get(
            reverse(
                "sharing:consent_form",
                kwargs={"youth_id": self.youth_prob_a.pk, "consent_id": consent.pk},
            )
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("default-src 'none'", response["Content-Security-Policy"])
        self.assertIn("sandbox", response["Content-Security-Policy"])
        self.assertTrue(consent.signed_form.name.startswith("consents/"))
        self.assertNotIn("part2-consent", consent.signed_form.name)
