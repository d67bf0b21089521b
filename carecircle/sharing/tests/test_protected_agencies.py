from django.urls import reverse

from carecircle.sharing.tests.base import SharingTestCase


class ProtectedAgencyTest(SharingTestCase):
    """Naming the substance use program or the advocate reveals protected facts."""

    def test_other_agencies_do_not_see_that_the_youth_is_in_treatment_or_with_an_advocate(self):
        self.login("probation_officer")
        for url in (
            self.profile_url(self.youth_prob_a),
            reverse("youth:caseload"),
            reverse("sharing:team", kwargs={"youth_id": self.youth_prob_a.pk}),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertNotContains(response, "Youth Recovery Program")
                self.assertNotContains(response, "Rape Crisis Center")

    def test_the_program_itself_sees_its_involvement(self):
        self.login("counselor")
        self.assertContains(
            self.client.get(self.profile_url(self.youth_prob_a)), "Youth Recovery Program"
        )

    def test_an_edit_keeps_the_protected_agencies_the_editor_cannot_see(self):
        self.login("probation_officer")
        youth = self.youth_prob_a
        response = self.client.get(reverse("youth:edit", kwargs={"youth_id": youth.pk}))
        self.assertNotContains(response, "Youth Recovery Program")
        choices = response.context["form"]["agencies"].value()
        self.client.post(
            reverse("youth:edit", kwargs={"youth_id": youth.pk}),
            {
                "first_name": youth.first_name,
                "last_name": youth.last_name,
                "preferred_name": "JJ",
                "date_of_birth": youth.date_of_birth.isoformat(),
                "agencies": [getattr(a, "pk", a) for a in choices],
                "version": youth.version,
            },
        )
        types = set(youth.agencies.values_list("agency_type", flat=True))
        self.assertEqual(types, {"probation", "substance_use", "victim_advocate"})


class TeamAuthorityTest(SharingTestCase):
    def test_only_the_coordinator_or_a_supervisor_changes_the_team(self):
        url = reverse("sharing:team", kwargs={"youth_id": self.youth_prob_a.pk})
        self.login("probation_officer")
        membership = self.probation_officer_a.memberships.get()
        self.assertEqual(self.client.post(url, {"membership": membership.pk}).status_code, 403)


class WindowAuthorityTest(SharingTestCase):
    def test_only_child_welfare_records_the_report(self):
        url = reverse("sharing:window", kwargs={"youth_id": self.youth_prob_a.pk})
        self.login("clinician")
        response = self.client.post(url, {"step": "open", "reported_at": "2026-11-01T09:00"})
        self.assertEqual(response.status_code, 403)

    def test_a_new_report_does_not_restart_an_open_window(self):
        url = reverse("sharing:window", kwargs={"youth_id": self.youth_prob_a.pk})
        self.login("coordinator")
        self.client.post(url, {"step": "open", "reported_at": "2026-11-20T09:00"})
        response = self.client.post(url, {"step": "open", "reported_at": "2026-11-27T09:00"})
        self.assertContains(response, "already open")
