from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent, Outcome
from carecircle.clocks import actions
from carecircle.clocks.models import ClockProtocol, MissingEpisode, NotificationPreference
from carecircle.clocks.tests.base import a_trigger
from carecircle.lib.dates import county_today
from carecircle.test import BaseTestCase
from carecircle.youth.actions import create_youth

DUE = reverse("clocks:due")
LA = ZoneInfo("America/Los_Angeles")


class DueListTest(BaseTestCase):
    def missing(self, youth=None, actor=None):
        return actions.record_missing_episode(
            actor=actor or self.social_worker_a,
            youth=youth or self.youth_cw_a,
            agency=self.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="general",
            last_seen_at=timezone.now() - timedelta(hours=1),
            reported_by="Resource parent",
        )

    def test_it_lists_the_viewers_own_tasks_earliest_first_and_audits_the_list(self):
        self.missing()
        self.login("social_worker")
        response = self.client.get(DUE)
        self.assertContains(response, "Report to NCMEC")
        self.assertContains(response, "Marisol Delgado")
        self.assertEqual(len(response.context["page"].object_list), 4)
        event = AuditEvent.objects.filter(action="obligation.list").latest("id")
        self.assertEqual(event.detail["scope"], "mine")
        self.assertEqual(len(event.detail["obligations"]), 4)

    def test_another_persons_tasks_are_not_mine_but_the_coordinator_sees_the_county(self):
        self.missing()
        self.login("clinician")
        self.assertEqual(len(self.client.get(DUE).context["page"].object_list), 0)
        self.login("coordinator")
        response = self.client.get(DUE, {"scope": "county"})
        self.assertEqual(len(response.context["page"].object_list), 4)

    def test_the_county_view_is_only_for_the_coordinator_and_supervisors(self):
        self.login("social_worker")
        self.assertEqual(self.client.get(DUE, {"scope": "county"}).status_code, 403)

    def test_another_county_sees_none_of_it_not_even_in_the_header(self):
        self.missing()
        self.login("coordinator", "b")
        response = self.client.get(DUE, {"scope": "county"})
        self.assertEqual(len(response.context["page"].object_list), 0)
        self.assertNotContains(response, "cc-counts")

    def test_the_header_counts_the_viewers_overdue_tasks(self):
        episode = self.missing()
        episode.obligations.filter(kind="missing_ncmec").update(
            due_at=timezone.now() - timedelta(minutes=5)
        )
        self.login("social_worker")
        response = self.client.get(reverse("youth:caseload"))
        self.assertContains(response, "1 overdue")
        self.assertContains(response, "3 due soon")

    def overdue_copies(self, number: int) -> None:
        """``number`` more overdue tasks of the social worker's, copies of a real one."""
        from carecircle.clocks.models import Obligation

        self.missing()
        task = Obligation.objects.filter(responsible_user=self.social_worker_a).first()
        copies = []
        for n in range(number):
            task.pk = None
            task.trigger_id = f"copy-{n}"
            task.due_at = timezone.now() - timedelta(hours=1)
            copies.append(
                Obligation(
                    **{f.attname: getattr(task, f.attname) for f in task._meta.concrete_fields}
                )
            )
        Obligation.objects.bulk_create(copies)

    def test_the_header_stops_counting_past_99_and_the_digest_does_not(self):
        from carecircle.clocks.access import header_counts

        self.overdue_copies(150)
        exact = header_counts(self.social_worker_a)
        self.assertEqual(exact["overdue"], 150)
        self.login("social_worker")
        response = self.client.get(reverse("youth:caseload"))
        self.assertContains(response, "99+ overdue")
        self.assertNotContains(response, f"{exact['overdue']} overdue")

    def test_the_header_counts_exactly_up_to_99(self):
        from carecircle.clocks.access import header_counts

        self.overdue_copies(99)
        self.assertEqual(header_counts(self.social_worker_a)["overdue"], 99)
        self.assertEqual(
            header_counts(self.social_worker_a, most=99), header_counts(self.social_worker_a)
        )
        self.login("social_worker")
        self.assertContains(self.client.get(reverse("youth:caseload")), "99 overdue")

    def test_it_costs_the_same_number_of_queries_for_4_and_40_tasks(self):
        self.login("coordinator")
        self.missing()

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get(DUE, {"scope": "county"})
            return len(queries)

        few = count()
        for number in range(9):
            youth = create_youth(
                actor=None,
                county=self.county_a,
                first_name=f"Youth{number}",
                last_name="Test",
                date_of_birth=self.youth_cw_a.date_of_birth,
                agencies=[self.agencies_a[AgencyType.CHILD_WELFARE]],
            )
            self.missing(youth=youth)
        self.assertEqual(count(), few)
        self.assertEqual(few, DUE_LIST_QUERIES)


