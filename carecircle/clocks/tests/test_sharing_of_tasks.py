"""Tasks are shared as what started them: a privileged or Part 2 record starts no other
agency's task, and a screening never closes an episode its screener cannot see."""

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.clocks import actions
from carecircle.clocks.models import ClockNotification, MissingEpisode, Obligation
from carecircle.clocks.sweep import sweep
from carecircle.screening.actions import record_screening
from carecircle.screening.models import InstrumentVersion
from carecircle.sharing import policy
from carecircle.sharing.actions import add_team_member
from carecircle.test import BaseTestCase
from carecircle.youth.actions import record_identification


def external():
    return InstrumentVersion.objects.filter(instrument__key="external-result").latest("number")


class PrivilegedTriggersTest(BaseTestCase):
    def test_an_advocates_privileged_identification_starts_no_task(self):
        record_identification(
            actor=self.victim_advocate_a,
            youth=self.youth_prob_a,
            agency=self.agencies_a[AgencyType.VICTIM_ADVOCATE],
            record_class="victim_advocate",
            identified_on=date(2026, 5, 1),
            source="self_disclosure",
            identified_by="Advocate",
            category="during_care",
            certainty="confirmed",
        )
        self.assertFalse(Obligation.objects.exists())

    def test_a_part_2_clear_concern_starts_no_mdt_referral(self):
        record_screening(
            actor=self.counselor_a,
            youth=self.youth_prob_a,
            agency=self.agencies_a[AgencyType.SUBSTANCE_USE],
            record_class="substance_use",
            instrument_version=external(),
            context="intake",
            screened_on=date(2026, 5, 1),
            tool_name="CSE-IT",
            level="clear_concern",
        )
        self.assertFalse(Obligation.objects.exists())

    def test_a_missing_episode_cannot_be_recorded_as_a_consent_only_record(self):
        with self.assertRaisesMessage(ValidationError, "reports the law requires"):
            actions.record_missing_episode(
                actor=self.social_worker_a,
                youth=self.youth_cw_a,
                agency=self.agencies_a[AgencyType.CHILD_WELFARE],
                record_class="cft",
                last_seen_at=datetime(2026, 5, 1, tzinfo=UTC),
                reported_by="x",
            )

    def test_the_coordinator_sees_every_task_of_a_shared_class(self):
        episode = actions.record_missing_episode(
            actor=self.probation_officer_a,
            youth=self.youth_prob_a,
            agency=self.agencies_a[AgencyType.PROBATION],
            record_class="probation",
            last_seen_at=datetime(2026, 5, 1, tzinfo=UTC),
            reported_by="x",
        )
        everything = Obligation.objects.filter(episode=episode)
        self.assertEqual(policy.visible_obligations(self.coordinator_a, everything).count(), 4)
        # The counselor's program serves the ward, but a probation record is not theirs.
        self.assertEqual(policy.visible_obligations(self.counselor_a, everything).count(), 0)


class RescreenLinkTest(BaseTestCase):
    def returned_episode(self, returned_at):
        with time_machine.travel(returned_at + timedelta(minutes=5), tick=False):
            episode = actions.record_missing_episode(
                actor=self.probation_officer_a,
                youth=self.youth_prob_a,
                agency=self.agencies_a[AgencyType.PROBATION],
                record_class="probation",
                last_seen_at=returned_at - timedelta(days=1),
                reported_by="x",
            )
            actions.record_return(
                actor=self.probation_officer_a,
                episode=episode,
                returned_at=returned_at,
                how_found="returned",
            )
        return episode

    def screen(self, actor, agency_type, record_class, on):
        return record_screening(
            actor=actor,
            youth=self.youth_prob_a,
            agency=self.agencies_a[agency_type],
            record_class=record_class,
            instrument_version=external(),
            context="return_from_missing",
            screened_on=on,
            tool_name="CSE-IT",
            level="possible_concern",
        )

    def test_a_part_2_screening_neither_links_nor_closes_the_probation_episode(self):
        episode = self.returned_episode(datetime(2026, 5, 1, 18, 0, tzinfo=UTC))
        self.screen(self.counselor_a, AgencyType.SUBSTANCE_USE, "substance_use", date(2026, 5, 2))
        episode.refresh_from_db()
        self.assertIsNone(episode.rescreen_id)
        self.assertTrue(Obligation.objects.open().filter(kind="return_rescreen").exists())

    def test_a_return_late_in_the_county_evening_links_a_rescreen_the_same_local_day(self):
        # 23:30 in Los Angeles on 1 May is 06:30 UTC on 2 May.
        episode = self.returned_episode(datetime(2026, 5, 2, 6, 30, tzinfo=UTC))
        with time_machine.travel(datetime(2026, 5, 2, 7, 0, tzinfo=UTC), tick=False):
            self.screen(
                self.probation_officer_a, AgencyType.PROBATION, "probation", date(2026, 5, 1)
            )
        episode.refresh_from_db()
        self.assertIsNotNone(episode.rescreen_id)


