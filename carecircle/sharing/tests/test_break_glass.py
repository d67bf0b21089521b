from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.models import Alert
from carecircle.audit.models import AuditEvent
from carecircle.sharing.models import BreakGlassGrant
from carecircle.sharing.tests.base import SharingTestCase

REASON = "Youth called from an unknown location and reported taking pills."


class BreakGlassTest(SharingTestCase):
    def test_it_opens_hidden_items_alerts_the_supervisor_and_queues_a_review(self):
        note = self.notes["mental_health_youth_controlled"]
        self.login("coordinator")
        self.assertEqual(self.client.get(self.note_url(note)).status_code, 404)

        url = reverse("sharing:break_glass", kwargs={"youth_id": self.youth_prob_a.pk})
        short = self.client.post(url, {"reason": "urgent"})
        self.assertContains(short, "at least 20 characters")
        self.assertFalse(BreakGlassGrant.objects.exists())

        response = self.client.post(url, {"reason": REASON})
        self.assertRedirects(response, self.profile_url(self.youth_prob_a))
        opened = self.client.get(self.note_url(note))
        self.assertEqual(opened.status_code, 200)
        self.assertContains(opened, "emergency access")
        read = AuditEvent.objects.filter(action="note.view").latest("id")
        self.assertEqual((read.legal_basis, read.disclosure), ("break_glass", True))
        self.assertTrue(AuditEvent.objects.filter(action="break_glass.open").exists())

        alert = Alert.objects.get(user=self.supervisor_a)
        self.assertIn("emergency access", alert.message)

        self.login("supervisor")
        queue = self.client.get(reverse("sharing:break_glass_reviews"))
        self.assertContains(queue, REASON)
        grant = BreakGlassGrant.objects.get()
        self.client.post(
            reverse("sharing:break_glass_review", kwargs={"grant_id": grant.pk}),
            {"justified": "yes", "note": "Confirmed with the on-call clinician."},
        )
        grant.refresh_from_db()
        self.assertEqual((grant.review, grant.reviewed_by), ("justified", self.supervisor_a))
        self.assertTrue(AuditEvent.objects.filter(action="break_glass.review").exists())

    def test_it_never_opens_part_2_advocate_or_family_team_records(self):
        self.login("coordinator")
        self.client.post(
            reverse("sharing:break_glass", kwargs={"youth_id": self.youth_prob_a.pk}),
            {"reason": REASON},
        )
        for kind in ("substance_use", "victim_advocate"):
            with self.subTest(kind=kind):
                self.assertEqual(self.client.get(self.note_url(self.notes[kind])).status_code, 404)

    def test_it_runs_out(self):
        note = self.notes["mental_health_youth_controlled"]
        self.login("coordinator")
        self.client.post(
            reverse("sharing:break_glass", kwargs={"youth_id": self.youth_prob_a.pk}),
            {"reason": REASON},
        )
        with time_machine.travel(timezone.now() + timedelta(minutes=61)):
            self.client.force_login(self.coordinator_a)
            self.assertEqual(self.client.get(self.note_url(note)).status_code, 404)

    def test_it_is_not_for_every_role(self):
        self.login("probation_officer")
        response = self.client.get(
            reverse("sharing:break_glass", kwargs={"youth_id": self.youth_prob_a.pk})
        )
        self.assertEqual(response.status_code, 403)

    def test_a_review_of_unjustified_access_needs_a_reason(self):
        self.login("coordinator")
        self.client.post(
            reverse("sharing:break_glass", kwargs={"youth_id": self.youth_prob_a.pk}),
            {"reason": REASON},
        )
        grant = BreakGlassGrant.objects.get()
        self.login("supervisor")
        self.client.post(
            reverse("sharing:break_glass_review", kwargs={"grant_id": grant.pk}),
            {"justified": "no", "note": ""},
        )
        grant.refresh_from_db()
        self.assertEqual(grant.review, "pending")
