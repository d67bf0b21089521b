from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.records.actions import create_note
from carecircle.records.models import Note
from carecircle.sharing.actions import add_team_member
from carecircle.sharing.models import TeamMembership
from carecircle.test import BaseTestCase
from carecircle.youth import access, actions
from carecircle.youth.matching import Probe
from carecircle.youth.models import Youth


class MergeTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        agencies = cls.agencies_a
        # The same youth, entered again by probation with a misspelt name.
        cls.duplicate = actions.create_youth(
            actor=None,
            county=cls.county_a,
            first_name="Marysol",
            last_name="Delgado",
            date_of_birth=date(2010, 3, 14),
            agencies=[agencies[AgencyType.PROBATION]],
            other_names=[("Sunny", "street_name")],
            identifiers=[("probation", "P-2210")],
        )
        cls.note = create_note(
            actor=cls.probation_officer_a,
            youth=cls.duplicate,
            agency=agencies[AgencyType.PROBATION],
            record_class="general",
            subject="Detention intake",
            body="Brought in on a curfew contact.",
        )
        add_team_member(
            actor=cls.coordinator_a,
            youth=cls.duplicate,
            user=cls.probation_officer_a,
            agency=agencies[AgencyType.PROBATION],
        )

    def url(self) -> str:
        return reverse("youth:merge", kwargs={"youth_id": self.youth_cw_a.pk})

    def confirm(self, **changes) -> dict:
        data = {
            "duplicate": self.duplicate.pk,
            "keep_version": self.youth_cw_a.version,
            "duplicate_version": self.duplicate.version,
            "confirm": "on",
        }
        data.update(changes)
        return data

    def test_it_offers_the_duplicate_as_a_candidate_and_compares_the_two(self):
        self.login("coordinator")
        page = self.client.get(self.url())
        self.assertContains(page, "Marysol Delgado, 2010-03-14")
        compare = self.client.get(self.url(), {"duplicate": self.duplicate.pk})
        self.assertContains(compare, "Compare the two records")
        self.assertContains(compare, "P-2210")

    def test_it_moves_everything_to_the_kept_record_and_audits_what_moved(self):
        coordinator = self.login("coordinator")
        response = self.client.post(self.url(), self.confirm())
        kept = self.youth_cw_a
        self.assertRedirects(response, reverse("youth:detail", kwargs={"youth_id": kept.pk}))
        self.assertEqual(Note.objects.get(pk=self.note.pk).youth_id, kept.pk)
        self.assertEqual(
            set(kept.aliases.values_list("name", flat=True)), {"Sunny", "Marysol Delgado"}
        )
        self.assertEqual(list(kept.identifiers.values_list("value", flat=True)), ["P-2210"])
        self.assertTrue(kept.agencies.filter(agency_type=AgencyType.PROBATION).exists())
        self.assertTrue(TeamMembership.objects.filter(youth=kept).exists())
        self.duplicate.refresh_from_db()
        self.assertEqual(self.duplicate.merged_into_id, kept.pk)
        event = AuditEvent.objects.get(action="youth.merge")
        self.assertEqual(event.actor_id, coordinator.pk)
        self.assertEqual(event.detail["merged_from"], str(self.duplicate.pk))
        self.assertEqual(event.detail["moved"]["records.note"], [str(self.note.pk)])
        self.assertEqual(event.detail["duplicate"]["first_name"], "Marysol")
        self.assertIn("youth.youthidentifier", event.detail["moved"])

    def test_the_merged_record_leaves_lists_and_search_and_its_address_leads_on(self):
        coordinator = self.login("coordinator")
        self.client.post(self.url(), self.confirm())
        caseload = self.client.get(reverse("youth:caseload"))
        self.assertNotContains(caseload, "Marysol")
        found = access.search_before_create(
            coordinator, Probe("Marysol", "Delgado", date(2010, 3, 14))
        )
        self.assertEqual([m.youth.pk for m in found.visible], [self.youth_cw_a.pk])
        old = reverse("youth:detail", kwargs={"youth_id": self.duplicate.pk})
        self.assertRedirects(
            self.client.get(old), reverse("youth:detail", kwargs={"youth_id": self.youth_cw_a.pk})
        )

    def test_the_old_address_is_404_for_someone_who_cannot_see_the_kept_record(self):
        self.login("coordinator")
        self.client.post(self.url(), self.confirm())
        self.login("counselor")
        old = reverse("youth:detail", kwargs={"youth_id": self.duplicate.pk})
        self.assertEqual(self.client.get(old).status_code, 404)

    def test_it_refuses_without_the_confirmation_and_changes_nothing(self):
        self.login("coordinator")
        response = self.client.post(self.url(), self.confirm(confirm=""))
        self.assertContains(response, "Tick the box")
        self.duplicate.refresh_from_db()
        self.assertIsNone(self.duplicate.merged_into_id)
        self.assertEqual(Note.objects.get(pk=self.note.pk).youth_id, self.duplicate.pk)

    def test_it_refuses_when_a_record_changed_while_comparing(self):
        self.login("coordinator")
        stale = self.confirm()
        Youth.objects.filter(pk=self.duplicate.pk).update(version=5)
        response = self.client.post(self.url(), stale)
        self.assertContains(response, "changed while you were comparing")
        self.assertContains(response, 'name="duplicate_version" value="5"')
        self.assertFalse(AuditEvent.objects.filter(action="youth.merge").exists())

    def test_only_the_coordinator_merges(self):
        for role in ("social_worker", "supervisor", "clinician"):
            self.login(role)
            self.assertEqual(self.client.post(self.url(), self.confirm()).status_code, 403)
        self.duplicate.refresh_from_db()
        self.assertIsNone(self.duplicate.merged_into_id)

    def test_a_record_that_search_does_not_offer_cannot_be_merged(self):
        self.login("coordinator")
        response = self.client.post(
            self.url(), self.confirm(duplicate=self.youth_prob_a.pk, duplicate_version=1)
        )
        self.assertEqual(response.status_code, 404)
        self.assertIsNone(Youth.objects.get(pk=self.youth_prob_a.pk).merged_into_id)

    def test_the_action_refuses_records_of_two_counties(self):
        with self.assertRaises(ValidationError):
            actions.merge_youth(
                actor=self.coordinator_a,
                keep=self.youth_cw_a,
                duplicate=self.youth_cw_b,
                keep_version=1,
                duplicate_version=1,
            )