class EpisodeChangesTest(BaseTestCase):
    def test_only_the_recording_agency_and_the_coordinator_change_an_episode(self):
        episode = actions.record_missing_episode(
            actor=self.social_worker_a,
            youth=self.youth_prob_a,
            agency=self.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="general",
            last_seen_at=datetime(2026, 5, 1, tzinfo=UTC),
            reported_by="x",
        )
        add_team_member(
            actor=self.coordinator_a,
            youth=self.youth_prob_a,
            user=self.probation_officer_a,
            agency=self.agencies_a[AgencyType.PROBATION],
        )
        self.assertFalse(policy.can_change_episode(self.probation_officer_a, episode))
        self.assertTrue(policy.can_change_episode(self.coordinator_a, episode))
        self.login("probation_officer")
        url = reverse(
            "missing:episode", kwargs={"youth_id": self.youth_prob_a.pk, "episode_id": episode.pk}
        )
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.post(url, {"step": "close"}).status_code, 403)
        self.assertTrue(MissingEpisode.objects.filter(closed_at__isnull=True).exists())


class EscalationTest(BaseTestCase):
    def test_escalation_goes_to_the_coordinator_when_no_supervisor_may_see_the_youth(self):
        start = datetime(2026, 5, 1, 16, 0, tzinfo=UTC)
        with time_machine.travel(start, tick=False):
            actions.record_missing_episode(
                actor=self.probation_officer_a,
                youth=self.youth_prob_a,
                agency=self.agencies_a[AgencyType.PROBATION],
                record_class="probation",
                last_seen_at=start - timedelta(hours=1),
                reported_by="x",
            )
        with time_machine.travel(start + timedelta(hours=25), tick=False):
            sweep()
        escalated = set(
            ClockNotification.objects.filter(transition="escalation").values_list(
                "user__username", flat=True
            )
        )
        self.assertEqual(escalated, {self.coordinator_a.username})


class LateEntryTest(BaseTestCase):
    @time_machine.travel(datetime(2026, 5, 4, 17, 0, tzinfo=UTC), tick=False)
    def test_an_identification_entered_late_is_due_from_its_day(self):
        record_identification(
            actor=self.social_worker_a,
            youth=self.youth_cw_a,
            agency=self.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="general",
            identified_on=date(2026, 5, 1),
            source="hotline",
            identified_by="Hotline",
            category="during_care",
            certainty="suspected",
        )
        report = Obligation.objects.get(kind="le_report")
        # Midnight of 1 May in Los Angeles (PDT) is 07:00 UTC; 24 hours on.
        self.assertEqual(report.due_at, datetime(2026, 5, 2, 7, 0, tzinfo=UTC))

    def test_a_county_cannot_turn_off_a_statutory_report(self):
        with self.assertRaisesMessage(ValidationError, "required by law"):
            actions.set_clock_protocol(
                actor=self.county_admin_a,
                county=self.county_a,
                rules_by_kind={
                    "missing_ncmec": {
                        "applies": False,
                        "due_hours": 24,
                        "responsible": "coordinator",
                    }
                },
            )


class DaylightSavingFormTest(BaseTestCase):
    def test_a_time_skipped_by_the_spring_change_is_refused(self):
        from carecircle.clocks.forms import ReturnForm

        form = ReturnForm(
            {"returned_at": "2026-03-08T02:30", "how_found": "returned"},
            time_zone="America/Los_Angeles",
        )
        self.assertFalse(form.is_valid())
        self.assertIn("clocks went forward", str(form.errors))
        form = ReturnForm(
            {"returned_at": "2026-03-08T03:30", "how_found": "returned"},
            time_zone="America/Los_Angeles",
        )
        self.assertTrue(form.is_valid())
        self.assertEqual(form.cleaned_data["returned_at"], datetime(2026, 3, 8, 10, 30, tzinfo=UTC))
