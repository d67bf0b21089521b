from django.urls import reverse

from carecircle.accounts.models import County
from carecircle.accounts.roles import COMPOSITION_PRESETS, AgencyType, CompositionPreset
from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase

URL = reverse("composition_policy")


class CompositionPolicyTest(BaseTestCase):
    def test_it_starts_a_county_on_the_first_described_preset(self):
        policy = self.county_a.composition_policy
        self.assertEqual(policy.version, 1)
        self.assertEqual(policy.preset, CompositionPreset.FIRST_DESCRIBED)
        self.assertEqual(
            policy.required_agency_types,
            [
                "child_welfare",
                "probation",
                "mental_health",
                "public_health",
                "juvenile_court",
                "substance_use",
            ],
        )

    def test_it_ships_the_2017_preset(self):
        self.assertEqual(
            set(COMPOSITION_PRESETS[CompositionPreset.WIC_16524_8]),
            {
                "child_welfare",
                "probation",
                "mental_health",
                "public_health",
                "juvenile_court",
                "county_education",
                "sheriff",
            },
        )

    def test_it_adopts_a_preset_as_a_new_version_and_keeps_the_old(self):
        self.login("county_admin")
        response = self.client.post(
            URL, {"preset": CompositionPreset.WIC_16524_8, "note": "Board adopted the 2017 team."}
        )
        self.assertRedirects(response, URL)
        county = County.objects.get(pk=self.county_a.pk)
        self.assertEqual(county.composition_policy.version, 2)
        self.assertIn(AgencyType.SHERIFF, county.composition_policy.required_agency_types)
        self.assertEqual(
            list(county.policy_versions.values_list("version", "preset")),
            [(2, "wic_16524_8_2017"), (1, "first_described")],
        )
        event = AuditEvent.objects.get(
            action="composition_policy.adopt", actor_id=self.county_admin_a.pk
        )
        self.assertEqual(event.detail["previous_version"], 1)
        # The other county is untouched.
        self.assertEqual(County.objects.get(pk=self.county_b.pk).composition_policy.version, 1)

    def test_it_adopts_a_custom_policy(self):
        self.login("county_admin")
        self.client.post(
            URL,
            {
                "preset": CompositionPreset.CUSTOM,
                "required_agency_types": ["child_welfare", "probation", "victim_advocate"],
                "note": "Pilot",
            },
        )
        policy = County.objects.get(pk=self.county_a.pk).composition_policy
        self.assertEqual(
            policy.required_agency_types, ["child_welfare", "probation", "victim_advocate"]
        )

    def test_it_refuses_a_custom_policy_without_agencies_and_changes_nothing(self):
        self.login("county_admin")
        response = self.client.post(URL, {"preset": CompositionPreset.CUSTOM, "note": "x"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "needs at least one required agency")
        self.assertEqual(County.objects.get(pk=self.county_a.pk).composition_policy.version, 1)

    def test_it_refuses_a_change_without_a_reason(self):
        self.login("county_admin")
        response = self.client.post(URL, {"preset": CompositionPreset.WIC_16524_8})
        self.assertContains(response, "error-summary")
        self.assertEqual(County.objects.get(pk=self.county_a.pk).composition_policy.version, 1)

    def test_it_is_only_for_the_county_administrator(self):
        for role in ("coordinator", "supervisor", "auditor"):
            self.login(role)
            self.assertEqual(self.client.get(URL).status_code, 403)
            response = self.client.post(URL, {"preset": "wic_16524_8_2017", "note": "x"})
            self.assertEqual(response.status_code, 403)
        self.assertEqual(County.objects.get(pk=self.county_a.pk).composition_policy.version, 1)

    def test_it_lists_the_county_set_up_for_the_administrator(self):
        self.login("county_admin")
        response = self.client.get(reverse("county_settings"))
        self.assertContains(response, "Fernhollow Probation Department")
        self.assertNotContains(response, "Ravenmoor")