class MergeConsistencyTest(BaseTestCase):
    def twin(self, **extra):
        return actions.create_youth(
            actor=None,
            county=self.county_a,
            first_name="Marysol",
            last_name="Delgado",
            date_of_birth=date(2010, 3, 14),
            agencies=[self.agencies_a[AgencyType.CHILD_WELFARE]],
            **extra,
        )

    def merge(self, duplicate):
        return actions.merge_youth(
            actor=self.coordinator_a,
            keep=self.youth_cw_a,
            duplicate=duplicate,
            keep_version=Youth.objects.get(pk=self.youth_cw_a.pk).version,
            duplicate_version=duplicate.version,
        )

    def test_it_refuses_when_the_youth_is_missing_on_both_records(self):
        from django.utils import timezone

        from carecircle.clocks.actions import record_missing_episode

        duplicate = self.twin()
        for youth in (self.youth_cw_a, duplicate):
            record_missing_episode(
                actor=self.social_worker_a,
                youth=youth,
                agency=self.agencies_a[AgencyType.CHILD_WELFARE],
                record_class="child_welfare",
                last_seen_at=timezone.now(),
                reported_by="x",
            )
        with self.assertRaisesMessage(ValidationError, "missing now"):
            self.merge(duplicate)

    def test_it_leaves_one_current_placement_one_open_task_of_a_kind_and_no_repeated_name(self):
        from carecircle.clocks.models import Obligation
        from carecircle.youth.models import Placement

        duplicate = self.twin(other_names=[("Sunny", "street_name")])
        actions.add_other_name(
            actor=self.coordinator_a, youth=self.youth_cw_a, name="sunny", kind="alias"
        )
        for youth, started in ((self.youth_cw_a, date(2026, 1, 1)), (duplicate, date(2026, 3, 1))):
            actions.record_placement(
                actor=self.social_worker_a,
                youth=youth,
                agency=self.agencies_a[AgencyType.CHILD_WELFARE],
                record_class="child_welfare",
                setting="relative",
                started_on=started,
            )
            actions.record_identification(
                actor=self.social_worker_a,
                youth=youth,
                agency=self.agencies_a[AgencyType.CHILD_WELFARE],
                record_class="general",
                identified_on=date(2026, 3, 1),
                source="hotline",
                identified_by="x",
                category="during_care",
                certainty="suspected",
            )
        self.merge(duplicate)
        current = Placement.objects.filter(youth=self.youth_cw_a, ended_on__isnull=True)
        self.assertEqual([p.started_on for p in current], [date(2026, 3, 1)])
        open_kinds = list(
            Obligation.objects.open().filter(youth=self.youth_cw_a).values_list("kind", flat=True)
        )
        self.assertEqual(sorted(open_kinds), sorted(set(open_kinds)))
        names = [a.name.lower() for a in self.youth_cw_a.aliases.all()]
        self.assertEqual(len(names), len(set(names)))
        event = AuditEvent.objects.get(action="youth.merge")
        self.assertEqual(len(event.detail["tasks_closed_as_duplicates"]), 3)
        self.assertEqual(len(event.detail["placements_ended"]), 1)

    def test_the_comparison_counts_only_team_members_the_viewer_may_be_told_of(self):
        duplicate = self.twin()
        add_team_member(
            actor=self.coordinator_a,
            youth=duplicate,
            user=self.victim_advocate_a,
            agency=self.agencies_a[AgencyType.VICTIM_ADVOCATE],
        )
        sides = access.merge_comparison(self.coordinator_a, self.youth_cw_a, duplicate)
        self.assertEqual([side.team for side in sides], [0, 0])

    def test_the_accounting_of_disclosures_keeps_the_merged_records_history(self):
        from carecircle.sharing.reports import access_events

        duplicate = self.twin()
        self.login("social_worker")
        self.client.get(reverse("youth:detail", kwargs={"youth_id": duplicate.pk}))
        before = access_events(duplicate).count()
        self.assertGreater(before, 0)
        self.merge(duplicate)
        self.assertGreaterEqual(access_events(self.youth_cw_a).count(), before)
        self.assertTrue(access_events(self.youth_cw_a).filter(youth_id=duplicate.pk).exists())
