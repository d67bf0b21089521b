from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.clocks.models import Obligation
from carecircle.screening.models import Screening
from carecircle.screening.tests.base import EXTERNAL, ScreeningTestCase, answers, version_of
from carecircle.youth.actions import create_youth


class RecordScreeningTest(ScreeningTestCase):
    def test_it_scores_on_the_server_from_the_versions_definition(self):
        screening = self.record(answers=answers(unstable_housing="strong", controlled="strong"))
        self.assertEqual((screening.total_score, screening.level), (4, "possible_concern"))
        groups = {row["key"]: row for row in screening.indicator_levels}
        self.assertEqual(groups["safety_housing"]["level"], "possible_concern")
        self.assertEqual(groups["money_possessions"]["level"], "no_concern")
        self.assertEqual(screening.answers["controlled"], "strong")
        self.assertEqual(screening.screener, self.social_worker_a.display_name)
        self.assertEqual(screening.legal_basis != "", True)
        event = AuditEvent.objects.get(action="screening.record")
        self.assertEqual(event.record_class, "general")
        self.assertEqual(
            {k: event.detail[k] for k in ("instrument", "version", "context", "level", "score")},
            {
                "instrument": "care-circle-exploitation-screen",
                "version": 1,
                "context": "intake",
                "level": "possible_concern",
                "score": 4,
            },
        )
        self.assertNotIn("mdt_referral", event.detail)

    def test_a_clear_concern_opens_one_mdt_referral_for_the_coordinator(self):
        screening = self.record(answers=answers(youth_says="told"))
        self.assertEqual(screening.level, "clear_concern")
        obligation = Obligation.objects.get()
        self.assertEqual(
            (
                obligation.kind,
                obligation.responsible_role,
                obligation.youth,
                obligation.county,
                obligation.trigger_kind,
                obligation.trigger_id,
                obligation.due_at - obligation.triggered_at,
                obligation.satisfied_at,
            ),
            (
                "mdt_referral",
                "coordinator",
                self.youth_cw_a,
                self.county_a,
                "screening",
                str(screening.pk),
                timedelta(hours=72),  # the crisis-tier MDT, by default
                None,
            ),
        )
        event = AuditEvent.objects.get(action="screening.record")
        self.assertEqual(event.detail["mdt_referral"], str(obligation.pk))
        self.assertTrue(
            AuditEvent.objects.filter(
                action="obligation.open", object_id=str(obligation.pk)
            ).exists()
        )

    def test_no_concern_opens_no_task(self):
        self.assertEqual(self.record().level, "no_concern")
        self.assertFalse(Obligation.objects.exists())

    def test_it_refuses_a_youth_younger_than_the_minimum_age_and_saves_nothing(self):
        young = create_youth(
            actor=None,
            county=self.county_a,
            first_name="Lupe",
            last_name="Ortiz",
            date_of_birth=timezone.localdate() - timedelta(days=9 * 365),
            agencies=[self.agencies_a[AgencyType.CHILD_WELFARE]],
        )
        with self.assertRaisesMessage(ValidationError, "for youth aged 10 and over"):
            self.record(youth=young, answers=answers(youth_says="told"))
        self.assertFalse(Screening.objects.exists())
        self.assertFalse(Obligation.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="screening.record").exists())

    def test_it_refuses_a_future_date_and_a_date_before_birth(self):
        with self.assertRaisesMessage(ValidationError, "cannot be in the future"):
            self.record(screened_on=timezone.localdate() + timedelta(days=2))
        with self.assertRaisesMessage(ValidationError, "before the youth was born"):
            self.record(screened_on=date(2009, 1, 1))
        self.assertFalse(Screening.objects.exists())

    def test_it_refuses_unanswered_questions(self):
        given = answers()
        del given["controlled"]
        with self.assertRaises(ValidationError):
            self.record(answers=given)
        self.assertFalse(Screening.objects.exists())

    def test_it_refuses_an_agency_the_actor_does_not_work_for(self):
        with self.assertRaises(ValidationError):
            self.record(agency=self.agencies_a[AgencyType.PROBATION])
        self.assertFalse(Screening.objects.exists())

    def test_it_records_an_external_result_without_any_item_text(self):
        screening = self.record(
            instrument_version=version_of(EXTERNAL),
            answers=None,
            tool_name="CSE-IT",
            tool_version="2.0",
            level="clear_concern",
            indicator_levels=[("Housing", "possible_concern"), ("", "")],
            context="return_from_missing",
        )
        self.assertEqual(
            (screening.tool_name, screening.tool_version, screening.level, screening.total_score),
            ("CSE-IT", "2.0", "clear_concern", None),
        )
        self.assertEqual(
            screening.indicator_levels, [{"label": "Housing", "level": "possible_concern"}]
        )
        self.assertEqual(screening.answers, {})
        self.assertEqual(Obligation.objects.get().kind, "mdt_referral")
        event = AuditEvent.objects.get(action="screening.record")
        self.assertEqual((event.detail["tool"], event.detail["score"]), ("CSE-IT 2.0", None))