# session, user, memberships, count, page (with youth and people), the audit entry
# (savepoint, head lock, insert, head update, youth index, release), unread alerts,
# the county's last change and the header counts (counted again after a change), session
# save, county
DUE_LIST_QUERIES = 19


class ObligationPageTest(BaseTestCase):
    def health_exam(self):
        return actions.open_obligation(
            actor=self.coordinator_a, trigger=a_trigger(self), kind="health_exam"
        )

    def url(self, obligation) -> str:
        return reverse("clocks:obligation", kwargs={"obligation_id": obligation.pk})

    def test_the_responsible_role_closes_it_with_evidence(self):
        obligation = self.health_exam()
        self.login("coordinator")
        response = self.client.post(
            self.url(obligation),
            {
                "done_on": county_today(self.county_a.time_zone).isoformat(),
                "detail": "County clinic, Dr. Osei",
            },
        )
        self.assertRedirects(response, self.url(obligation))
        obligation.refresh_from_db()
        self.assertIn("Dr. Osei", obligation.satisfied_by)
        event = AuditEvent.objects.get(action="obligation.satisfy")
        self.assertEqual(event.detail["evidence"]["detail"], "County clinic, Dr. Osei")

    def test_evidence_is_required_and_a_future_date_refused(self):
        obligation = self.health_exam()
        self.login("coordinator")
        response = self.client.post(self.url(obligation), {"done_on": "", "detail": ""})
        self.assertContains(response, "error-summary")
        tomorrow = (timezone.localdate() + timedelta(days=2)).isoformat()
        response = self.client.post(self.url(obligation), {"done_on": tomorrow, "detail": "x"})
        self.assertContains(response, "cannot be in the future")
        obligation.refresh_from_db()
        self.assertIsNone(obligation.satisfied_at)

    def test_a_report_task_closes_only_through_its_report(self):
        episode = DueListTest.missing(self)
        obligation = episode.obligations.get(kind="missing_ncmec")
        self.login("social_worker")
        page = self.client.get(self.url(obligation))
        self.assertContains(page, "closes itself when its record is made")
        response = self.client.post(self.url(obligation), {"done_on": "2026-01-01", "detail": "x"})
        self.assertEqual(response.status_code, 403)

    def test_it_is_404_for_a_task_whose_trigger_and_role_are_not_the_viewers(self):
        self.login("coordinator", "b")
        self.assertEqual(self.client.get(self.url(self.health_exam())).status_code, 404)


class ProtocolPageTest(BaseTestCase):
    URL = reverse("clocks:protocol")

    def form(self, **changes) -> dict:
        from carecircle.clocks import rules

        data = {"note": "Board vote of 3 March"}
        for kind, rule in rules.rules_for(self.county_a).items():
            data[f"{kind}__applies"] = "on" if rule.applies else ""
            data[f"{kind}__due_hours"] = rule.due_hours
            data[f"{kind}__responsible"] = rule.responsible
        data.update(changes)
        return data

    def test_the_county_administrator_adopts_a_new_version(self):
        self.login("county_admin")
        response = self.client.post(self.URL, self.form(health_exam__due_hours=48))
        self.assertRedirects(response, self.URL)
        protocol = ClockProtocol.objects.get(county=self.county_a)
        self.assertEqual(protocol.rules["health_exam"]["due_hours"], 48)
        self.assertContains(self.client.get(self.URL), "version 1")

    def test_a_statutory_clock_cannot_be_lengthened_and_nothing_changes(self):
        self.login("county_admin")
        response = self.client.post(self.URL, self.form(missing_ncmec__due_hours=48))
        self.assertContains(response, "error-summary")
        self.assertFalse(ClockProtocol.objects.exists())

    def test_it_is_403_for_everyone_else(self):
        self.login("coordinator")
        self.assertEqual(self.client.get(self.URL).status_code, 403)


