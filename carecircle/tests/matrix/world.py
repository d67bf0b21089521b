"""The matrix's world: county A's youth, items, meetings, tasks and files that the
matrix's URLs name, and signing in as each persona."""

from datetime import date, timedelta
from uuid import uuid4

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.actions import save_county_sign_in
from carecircle.accounts.roles import AgencyType
from carecircle.clocks.actions import record_missing_episode
from carecircle.clocks.testing import run_queued_tasks
from carecircle.demo.builder.saml import signing_pair
from carecircle.imports.actions import start_import
from carecircle.meetings.actions import add_action_item, schedule_meeting
from carecircle.referrals.actions import add_provider, propose_referral
from carecircle.reports import periods
from carecircle.reports.actions import request_export
from carecircle.screening.actions import record_screening
from carecircle.screening.models import InstrumentVersion
from carecircle.sharing.actions import SignerInput, break_glass, record_consent
from carecircle.sharing.models import TeamMembership
from carecircle.test import BaseTestCase, build_sharing_world
from carecircle.tests.matrix.cases import ANON, B_COORDINATOR, STATE
from carecircle.youth.actions import record_placement


class MatrixWorld(BaseTestCase):
    """County A's youth with a record of every kind, for the matrices to ask about."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        world = build_sharing_world({k: getattr(cls, k) for k in dir(cls) if k.endswith("_a")})
        cls.export = request_export(
            actor=cls.coordinator_a, period=periods.year(2026), file_format="csv"
        )
        run_queued_tasks()
        cls.county_sign_in = save_county_sign_in(
            actor=cls.county_admin_a, county=cls.county_a, label="Fernhollow County account",
            issuer="https://idp.fernhollow.example", client_id="care-circle",
            client_secret="a-client-secret", asserts_mfa=True, enabled=True,
        )  # fmt: skip
        # County B signs in through SAML (the provider is not contacted either).
        cls.saml_sign_in = save_county_sign_in(
            actor=cls.county_admin_b, county=cls.county_b, label="Ravenmoor County account",
            protocol="saml", issuer="https://sts.ravenmoor.example/",
            sso_url="https://sts.ravenmoor.example/saml2", certificate=signing_pair()[1],
            asserts_mfa=False, enabled=True,
        )  # fmt: skip
        cls.import_job = start_import(
            actor=cls.coordinator_a,
            agency=cls.agencies_a[AgencyType.CHILD_WELFARE],
            filename="youth.csv",
            content=b"external_id,first_name,last_name,date_of_birth\nX1,Ana,Ruiz,2011-02-03\n",
        )
        cls.notes = world["notes"]
        cls.court_document = world["court_document"]
        cls.consent = record_consent(
            actor=cls.social_worker_a,
            youth=cls.youth_cw_a,
            purpose="mdt",
            classes=["child_welfare"],
            signers=[SignerInput("parent_guardian", "Rosa Delgado", date(2026, 1, 5))],
            effective_at=timezone.now() - timedelta(days=1),
            expires_at=timezone.now() + timedelta(days=90),
            signed_form=SimpleUploadedFile("roi.pdf", b"%PDF-1.4 signed release"),
            recipient_agencies=[cls.agencies_a[AgencyType.PROBATION]],
            disclosing_agency=cls.agencies_a[AgencyType.CHILD_WELFARE],
        )
        cls.member = TeamMembership.objects.filter(youth=cls.youth_prob_a).first()
        cls.episode = record_missing_episode(
            actor=cls.social_worker_a,
            youth=cls.youth_cw_a,
            agency=cls.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="general",
            last_seen_at=timezone.now() - timedelta(hours=2),
            reported_by="Resource parent",
            whereabouts="Near the bus station",
        )
        cls.obligation = cls.episode.obligations.first()
        cls.referral = propose_referral(
            actor=cls.social_worker_a,
            youth=cls.youth_cw_a,
            agency=cls.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="general",
            provider=add_provider(
                actor=cls.coordinator_a,
                county=cls.county_a,
                name="Seaside Counseling",
                domains=["safety"],
            ),
        )
        cls.meeting = schedule_meeting(
            actor=cls.coordinator_a,
            youth=cls.youth_prob_a,
            tier="ongoing",
            starts_at=timezone.now() - timedelta(hours=1),
            place="Family Justice Center",
        )
        cls.action_item = add_action_item(
            actor=cls.probation_officer_a,
            meeting=cls.meeting,
            agency=cls.agencies_a[AgencyType.PROBATION],
            record_class="general",
            owner=cls.probation_officer_a,
            description="Enrol in the summer programme",
            due_on=date(2026, 12, 15),
        )
        cls.placement = record_placement(
            actor=cls.probation_officer_a,
            youth=cls.youth_prob_a,
            agency=cls.agencies_a[AgencyType.PROBATION],
            record_class="general",
            setting="csec_specialised",
            started_on=date(2026, 2, 1),
            address="40 Quarry Road",
        )
        cls.grant = break_glass(
            actor=cls.clinician_a, youth=cls.youth_cw_a, reason="Youth disclosed an overdose risk."
        )
        cls.screening = record_screening(
            actor=cls.social_worker_a,
            youth=cls.youth_cw_a,
            agency=cls.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="general",
            instrument_version=InstrumentVersion.objects.filter(
                instrument__key="external-result"
            ).latest("number"),
            context="intake",
            screened_on=date(2026, 1, 10),
            tool_name="CSE-IT",
            tool_version="2.0",
            level="possible_concern",
        )

    def url_for(self, name: str, subject: str | None) -> str:
        if subject is None:
            return reverse(name)
        if subject == "dependent":
            return reverse(name, kwargs={"youth_id": self.youth_cw_a.pk})
        if subject.startswith("note:"):
            note = self.notes[subject.removeprefix("note:")]
            return reverse(name, kwargs={"youth_id": note.youth_id, "item_id": note.pk})
        if subject == "court_document":
            kwargs = {"youth_id": self.youth_prob_a.pk, "item_id": self.court_document.pk}
            if name == "records:court_order":
                kwargs["kind"] = "documents"
            return reverse(name, kwargs=kwargs)
        if subject == "member":
            return reverse(
                name, kwargs={"youth_id": self.youth_prob_a.pk, "member_id": self.member.pk}
            )
        if subject == "consent":
            return reverse(
                name, kwargs={"youth_id": self.youth_cw_a.pk, "consent_id": self.consent.pk}
            )
        if subject == "status":
            # A POST-only route answers GET with 405 before it looks anything up.
            return reverse(name, kwargs={"youth_id": self.youth_cw_a.pk, "status_id": uuid4()})
        if subject == "grant":
            return reverse(name, kwargs={"grant_id": self.grant.pk})
        if subject == "justice_kind":
            return reverse(name, kwargs={"youth_id": self.youth_prob_a.pk, "kind": "diversion"})
        if subject == "diversion":
            return reverse(name, kwargs={"youth_id": self.youth_prob_a.pk, "diversion_id": uuid4()})
        if subject in ("ward", "sealed"):  # "sealed": the register's POST-only routes
            return reverse(name, kwargs={"youth_id": self.youth_prob_a.pk})
        if subject == "sso":
            return reverse(name, kwargs={"provider_id": self.county_sign_in.provider_id})
        if subject == "saml":
            return reverse(name, kwargs={"organization_slug": self.saml_sign_in.provider_id})
        if subject == "meeting":
            return reverse(
                name, kwargs={"youth_id": self.youth_prob_a.pk, "meeting_id": self.meeting.pk}
            )
        if subject == "referral":
            return reverse(
                name, kwargs={"youth_id": self.youth_cw_a.pk, "referral_id": self.referral.pk}
            )
        if subject == "obligation":
            return reverse(name, kwargs={"obligation_id": self.obligation.pk})
        if subject == "episode":
            return reverse(
                name, kwargs={"youth_id": self.youth_cw_a.pk, "episode_id": self.episode.pk}
            )
        if subject == "placement":
            return reverse(
                name, kwargs={"youth_id": self.youth_prob_a.pk, "placement_id": self.placement.pk}
            )
        if subject == "screening":
            return reverse(
                name, kwargs={"youth_id": self.youth_cw_a.pk, "screening_id": self.screening.pk}
            )
        if subject == "action_item":
            kwargs = {"youth_id": self.youth_prob_a.pk, "meeting_id": self.meeting.pk}
            return reverse(name, kwargs={**kwargs, "item_id": self.action_item.pk})
        if subject == "webauthn_key":
            return reverse(name, kwargs={"pk": 1})
        if subject == "token":
            return reverse(name, kwargs={"token_id": uuid4()})
        if subject == "import":
            return reverse(name, kwargs={"job_id": self.import_job.pk})
        if subject == "export":
            return reverse(name, kwargs={"export_id": self.export.pk})
        if subject == "person":
            return reverse(name, kwargs={"user_id": self.social_worker_a.pk})
        if subject == "membership":
            membership = self.social_worker_a.memberships.first()
            return reverse(
                name, kwargs={"user_id": membership.user_id, "membership_id": membership.pk}
            )
        raise AssertionError(subject)

    def sign_in_as(self, persona: str) -> None:
        self.client.logout()
        if persona == ANON:
            return
        if persona == B_COORDINATOR:
            self.client.force_login(self.coordinator_b)
        elif persona.startswith("b:"):
            self.client.force_login(self.persona(persona.removeprefix("b:"), "b"))
        elif persona == STATE:
            self.client.force_login(self.state_analyst)
        else:
            self.client.force_login(self.persona(persona, "a"))
