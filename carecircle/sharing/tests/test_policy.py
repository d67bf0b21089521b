"""The list filter and the one-item decision must always agree."""

from datetime import date, timedelta

from django.utils import timezone

from carecircle.accounts.roles import AgencyType, Role
from carecircle.clocks.models import Obligation
from carecircle.justice.actions import record_justice_item
from carecircle.justice.models import Diversion
from carecircle.records.models import Document, Note
from carecircle.referrals.actions import add_need, add_provider, propose_referral
from carecircle.referrals.models import Need, Referral
from carecircle.screening.actions import record_screening
from carecircle.screening.models import InstrumentVersion, Screening
from carecircle.sharing import policy
from carecircle.sharing.actions import (
    SignerInput,
    add_team_member,
    break_glass,
    end_team_membership,
    record_sharing_window,
)
from carecircle.sharing.models import TeamMembership
from carecircle.sharing.policy.read_once import facts_read_once
from carecircle.sharing.tests.base import SharingTestCase
from carecircle.youth.actions import record_identification, record_placement
from carecircle.youth.models import ExploitationStatus, Identification, Placement, Youth

ITEM_MODELS = (
    Note,
    Document,
    Screening,
    Identification,
    ExploitationStatus,
    Placement,
    Obligation,
    Need,
    Referral,
    Diversion,
)


class PolicyAgreementTest(SharingTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.provider = add_provider(
            actor=cls.coordinator_a,
            county=cls.county_a,
            name="Seaside Counseling",
            domains=["safety"],
        )
        # A screening of every class the ward's notes have, by the same authors.
        external = InstrumentVersion.objects.filter(instrument__key="external-result").latest(
            "number"
        )
        for note in cls.notes.values():
            if note.youth_controlled:
                continue
            record_screening(
                actor=note.author,
                youth=note.youth,
                agency=note.source_agency,
                record_class=note.record_class,
                instrument_version=external,
                context="intake",
                screened_on=date(2026, 1, 10),
                tool_name="CSE-IT",
                level="possible_concern",
            )
            shared = {
                "actor": note.author,
                "youth": note.youth,
                "agency": note.source_agency,
                "record_class": note.record_class,
            }
            record_identification(
                **shared,
                identified_on=date(2026, 1, 10),
                source="screening",
                identified_by="Screener",
                category="before_care",  # opens tasks, shared as the identification is
                certainty="suspected",
            )
            record_placement(**shared, setting="relative", started_on=date(2026, 1, 10))
            need = add_need(**shared, domain="safety", description="A safety plan")
            propose_referral(**shared, provider=cls.provider, need=need)
            record_justice_item(
                **shared, what="diversion", offered_on=date(2026, 1, 10), program="Youth court"
            )

    def viewers(self):
        for county in ("a", "b"):
            for role in Role.values:
                yield self.persona(role, county)
        yield self.state_analyst

    def assert_agreement(self) -> None:
        items = [item for model in ITEM_MODELS for item in model.objects.all()]
        viewers = [type(v).objects.get(pk=v.pk) for v in self.viewers()]  # fresh caches
        listed = {}
        for viewer in viewers:
            listed[viewer.pk] = {
                pk
                for model in ITEM_MODELS
                for pk in policy.visible_items(viewer, model.objects.all()).values_list(
                    "pk", flat=True
                )
            }
            for item in items:
                with self.subTest(viewer=viewer.username, item=str(item)):
                    decided = policy.decide(viewer, item) is not None
                    self.assertEqual(item.pk in listed[viewer.pk], decided)
        # One youth's items (a profile, a timeline), asked with the youth's facts read
        # first: the same items as the general query, youth by youth — read once for
        # every viewer and youth in one block, as a page keeps them, so facts kept for
        # one viewer or youth must never answer for another.
        with facts_read_once():
            for viewer in viewers:
                for youth in Youth.objects.all():
                    self.assert_one_youth_agrees(viewer, youth, listed[viewer.pk])

    def assert_one_youth_agrees(self, viewer, youth, listed: set) -> None:
        for model in ITEM_MODELS:
            with self.subTest(viewer=viewer.username, youth=str(youth), model=model):
                one = set(
                    policy.visible_items(
                        viewer, model.objects.filter(youth=youth), youth=youth
                    ).values_list("pk", flat=True)
                )
                general = set(
                    model.objects.filter(youth=youth, pk__in=listed).values_list("pk", flat=True)
                )
                self.assertEqual(one, general)
        tasks = Obligation.objects.filter(youth=youth)
        with self.subTest(viewer=viewer.username, youth=str(youth), tasks=True):
            self.assertEqual(
                set(policy.visible_obligations(viewer, tasks, youth=youth)),
                set(policy.visible_obligations(viewer, tasks)),
            )

    def test_it_agrees_with_no_consents(self):
        self.assert_agreement()

    def test_it_agrees_under_consents_windows_teams_and_emergency_access(self):
        self.part_2_consent()
        self.part_2_consent(
            actor=self.clinician_a,
            classes=["mental_health"],
            disclosing_agency=self.clinician_a.memberships.get().agency,
            youth_self_consented=True,
            signers=[SignerInput("youth", "Jaylen Whitfield", date(2026, 11, 1))],
        )
        record_sharing_window(
            actor=self.coordinator_a,
            youth=self.youth_prob_a,
            reported_at=timezone.now() - timedelta(days=2),
        )
        add_team_member(
            actor=self.coordinator_a,
            youth=self.youth_prob_a,
            user=self.social_worker_a,
            agency=self.social_worker_a.memberships.get().agency,
        )
        break_glass(actor=self.supervisor_a, youth=self.youth_cw_a, reason="x" * 30)
        # The public health nurse leaves the ward's team; their agency still serves the
        # ward, so they see the ward but no longer what the team shares.
        nurse_agency = self.public_health_nurse_a.memberships.get().agency
        self.youth_prob_a.agencies.add(nurse_agency)
        end_team_membership(
            actor=self.coordinator_a,
            member=TeamMembership.objects.get(
                youth=self.youth_prob_a, user=self.public_health_nurse_a
            ),
        )
        # Mental health records to public health, signed by a parent only: not the
        # youth-controlled ones, which only a consent the youth signs opens.
        self.part_2_consent(
            actor=self.clinician_a,
            classes=["mental_health"],
            to_agency=AgencyType.PUBLIC_HEALTH,
            disclosing_agency=self.clinician_a.memberships.get().agency,
            signers=[SignerInput("parent_guardian", "Dana Whitfield", date(2026, 11, 1))],
        )
        # A child and family team consent, to the probation officer as a participant.
        self.part_2_consent(
            actor=self.coordinator_a,
            classes=["cft"],
            disclosing_agency=self.agencies_a[AgencyType.CHILD_WELFARE],
            recipient_agencies=[],
            recipient_users=[self.probation_officer_a],
            signers=[
                SignerInput("youth", "Jaylen Whitfield", date(2026, 11, 1)),
                SignerInput(
                    "cft_participant",
                    "P. Officer",
                    date(2026, 11, 1),
                    user=self.probation_officer_a,
                ),
            ],
        )
        # Opens the ward's youth-controlled mental health items to the coordinator.
        break_glass(actor=self.coordinator_a, youth=self.youth_prob_a, reason="y" * 30)
        self.assert_agreement()