class PreferencesPageTest(BaseTestCase):
    def test_it_saves_the_lead_time_and_digest_and_audits_the_change(self):
        self.login("social_worker")
        url = reverse("clocks:preferences")
        response = self.client.post(url, {"email": "on", "lead_hours": 8, "daily_digest": "on"})
        self.assertRedirects(response, url)
        preference = NotificationPreference.objects.get(user=self.social_worker_a)
        self.assertEqual((preference.lead_hours, preference.daily_digest), (8, True))
        self.assertTrue(AuditEvent.objects.filter(action="notification_preference.set").exists())
        response = self.client.post(url, {"lead_hours": 500})
        self.assertContains(response, "error-summary")


class EpisodePagesTest(BaseTestCase):
    def test_a_social_worker_records_a_missing_youth_and_then_each_report(self):
        self.login("social_worker")
        url = reverse("missing:new", kwargs={"youth_id": self.youth_cw_a.pk})
        # Typed as the county's clock shows it.
        last_seen = (timezone.now() - timedelta(hours=2)).astimezone(LA)
        response = self.client.post(
            url,
            {
                "agency": self.agencies_a[AgencyType.CHILD_WELFARE].pk,
                "record_class": "child_welfare",
                "last_seen_at": last_seen.strftime("%Y-%m-%dT%H:%M"),
                "reported_by": "Resource parent Ana Vega",
                "whereabouts": "Motel on Route 9",
            },
        )
        episode = MissingEpisode.objects.get()
        page = reverse(
            "missing:episode", kwargs={"youth_id": self.youth_cw_a.pk, "episode_id": episode.pk}
        )
        self.assertRedirects(response, page)
        made = (timezone.now() - timedelta(minutes=30)).astimezone(LA)
        response = self.client.post(
            page,
            {
                "step": "report",
                "report-kind": "ncmec",
                "report-made_at": made.strftime("%Y-%m-%dT%H:%M"),
                "report-recipient": "NCMEC hotline",
                "report-reference": "",
            },
        )
        self.assertContains(response, "Enter the number the agency gave")
        self.assertFalse(episode.reports.exists())
        response = self.client.post(
            page,
            {
                "step": "report",
                "report-kind": "ncmec",
                "report-made_at": made.strftime("%Y-%m-%dT%H:%M"),
                "report-recipient": "NCMEC hotline",
                "report-reference": "1580123",
            },
        )
        self.assertRedirects(response, page)
        self.assertTrue(episode.obligations.get(kind="missing_ncmec").satisfied_at)

    def test_closing_too_early_says_what_is_missing(self):
        episode = DueListTest.missing(self)
        self.login("social_worker")
        page = reverse(
            "missing:episode", kwargs={"youth_id": self.youth_cw_a.pk, "episode_id": episode.pk}
        )
        response = self.client.post(page, {"step": "close"}, follow=True)
        self.assertContains(response, "cannot be closed yet")
        self.assertContains(response, "the debrief")

    def test_the_whereabouts_are_refused_to_a_clinician_and_the_refusal_recorded(self):
        episode = DueListTest.missing(self)
        MissingEpisode.objects.filter(pk=episode.pk).update(whereabouts="Motel on Route 9")
        from carecircle.sharing.actions import add_team_member

        add_team_member(
            actor=self.coordinator_a,
            youth=self.youth_cw_a,
            user=self.clinician_a,
            agency=self.agencies_a[AgencyType.MENTAL_HEALTH],
        )
        self.login("clinician")
        url = reverse(
            "missing:whereabouts", kwargs={"youth_id": self.youth_cw_a.pk, "episode_id": episode.pk}
        )
        response = self.client.get(url)
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(response, "Route 9", status_code=403)
        event = AuditEvent.objects.get(action="missing_episode.view_whereabouts")
        self.assertEqual(event.outcome, Outcome.DENIED)
        self.login("social_worker")
        self.assertContains(self.client.get(url), "Route 9")
