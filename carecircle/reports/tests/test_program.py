"""The program report against a fixture whose every figure was worked out by hand.

County A, the second quarter of 2026 (April 1 to June 30), read by its coordinator:

- Marisol (dependent; born 2010-03-14, 16 on June 30; no gender or race recorded):
  identified April 10 by the hotline, exploited during foster care; screened April 12;
  placed April 15 (resource family) and moved May 20 (STRTP); missing May 1 09:00 to
  May 4 09:00 (3 days). Her tasks: the law enforcement report on time, the health exam
  late, the MDT referral not done; NCIC and NCMEC reports on time, family late,
  attorney not done; debrief on time, re-screen not done.
- Jaylen (ward; born 2009-11-02, 16; a girl, Black, not Hispanic): identified May 5 by
  law enforcement, at risk; a diversion offered May 10 and accepted; a legal referral
  proposed May 12.
- Priya (born 2013-08-01, 12; a boy, Asian and White): identified February 1 (the
  quarter before), exploited before care, that status ended March 1; screened April 20.
- Sol: identified June 1 only in a substance use (Part 2) record, which the coordinator
  may not see — so, for this reader, not identified at all; the Part 2 tasks it started
  are not counted either.
- Brianna, in county B: identified April 10; never counted in county A.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import time_machine

from carecircle.accounts.roles import AgencyType
from carecircle.clocks.actions import (
    record_debrief,
    record_episode_report,
    record_missing_episode,
    record_return,
    satisfy_obligation,
)
from carecircle.clocks.models import Obligation
from carecircle.justice.actions import move_diversion, record_justice_item
from carecircle.referrals.actions import add_need, add_provider, propose_referral
from carecircle.reports.periods import quarter
from carecircle.reports.program import build_program_report
from carecircle.reports.sources import ViewerSource
from carecircle.screening.actions import record_screening
from carecircle.screening.models import InstrumentVersion
from carecircle.test import BaseTestCase
from carecircle.youth.actions import (
    change_status,
    create_youth,
    record_identification,
    record_placement,
    update_youth,
)
from carecircle.youth.models import ExploitationStatus

PT = ZoneInfo("America/Los_Angeles")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=PT)


class ProgramReportFixture(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        a = cls.agencies_a
        cw, prob = a[AgencyType.CHILD_WELFARE], a[AgencyType.PROBATION]
        worker, officer = cls.social_worker_a, cls.probation_officer_a
        version = InstrumentVersion.objects.filter(instrument__key="external-result").latest(
            "number"
        )

        def screen(youth, agency, actor, on):
            record_screening(
                actor=actor, youth=youth, agency=agency, record_class="general",
                instrument_version=version, context="periodic", screened_on=on,
                tool_name="CSE-IT", tool_version="2.0", level="possible_concern",
            )  # fmt: skip

        def task(youth, kind):
            return Obligation.objects.get(youth=youth, kind=kind)

        def done(obligation, when):
            satisfy_obligation(
                actor=worker, obligation=obligation, summary="Done.", evidence={}, done_at=when
            )

        marisol, jaylen = cls.youth_cw_a, cls.youth_prob_a
        with time_machine.travel(at(2026, 2, 1, 9), tick=False):
            cls.priya = create_youth(
                actor=worker, county=cls.county_a, first_name="Priya", last_name="Anand",
                date_of_birth=date(2013, 8, 1), agencies=[prob],
                profile={"gender_identity": "boy", "races": ["asian", "white"],
                         "hispanic_latino": "no"},
            )  # fmt: skip
            record_identification(
                actor=officer, youth=cls.priya, agency=prob, record_class="probation",
                identified_on=date(2026, 2, 1), source="detention", identified_by="Intake",
                category="before_care", certainty="confirmed",
            )  # fmt: skip
        with time_machine.travel(at(2026, 3, 1, 9), tick=False):
            change_status(
                actor=officer,
                status=ExploitationStatus.objects.get(youth=cls.priya),
                on=date(2026, 3, 1),
                end_only=True,
            )
        with time_machine.travel(at(2026, 4, 10, 9), tick=False):
            record_identification(
                actor=worker, youth=marisol, agency=cw, record_class="child_welfare",
                identified_on=date(2026, 4, 10), source="hotline", identified_by="Hotline",
                category="during_care", certainty="confirmed",
            )  # fmt: skip
            record_identification(
                actor=cls.social_worker_b, youth=cls.youth_cw_b,
                agency=cls.agencies_b[AgencyType.CHILD_WELFARE], record_class="child_welfare",
                identified_on=date(2026, 4, 10), source="hotline", identified_by="Hotline",
                category="during_care", certainty="confirmed",
            )  # fmt: skip
        done(task(marisol, "le_report"), at(2026, 4, 10, 15))
        done(task(marisol, "health_exam"), at(2026, 4, 14, 9))
        with time_machine.travel(at(2026, 4, 20, 9), tick=False):
            screen(marisol, cw, worker, date(2026, 4, 12))
            screen(cls.priya, prob, officer, date(2026, 4, 20))
            record_placement(
                actor=worker, youth=marisol, agency=cw, record_class="child_welfare",
                setting="resource_family", started_on=date(2026, 4, 15),
            )  # fmt: skip
        with time_machine.travel(at(2026, 5, 1, 10), tick=False):
            episode = record_missing_episode(
                actor=worker, youth=marisol, agency=cw, record_class="general",
                last_seen_at=at(2026, 5, 1, 9), reported_by="Caregiver",
            )  # fmt: skip
        with time_machine.travel(at(2026, 5, 1, 13), tick=False):
            for kind, when in (("law_enforcement", at(2026, 5, 1, 11)),
                               ("ncmec", at(2026, 5, 1, 12))):  # fmt: skip
                record_episode_report(
                    actor=worker, episode=episode, kind=kind, made_at=when,
                    recipient="Sheriff", reference="R-1",
                )  # fmt: skip
        with time_machine.travel(at(2026, 5, 4, 9, 30), tick=False):
            record_episode_report(
                actor=worker, episode=episode, kind="family",
                made_at=at(2026, 5, 3, 9), recipient="Guardian",
            )  # fmt: skip
            record_return(
                actor=worker, episode=episode, returned_at=at(2026, 5, 4, 9), how_found="returned"
            )
        with time_machine.travel(at(2026, 5, 12, 9), tick=False):
            record_debrief(
                actor=worker, episode=episode, debriefed_at=at(2026, 5, 5, 9),
                why_left="Wanted to see a friend.", while_away="Stayed with the friend.",
            )  # fmt: skip
            record_identification(
                actor=officer, youth=jaylen, agency=prob, record_class="probation",
                identified_on=date(2026, 5, 5), source="law_enforcement",
                identified_by="Patrol", category="at_risk", certainty="suspected",
            )  # fmt: skip
            jaylen.refresh_from_db()
            update_youth(
                actor=officer, youth=jaylen, expected_version=jaylen.version,
                agencies=list(jaylen.agencies.all()), gender_identity="girl", races=["black"],
                hispanic_latino="no",
            )  # fmt: skip
            diversion = record_justice_item(
                actor=officer, youth=jaylen, agency=prob, record_class="probation",
                what="diversion", offered_on=date(2026, 5, 10), program="Youth court",
            )  # fmt: skip
            move_diversion(
                actor=officer, diversion=diversion, status="accepted", on=date(2026, 5, 11)
            )
            provider = add_provider(
                actor=None, county=cls.county_a, name="Fixture Legal Aid", domains=["legal"]
            )
            need = add_need(
                actor=officer, youth=jaylen, agency=prob, record_class="probation",
                domain="legal", description="Help with the petition.",
            )  # fmt: skip
            propose_referral(
                actor=officer, youth=jaylen, agency=prob, record_class="probation",
                provider=provider, need=need,
            )  # fmt: skip
        with time_machine.travel(at(2026, 5, 20, 9), tick=False):
            record_placement(
                actor=worker, youth=marisol, agency=cw, record_class="child_welfare",
                setting="strtp", started_on=date(2026, 5, 20),
            )  # fmt: skip
        with time_machine.travel(at(2026, 6, 1, 9), tick=False):
            sol = create_youth(
                actor=worker, county=cls.county_a, first_name="Sol", last_name="Ibarra",
                date_of_birth=date(2011, 1, 1), agencies=[a[AgencyType.SUBSTANCE_USE]],
            )  # fmt: skip
            record_identification(
                actor=cls.counselor_a, youth=sol, agency=a[AgencyType.SUBSTANCE_USE],
                record_class="substance_use", identified_on=date(2026, 6, 1),
                source="health", identified_by="Counselor", category="during_care",
                certainty="confirmed",
            )  # fmt: skip
        with time_machine.travel(at(2026, 7, 15, 9), tick=False):
            cls.report = build_program_report(
                ViewerSource(cls.coordinator_a), quarter(2026, 2), now=datetime.now(UTC)
            )

    def rows(self, key: str) -> dict:
        table = self.report.table(key)
        return {str(label): cells for label, cells in zip(table.rows, table.cells, strict=True)}

    def nonzero(self, key: str) -> dict:
        return {label: cells for label, cells in self.rows(key).items() if any(cells)}

    def test_it_counts_youth_identified_and_served_by_status(self):
        self.assertEqual(
            self.nonzero("youth_by_status"),
            {
                "Exploited during foster care": [1, 1],
                "At risk of exploitation": [1, 1],
                "No status recorded": [0, 1],
            },
        )
        self.assertEqual(self.report.table("youth_by_status").column_totals, [2, 3])

    def test_it_counts_youth_by_age_gender_and_race(self):
        self.assertEqual(self.nonzero("youth_by_age"), {"16 to 17": [2, 2], "12 to 13": [0, 1]})
        self.assertEqual(
            self.nonzero("youth_by_gender"),
            {"Girl or young woman": [1, 1], "Boy or young man": [0, 1], "Not recorded": [1, 1]},
        )
        self.assertEqual(
            self.nonzero("youth_by_race"),
            {
                "Black or African American": [1, 1],
                "Two or more races": [0, 1],
                "Declined or not known": [1, 1],
            },
        )

    def test_it_counts_identifications_by_source(self):
        self.assertEqual(
            self.nonzero("identifications_by_source"),
            {"Child abuse hotline": [1], "Law enforcement contact": [1]},
        )

    def test_it_counts_services_placements_episodes_and_diversion(self):
        self.assertEqual(self.nonzero("services_by_domain"), {"Legal": [1, 0, 0, 0, 0, 0, 0]})
        self.assertEqual(
            self.nonzero("placements"),
            {
                "Resource family (foster home)": [1],
                "Short-term residential therapeutic program (STRTP)": [1],
            },
        )
        self.assertIn(
            "moves from an earlier placement: 1.", self.report.table("placements").notes[0]
        )
        self.assertEqual(self.nonzero("missing_episodes"), {"2 to 7 days": [1]})
        self.assertIn("Youth with an episode: 1. Days missing in all: 3.",
                      self.report.table("missing_episodes").notes[0])  # fmt: skip
        self.assertEqual(self.nonzero("diversion"), {"Accepted": [1]})

    def test_it_counts_timeliness_of_every_task_it_may_see(self):
        self.assertEqual(
            self.nonzero("timeliness"),
            {
                "Report the exploitation to law enforcement": [1, 0, 0],
                "Health exam": [0, 1, 0],
                "Refer to the MDT": [0, 0, 1],
                "Report to law enforcement for NCIC entry": [1, 0, 0],
                "Report to NCMEC": [1, 0, 0],
                "Notify parents or guardians, Indian custodian and tribe": [0, 1, 0],
                "Notify the youth's attorney": [0, 0, 1],
                "Debrief after the return": [1, 0, 0],
                "Exploitation re-screen after the return": [0, 0, 1],
            },
        )
        table = self.report.table("timeliness")
        self.assertEqual(table.total, 9)
        self.assertEqual(str(table.percent_of_total()), "44.4")

    def test_it_counts_no_other_county(self):
        """Brianna, identified in county B the same day as Marisol, is not counted."""
        self.assertEqual(self.report.table("identifications_by_source").column_totals, [2])

    def test_a_part_2_identification_counts_for_its_own_agency(self):
        """The counselor's agency may count the record the coordinator may not see."""
        with time_machine.travel(at(2026, 7, 15, 9), tick=False):
            report = build_program_report(
                ViewerSource(self.counselor_a), quarter(2026, 2), now=datetime.now(UTC)
            )
        identified = report.table("youth_by_status").column_totals[0]
        # Sol only: Jaylen's probation record is not the counselor's, and the counselor
        # is not on Jaylen's MDT.
        self.assertEqual(identified, 1)
