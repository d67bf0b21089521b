from django.urls import reverse

from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase
from carecircle.youth import access
from carecircle.youth.matching import Probe


class OtherNamesTest(BaseTestCase):
    def url(self, youth=None) -> str:
        return reverse("youth:other_names", kwargs={"youth_id": (youth or self.youth_cw_a).pk})

    def test_it_adds_a_street_name_that_search_before_create_then_finds(self):
        worker = self.login("social_worker")
        response = self.client.post(
            self.url(), {"add": "name", "name": "Lady Sol", "kind": "street_name"}
        )
        self.assertRedirects(response, self.url())
        found = access.search_before_create(worker, Probe("Lady", "Sol"))
        self.assertIn(self.youth_cw_a.pk, [m.youth.pk for m in found.visible])
        event = AuditEvent.objects.get(action="youth.add_other_name")
        self.assertEqual(event.detail["new"], {"name": "Lady Sol", "kind": "street_name"})

    def test_it_adds_and_removes_a_case_number_with_old_values_audited(self):
        self.login("social_worker")
        self.client.post(self.url(), {"add": "number", "kind": "cws_client", "value": "0412-8831"})
        number = self.youth_cw_a.identifiers.get()
        self.assertEqual(number.normalized, "04128831")
        self.client.post(self.url(), {"remove_number": number.pk})
        self.assertFalse(self.youth_cw_a.identifiers.exists())
        event = AuditEvent.objects.get(action="youth.remove_identifier")
        self.assertEqual(event.detail["old"], {"kind": "cws_client", "value": "0412-8831"})

    def test_it_refuses_a_number_already_recorded_and_says_so(self):
        self.login("social_worker")
        data = {"add": "number", "kind": "probation", "value": "P-100"}
        self.client.post(self.url(), data)
        response = self.client.post(self.url(), {**data, "value": "p100"}, follow=True)
        self.assertContains(response, "already recorded")
        self.assertEqual(self.youth_cw_a.identifiers.count(), 1)

    def test_it_refuses_an_empty_name_and_changes_nothing(self):
        self.login("social_worker")
        response = self.client.post(self.url(), {"add": "name", "name": "", "kind": "alias"})
        self.assertContains(response, "Check the entry")
        self.assertFalse(self.youth_cw_a.aliases.exists())

    def test_it_is_403_for_a_team_member_who_cannot_change_the_profile(self):
        self.login("clinician")
        self.assertEqual(self.client.get(self.url()).status_code, 403)
        response = self.client.post(self.url(), {"add": "name", "name": "X", "kind": "alias"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.youth_cw_a.aliases.exists())

    def test_it_is_404_across_counties_and_for_a_name_of_another_youth(self):
        self.login("coordinator", "b")
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.login("coordinator")
        self.client.post(self.url(self.youth_prob_a), {"add": "name", "name": "J", "kind": "alias"})
        other = self.youth_prob_a.aliases.get()
        response = self.client.post(self.url(), {"remove_name": other.pk})
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.youth_prob_a.aliases.exists())
