"""A youth missing from care, from the report to the return, the debrief, the
re-screen and the close — with the 24-hour clocks and the escalation."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from carecircle.accounts.models import Alert
from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.clocks import actions
from carecircle.clocks.models import (
    ClockNotification,
    MissingEpisode,
    Obligation,
    ObligationKind,
)
from carecircle.clocks.sweep import sweep
from carecircle.clocks.testing import run_queued_tasks
from carecircle.screening.actions import record_screening
from carecircle.screening.models import InstrumentVersion
from carecircle.test import BaseTestCase

REPORTED = datetime(2026, 5, 4, 16, 0, tzinfo=UTC)


class MissingEpisodeTest(BaseTestCase):
    def record(self) -> MissingEpisode:
        with time_machine.travel(REPORTED, tick=False):
            return actions.record_missing_episode(
                actor=self.social_worker_a,
                youth=self.youth_cw_a,
                agency=self.agencies_a[AgencyType.CHILD_WELFARE],
                record_class="child_welfare",
                last_seen_at=REPORTED - timedelta(hours=3),
                reported_by="Resource parent Ana Vega",
                whereabouts="Possibly at a motel on Route 9",
            )

    def report(self, episode, kind, reference="", hours=2):
        with time_machine.travel(REPORTED + timedelta(hours=hours), tick=False):
            return actions.record_episode_report(
                actor=self.social_worker_a,
                episode=episode,
                kind=kind,
                made_at=REPORTED + timedelta(hours=1),
                recipient="Fernhollow Police",
                reference=reference,
            )

    def test_it_starts_the_four_24_hour_clocks(self):
        episode = self.record()
        due = {o.kind: o.due_at for o in episode.obligations.all()}
        self.assertEqual(
            set(due),
            {"missing_le", "missing_ncmec", "missing_family", "missing_attorney"},
        )
        self.assertEqual(set(due.values()), {REPORTED + timedelta(hours=24)})
        event = AuditEvent.objects.get(action="missing_episode.record")
        self.assertNotIn("Route 9", str(event.detail))

    def test_each_report_with_its_number_satisfies_its_obligation(self):
        episode = self.record()
        self.report(episode, "law_enforcement", "NCIC M-26-10442")
        self.report(episode, "ncmec", "1580123")
        done = {
            o.kind: o.satisfied_by for o in episode.obligations.filter(satisfied_at__isnull=False)
        }
        self.assertEqual(set(done), {"missing_le", "missing_ncmec"})
        self.assertIn("NCIC M-26-10442", done["missing_le"])

    def test_a_law_enforcement_report_without_its_number_is_refused(self):
        episode = self.record()
        with self.assertRaisesMessage(ValidationError, "Enter the number"):
            self.report(episode, "law_enforcement", "")
        self.assertFalse(episode.reports.exists())
        self.assertEqual(episode.obligations.filter(satisfied_at__isnull=False).count(), 0)

    def test_at_24_hours_and_a_minute_the_unsatisfied_are_overdue_and_the_supervisor_told_once(
        self,
    ):
        self.social_worker_a.email = "worker@example.org"
        self.social_worker_a.save(update_fields=["email"])
        episode = self.record()
        self.report(episode, "law_enforcement", "NCIC M-26-10442")
        self.report(episode, "ncmec", "1580123")
        self.report(episode, "family", "")
        late = REPORTED + timedelta(hours=24, minutes=1)
        with time_machine.travel(late, tick=False):
            sweep()
            sweep()  # a second sweep, as the next minute's would, changes nothing
        notices = ClockNotification.objects.all()
        self.assertEqual(
            sorted((n.obligation.kind, n.transition, n.user.username) for n in notices),
            [
                ("missing_attorney", "escalation", self.supervisor_a.username),
                ("missing_attorney", "overdue", self.social_worker_a.username),
            ],
        )
        self.assertEqual(Alert.objects.filter(user=self.supervisor_a).count(), 1)
        # The e-mail goes through the task queue, once, and names no youth.
        self.assertEqual(run_queued_tasks(), 2)
        self.assertEqual(run_queued_tasks(), 0)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            ["supervisor.fernhollow@example.org", "worker@example.org"],
        )
        for message in mail.outbox:
            self.assertIn("Notify the youth's attorney", message.body)
            self.assertNotIn("Marisol", message.body)
            self.assertNotIn("Delgado", message.subject + message.body)

    def test_before_24_hours_nothing_is_overdue(self):
        self.record()
        with time_machine.travel(REPORTED + timedelta(hours=23, minutes=59), tick=False):
            sweep()
        self.assertFalse(ClockNotification.objects.exclude(transition="due_soon").exists())

    def test_closing_without_the_debrief_and_rescreen_says_what_is_missing(self):
        episode = self.record()
        with self.assertRaises(ValidationError) as refused:
            actions.close_episode(actor=self.social_worker_a, episode=episode)
        message = " ".join(refused.exception.messages)
        self.assertIn("the return", message)
        self.assertIn("the debrief", message)
        self.assertIn("re-screen", message)
        with time_machine.travel(REPORTED + timedelta(days=1), tick=False):
            actions.record_return(
                actor=self.social_worker_a,
                episode=episode,
                returned_at=REPORTED + timedelta(hours=20),
                how_found="law_enforcement",
            )
            with self.assertRaises(ValidationError) as refused:
                actions.close_episode(actor=self.social_worker_a, episode=episode)
        message = " ".join(refused.exception.messages)
        self.assertNotIn("the return;", message)
        self.assertIn("the debrief", message)
        episode.refresh_from_db()
        self.assertIsNone(episode.closed_at)

    def test_return_debrief_and_rescreen_satisfy_their_clocks_and_the_episode_closes(self):
        episode = self.record()
        returned = REPORTED + timedelta(hours=20)
        with time_machine.travel(REPORTED + timedelta(days=1), tick=False):
            actions.record_return(
                actor=self.social_worker_a,
                episode=episode,
                returned_at=returned,
                how_found="returned",
            )
            opened = {
                o.kind: o.due_at for o in episode.obligations.filter(satisfied_at__isnull=True)
            }
            self.assertEqual(opened["return_debrief"], returned + timedelta(hours=72))
            self.assertEqual(opened["return_rescreen"], returned + timedelta(hours=72))
            actions.record_debrief(
                actor=self.social_worker_a,
                episode=episode,
                debriefed_at=REPORTED + timedelta(hours=23),
                why_left="Wanted to see her boyfriend.",
                while_away="Stayed at a motel; an older man paid for the room.",
            )
            screen = InstrumentVersion.objects.filter(instrument__key="external-result").latest(
                "number"
            )
            screening = record_screening(
                actor=self.social_worker_a,
                youth=self.youth_cw_a,
                agency=self.agencies_a[AgencyType.CHILD_WELFARE],
                record_class="child_welfare",
                instrument_version=screen,
                context="return_from_missing",
                screened_on=(REPORTED + timedelta(days=1)).date(),
                tool_name="CSE-IT",
                level="clear_concern",
            )
            episode.refresh_from_db()
            self.assertEqual(episode.rescreen, screening)
            kinds_done = set(
                episode.obligations.filter(satisfied_at__isnull=False).values_list(
                    "kind", flat=True
                )
            )
            self.assertLessEqual({"return_debrief", "return_rescreen"}, kinds_done)
            actions.close_episode(actor=self.social_worker_a, episode=episode)
        episode.refresh_from_db()
        self.assertIsNotNone(episode.closed_at)

    def test_a_second_episode_cannot_start_while_one_is_open(self):
        self.record()
        with self.assertRaisesMessage(ValidationError, "already recorded as missing"):
            self.record()


class IdentificationClocksTest(BaseTestCase):
    def identify(self, youth, category="during_care", agency_type=AgencyType.CHILD_WELFARE):
        from carecircle.youth.actions import record_identification

        return record_identification(
            actor=self.coordinator_a,
            youth=youth,
            agency=self.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="general",
            identified_on=datetime(2026, 5, 1).date(),
            source="hotline",
            identified_by="Hotline",
            category=category,
            certainty="suspected",
        )

    def test_an_identification_of_a_dependent_starts_the_first_response_clocks(self):
        self.identify(self.youth_cw_a)
        kinds = set(Obligation.objects.filter(youth=self.youth_cw_a).values_list("kind", flat=True))
        self.assertEqual(kinds, {"le_report", "health_exam", "mdt_referral"})

    def test_no_law_enforcement_report_clock_for_a_youth_child_welfare_does_not_serve(self):
        self.identify(self.youth_prob_a)
        kinds = set(
            Obligation.objects.filter(youth=self.youth_prob_a).values_list("kind", flat=True)
        )
        self.assertEqual(kinds, {"health_exam", "mdt_referral"})

    def test_a_risk_alone_starts_no_clock_and_a_second_identification_no_duplicate(self):
        self.identify(self.youth_cw_a, category="at_risk")
        self.assertFalse(Obligation.objects.filter(youth=self.youth_cw_a).exists())
        self.identify(self.youth_cw_a)
        self.identify(self.youth_cw_a)
        self.assertEqual(
            Obligation.objects.filter(youth=self.youth_cw_a)
            .filter(kind=ObligationKind.MDT_REFERRAL)
            .count(),
            1,
        )
