from django.db import DatabaseError
from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.audit.testing import audit_writes_refused
from carecircle.test import BaseTestCase
from carecircle.youth import actions
from carecircle.youth.models import Youth


class YouthEditTest(BaseTestCase):
    def url(self, youth) -> str:
        return reverse("youth:edit", kwargs={"youth_id": youth.pk})

    def form_data(self, youth: Youth, **changes) -> dict:
        data = {name: getattr(youth, name) for name in actions.PROFILE_FIELDS}
        data.update(
            date_of_birth=youth.date_of_birth.isoformat(),
            agencies=[a.pk for a in youth.agencies.all()],
            version=youth.version,
            interpreter_needed="on" if youth.interpreter_needed else "",
        )
        data.update(changes)
        return data

    def test_it_saves_the_whole_profile_with_old_and_new_values(self):
        self.login("social_worker")
        youth = self.youth_cw_a
        response = self.client.post(
            self.url(youth),
            self.form_data(
                youth,
                gender_identity="nonbinary",
                pronouns="they/them",
                preferred_language="Spanish",
                interpreter_needed="on",
                races=["white", "american_indian"],
                hispanic_latino="yes",
                tribal_affiliation="Yurok Tribe",
                icwa_status="reason_to_know",
                school_name="Fernhollow High",
                school_grade="10",
                school_enrollment="not_attending",
            ),
        )
        self.assertEqual(response.status_code, 302)
        youth.refresh_from_db()
        self.assertEqual(youth.races, ["american_indian", "white"])
        self.assertEqual((youth.icwa_status, youth.interpreter_needed), ("reason_to_know", True))
        changes = AuditEvent.objects.get(action="youth.update").detail["changes"]
        self.assertEqual(changes["icwa_status"], ["not_asked", "reason_to_know"])
        self.assertEqual(changes["races"], [[], ["american_indian", "white"]])
        self.assertEqual(changes["school_enrollment"], ["", "not_attending"])
        page = self.client.get(reverse("youth:detail", kwargs={"youth_id": youth.pk}))
        self.assertContains(page, "they/them")
        self.assertContains(page, "American Indian or Alaska Native, White")
        self.assertContains(page, "Reason to know the youth is an Indian child; Yurok Tribe")

    def test_it_refuses_a_race_outside_the_state_categories(self):
        self.login("social_worker")
        youth = self.youth_cw_a
        response = self.client.post(self.url(youth), self.form_data(youth, races=["martian"]))
        self.assertContains(response, "Select a valid choice")
        youth.refresh_from_db()
        self.assertEqual((youth.races, youth.version), ([], 1))

    def test_it_keeps_what_the_second_editor_typed_and_lets_them_save_it_deliberately(self):
        self.login("social_worker")
        youth = self.youth_cw_a
        stale = self.form_data(youth, pronouns="she/her", school_name="Mine")
        self.client.post(self.url(youth), self.form_data(youth, school_name="Theirs"))
        response = self.client.post(self.url(youth), stale)
        # Told, shown what the record says now, and nothing typed is lost.
        self.assertContains(response, "Someone else changed this record")
        self.assertContains(response, "The saved record now says")
        self.assertContains(response, "Theirs")
        self.assertContains(response, 'value="she/her"')
        self.assertContains(response, 'value="Mine"')
        self.assertContains(response, 'name="version" value="2"')
        youth.refresh_from_db()
        self.assertEqual((youth.school_name, youth.pronouns), ("Theirs", ""))
        # Saving again is now a deliberate choice, made against the current version.
        again = self.client.post(self.url(youth), {**stale, "version": 2})
        self.assertEqual(again.status_code, 302)
        youth.refresh_from_db()
        self.assertEqual((youth.school_name, youth.pronouns, youth.version), ("Mine", "she/her", 3))

    def test_it_saves_a_change_and_records_old_and_new_values(self):
        editor = self.login("social_worker")
        youth = self.youth_cw_a
        response = self.client.post(self.url(youth), self.form_data(youth, preferred_name="Sol"))
        self.assertRedirects(response, reverse("youth:detail", kwargs={"youth_id": youth.pk}))
        youth.refresh_from_db()
        self.assertEqual((youth.preferred_name, youth.version), ("Sol", 2))
        event = AuditEvent.objects.get(action="youth.update")
        self.assertEqual(event.actor_id, editor.pk)
        self.assertEqual(event.detail["changes"], {"preferred_name": ["Mari", "Sol"]})

    def test_it_tells_the_second_of_two_simultaneous_editors(self):
        self.login("social_worker")
        youth = self.youth_cw_a
        stale = self.form_data(youth, preferred_name="Second")
        self.client.post(self.url(youth), self.form_data(youth, preferred_name="First"))
        response = self.client.post(self.url(youth), stale)
        self.assertContains(response, "Someone else changed this record")
        youth.refresh_from_db()
        self.assertEqual((youth.preferred_name, youth.version), ("First", 2))
        self.assertEqual(AuditEvent.objects.filter(action="youth.update").count(), 1)

    def test_it_refuses_bad_input_with_a_clear_message_and_changes_nothing(self):
        self.login("social_worker")
        youth = self.youth_cw_a
        response = self.client.post(
            self.url(youth), self.form_data(youth, date_of_birth="2999-01-01", first_name="")
        )
        self.assertContains(response, "cannot be in the future")
        self.assertContains(response, "error-summary")
        self.assertContains(response, 'aria-invalid="true"')
        youth.refresh_from_db()
        self.assertEqual((youth.first_name, youth.version), ("Marisol", 1))
        self.assertFalse(AuditEvent.objects.filter(action="youth.update").exists())

    def test_it_refuses_an_agency_of_another_county(self):
        self.login("social_worker")
        youth = self.youth_cw_a
        other = self.agencies_b[AgencyType.PROBATION]
        response = self.client.post(self.url(youth), self.form_data(youth, agencies=[other.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(youth.agencies.filter(pk=other.pk).exists())

    def test_it_is_403_for_a_viewer_who_may_see_but_not_change(self):
        self.login("clinician")
        youth = self.youth_cw_a
        self.assertEqual(self.client.get(self.url(youth)).status_code, 403)
        response = self.client.post(self.url(youth), self.form_data(youth, first_name="X"))
        self.assertEqual(response.status_code, 403)
        youth.refresh_from_db()
        self.assertEqual(youth.first_name, "Marisol")

    def test_it_is_404_across_counties(self):
        self.login("coordinator", "b")
        self.assertEqual(self.client.get(self.url(self.youth_cw_a)).status_code, 404)


class UpdateYouthActionTest(BaseTestCase):
    def test_it_does_nothing_when_nothing_changed(self):
        youth = self.youth_prob_a
        actions.update_youth(
            actor=self.probation_officer_a,
            youth=youth,
            expected_version=1,
            first_name=youth.first_name,
            last_name=youth.last_name,
            date_of_birth=youth.date_of_birth,
            agencies=list(youth.agencies.all()),
        )
        youth.refresh_from_db()
        self.assertEqual(youth.version, 1)
        self.assertFalse(AuditEvent.objects.filter(action="youth.update").exists())


class AuditFailureTest(BaseTestCase):
    def test_it_saves_nothing_when_the_audit_entry_cannot_be_written(self):
        youth = self.youth_prob_a
        with audit_writes_refused(), self.assertRaises(DatabaseError):
            actions.update_youth(
                actor=self.probation_officer_a,
                youth=youth,
                expected_version=1,
                first_name="Changed",
                last_name=youth.last_name,
                date_of_birth=youth.date_of_birth,
                agencies=list(youth.agencies.all()),
            )
        youth.refresh_from_db()
        self.assertEqual((youth.first_name, youth.version), ("Jaylen", 1))

    def test_it_shows_nothing_when_the_read_cannot_be_recorded(self):
        self.login("probation_officer")
        url = reverse("youth:detail", kwargs={"youth_id": self.youth_prob_a.pk})
        with audit_writes_refused(), self.assertRaises(DatabaseError):
            self.client.get(url)
