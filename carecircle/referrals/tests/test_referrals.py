from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.lib.dates import county_today
from carecircle.referrals import actions
from carecircle.referrals.models import Referral
from carecircle.sharing.actions import SignerInput, record_consent
from carecircle.test import BaseTestCase


class ReferralTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.provider = actions.add_provider(
            actor=cls.coordinator_a,
            county=cls.county_a,
            name="Seaside Counseling",
            domains=["mental_health", "safety"],
            languages="English, Spanish",
        )
        cls.need = actions.add_need(
            actor=cls.social_worker_a,
            youth=cls.youth_cw_a,
            agency=cls.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="child_welfare",
            domain="mental_health",
            description="Trauma-focused therapy",
            youth_goal="I want someone to talk to who gets it.",
        )

    def propose(self, record_class="child_welfare"):
        return actions.propose_referral(
            actor=self.social_worker_a,
            youth=self.youth_cw_a,
            agency=self.agencies_a[AgencyType.CHILD_WELFARE],
            record_class=record_class,
            provider=self.provider,
            need=self.need,
        )

    def consent(self, classes=("child_welfare",)):
        return record_consent(
            actor=self.social_worker_a,
            youth=self.youth_cw_a,
            purpose="care_coordination",
            classes=list(classes),
            signers=[SignerInput("parent_guardian", "Rosa Delgado", timezone.localdate())],
            effective_at=timezone.now() - timedelta(days=1),
            expires_at=timezone.now() + timedelta(days=90),
            signed_form=SimpleUploadedFile("roi.pdf", b"%PDF-1.4 signed"),
            recipient_agencies=[self.agencies_a[AgencyType.MENTAL_HEALTH]],
            disclosing_agency=self.agencies_a[AgencyType.CHILD_WELFARE],
        )

    def move(self, referral, status, **extra):
        return actions.move_referral(
            actor=self.social_worker_a,
            referral=referral,
            status=status,
            on=county_today(self.county_a.time_zone),
            **extra,
        )

    def test_it_walks_the_lifecycle_and_sending_is_an_audited_disclosure(self):
        referral = self.propose()
        consent = self.consent()
        self.move(
            referral, "sent", shared_information="Name, age, need for therapy.", consent=consent
        )
        self.move(referral, "accepted")
        self.move(referral, "in_progress", barriers="Transport on Tuesdays.")
        self.move(referral, "completed", outcome="Twelve sessions attended.")
        referral.refresh_from_db()
        self.assertEqual(
            list(referral.events.values_list("status", flat=True)),
            ["proposed", "sent", "accepted", "in_progress", "completed"],
        )
        event = AuditEvent.objects.get(action="referral.send")
        self.assertTrue(event.disclosure)
        self.assertEqual(event.detail["consent"], str(consent.pk))
        self.assertEqual(event.detail["shared"], "Name, age, need for therapy.")

    def test_sending_without_a_consent_covering_the_record_is_refused(self):
        referral = self.propose()
        with self.assertRaisesMessage(ValidationError, "release of information"):
            self.move(referral, "sent", shared_information="Name", consent=None)
        other = self.consent(classes=("general",))
        with self.assertRaisesMessage(ValidationError, "release of information"):
            self.move(referral, "sent", shared_information="Name", consent=other)
        referral.refresh_from_db()
        self.assertEqual(referral.status, "proposed")
        self.assertFalse(AuditEvent.objects.filter(action="referral.send").exists())

    def test_a_step_out_of_order_is_refused(self):
        referral = self.propose()
        with self.assertRaisesMessage(ValidationError, "cannot become"):
            self.move(referral, "completed")

    def test_the_plan_shows_needs_with_the_youths_words_to_who_may_see_them(self):
        self.propose()
        self.login("social_worker")
        page = self.client.get(reverse("referrals:plan", kwargs={"youth_id": self.youth_cw_a.pk}))
        self.assertContains(page, "Trauma-focused therapy")
        self.assertContains(page, "someone to talk to")
        self.assertContains(page, "Referral to Seaside Counseling")
        # A child welfare record: the clinician serves the youth but is not on the MDT.
        self.login("clinician")
        page = self.client.get(reverse("referrals:plan", kwargs={"youth_id": self.youth_cw_a.pk}))
        self.assertNotContains(page, "Trauma-focused therapy")
        self.assertNotContains(page, "Referral to Seaside Counseling")

    def test_only_the_referring_agency_moves_a_referral(self):
        referral = self.propose(record_class="general")
        from carecircle.sharing.actions import add_team_member

        add_team_member(
            actor=self.coordinator_a,
            youth=self.youth_cw_a,
            user=self.clinician_a,
            agency=self.agencies_a[AgencyType.MENTAL_HEALTH],
        )
        self.login("clinician")
        url = reverse(
            "referrals:referral",
            kwargs={"youth_id": self.youth_cw_a.pk, "referral_id": referral.pk},
        )
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(
            url, {"status": "ended", "on": timezone.localdate().isoformat()}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Referral.objects.get(pk=referral.pk).status, "proposed")


class ProviderDirectoryTest(BaseTestCase):
    def test_the_coordinator_adds_a_provider_and_others_read_the_directory(self):
        self.login("coordinator")
        url = reverse("providers")
        response = self.client.post(
            url, {"name": "Open Door Clinic", "domains": ["physical_health"]}
        )
        self.assertRedirects(response, url)
        self.login("probation_officer")
        self.assertContains(self.client.get(url), "Open Door Clinic")
        self.assertEqual(
            self.client.post(url, {"name": "X", "domains": ["legal"]}).status_code, 403
        )

    def test_a_provider_needs_a_service_and_a_new_name(self):
        actions.add_provider(
            actor=self.coordinator_a, county=self.county_a, name="Open Door", domains=["legal"]
        )
        with self.assertRaises(ValidationError):
            actions.add_provider(
                actor=self.coordinator_a, county=self.county_a, name="open door", domains=["legal"]
            )
        with self.assertRaises(ValidationError):
            actions.add_provider(
                actor=self.coordinator_a, county=self.county_a, name="Y", domains=[]
            )

    def test_another_countys_directory_is_not_shown(self):
        actions.add_provider(
            actor=self.coordinator_a,
            county=self.county_a,
            name="Fernhollow Only",
            domains=["legal"],
        )
        self.login("coordinator", "b")
        self.assertNotContains(self.client.get(reverse("providers")), "Fernhollow Only")
