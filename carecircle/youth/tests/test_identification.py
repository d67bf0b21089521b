from datetime import date

from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase
from carecircle.youth.models import ExploitationStatus, Identification


class IdentificationTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        from carecircle.sharing.actions import add_team_member

        super().setUpTestData()
        add_team_member(
            actor=cls.coordinator_a,
            youth=cls.youth_cw_a,
            user=cls.clinician_a,
            agency=cls.agencies_a[AgencyType.MENTAL_HEALTH],
        )

    def record(self, **changes):
        data = {
            "agency": self.agencies_a[AgencyType.CHILD_WELFARE].pk,
            "record_class": "general",
            "identified_on": "2026-11-20",
            "source": "law_enforcement",
            "identified_by": "Officer Reyes, city police",
            "category": "during_care",
            "certainty": "suspected",
            "labor_trafficking": "on",
            "summary": "Found at a motel with an adult not known to the family.",
        }
        data.update(changes)
        return self.client.post(
            reverse("youth:identification_new", kwargs={"youth_id": self.youth_cw_a.pk}), data
        )

    def test_it_records_the_identification_and_the_status_it_establishes(self):
        self.login("social_worker")
        response = self.record()
        self.assertRedirects(
            response, reverse("youth:detail", kwargs={"youth_id": self.youth_cw_a.pk})
        )
        identification = Identification.objects.get()
        status = ExploitationStatus.objects.get()
        self.assertEqual(
            (status.category, status.certainty, status.labor_trafficking, status.started_on),
            ("during_care", "suspected", True, date(2026, 11, 20)),
        )
        self.assertEqual(status.identification, identification)
        self.assertTrue(AuditEvent.objects.filter(action="identification.record").exists())
        # A general item: the clinician on the youth's MDT sees it on the profile.
        self.login("clinician")
        profile = self.client.get(reverse("youth:detail", kwargs={"youth_id": self.youth_cw_a.pk}))
        self.assertContains(profile, "Exploited during foster care")
        self.assertContains(profile, "labor trafficking")

    def test_it_keeps_the_history_when_a_suspected_status_is_confirmed(self):
        self.login("social_worker")
        self.record()
        status = ExploitationStatus.objects.get()
        self.client.post(
            reverse(
                "youth:status_change",
                kwargs={"youth_id": self.youth_cw_a.pk, "status_id": status.pk},
            ),
            {"step": "confirm"},
        )
        periods = list(ExploitationStatus.objects.order_by("created_at"))
        self.assertEqual(len(periods), 2)
        self.assertIsNotNone(periods[0].ended_on)
        self.assertEqual((periods[1].certainty, periods[1].ended_on), ("confirmed", None))

    def test_only_the_recording_agency_changes_a_status(self):
        self.login("social_worker")
        self.record()
        status = ExploitationStatus.objects.get()
        self.login("clinician")
        response = self.client.post(
            reverse(
                "youth:status_change",
                kwargs={"youth_id": self.youth_cw_a.pk, "status_id": status.pk},
            ),
            {"step": "end"},
        )
        self.assertEqual(response.status_code, 403)
        status.refresh_from_db()
        self.assertIsNone(status.ended_on)

    def test_it_refuses_a_future_date_and_saves_nothing(self):
        self.login("social_worker")
        response = self.record(identified_on="2999-01-01")
        self.assertContains(response, "cannot be in the future")
        self.assertFalse(Identification.objects.exists())
        self.assertFalse(ExploitationStatus.objects.exists())
