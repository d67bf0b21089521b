from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.screening.models import InstrumentVersion
from carecircle.screening.tests.base import EXTERNAL, SCREEN, ScreeningTestCase, answers, version_of
from carecircle.sharing.actions import add_team_member


class ScreeningDetailTest(ScreeningTestCase):
    def url(self, screening) -> str:
        return reverse(
            "screening:detail",
            kwargs={"youth_id": screening.youth_id, "screening_id": screening.pk},
        )

    def test_it_shows_the_answers_with_the_item_text_of_the_version_used(self):
        screening = self.record(answers=answers(controlled="strong"))
        v1 = version_of(SCREEN)
        changed = {**v1.definition, "items": [dict(i) for i in v1.definition["items"]]}
        changed["items"][3]["text"] = "A reworded question about control."
        InstrumentVersion.objects.create(
            instrument=v1.instrument, number=2, digest="c" * 64, definition=changed
        )
        self.login("social_worker")
        response = self.client.get(self.url(screening))
        self.assertContains(response, "Care Circle Exploitation Screen, version 1 (1.0)")
        self.assertContains(response, "Does someone seem to decide where the youth goes")
        self.assertNotContains(response, "A reworded question about control.")
        self.assertContains(response, "We know this is happening or has happened")
        self.assertContains(response, "Relationships and control")
        self.assertContains(response, "Intake")
        self.assertContains(response, self.social_worker_a.display_name)

    def test_it_shows_an_external_result_without_questions(self):
        screening = self.record(
            instrument_version=version_of(EXTERNAL),
            answers=None,
            tool_name="CSE-IT",
            tool_version="2.0",
            level="possible_concern",
            indicator_levels=[("Housing", "clear_concern")],
        )
        self.login("social_worker")
        response = self.client.get(self.url(screening))
        self.assertContains(response, "CSE-IT 2.0")
        self.assertContains(response, "Possible concern")
        self.assertContains(response, "Housing")
        self.assertNotContains(response, "Questions and answers")

    def test_it_audits_the_read_with_its_basis(self):
        screening = self.record()
        self.login("social_worker")
        self.client.get(self.url(screening))
        event = AuditEvent.objects.get(action="screening.view")
        self.assertEqual(
            (event.object_id, event.legal_basis, event.disclosure, event.youth_id),
            (str(screening.pk), "own_agency", False, self.youth_cw_a.pk),
        )

    def test_a_team_member_of_another_agency_sees_a_general_screening_as_a_disclosure(self):
        screening = self.record()
        self.login("clinician")
        self.assertEqual(self.client.get(self.url(screening)).status_code, 404)
        add_team_member(
            actor=self.coordinator_a,
            youth=self.youth_cw_a,
            user=self.clinician_a,
            agency=self.agencies_a[AgencyType.MENTAL_HEALTH],
        )
        self.assertEqual(self.client.get(self.url(screening)).status_code, 200)
        event = AuditEvent.objects.get(action="screening.view")
        self.assertEqual((event.legal_basis, event.disclosure), ("mdt", True))

    def test_it_answers_404_without_a_basis_and_in_another_county(self):
        screening = self.record(record_class="child_welfare")
        add_team_member(
            actor=self.coordinator_a,
            youth=self.youth_cw_a,
            user=self.clinician_a,
            agency=self.agencies_a[AgencyType.MENTAL_HEALTH],
        )
        # Child welfare records reach the MDT only while the sharing window runs.
        for role, county in (("clinician", "a"), ("coordinator", "b"), ("probation_officer", "a")):
            with self.subTest(role=role, county=county):
                self.login(role, county)
                self.assertEqual(self.client.get(self.url(screening)).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action="screening.view").exists())

    def test_it_answers_404_for_a_screening_of_another_youth(self):
        screening = self.record()
        self.login("coordinator")
        url = reverse(
            "screening:detail",
            kwargs={"youth_id": self.youth_prob_a.pk, "screening_id": screening.pk},
        )
        self.assertEqual(self.client.get(url).status_code, 404)
