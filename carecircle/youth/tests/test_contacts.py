from django.urls import reverse

from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase


class ContactsTest(BaseTestCase):
    def url(self) -> str:
        return reverse("youth:contacts", kwargs={"youth_id": self.youth_cw_a.pk})

    def add(self, **values) -> object:
        data = {"add": "1", "kind": "attorney", "name": "Dana Ruiz", "phone": "555-0102"}
        data.update(values)
        return self.client.post(self.url(), data)

    def test_it_adds_a_contact_and_shows_it_on_the_profile(self):
        self.login("social_worker")
        self.assertRedirects(self.add(organisation="Public defender"), self.url())
        profile = self.client.get(reverse("youth:detail", kwargs={"youth_id": self.youth_cw_a.pk}))
        self.assertContains(profile, "The youth&#x27;s attorney: Dana Ruiz (Public defender)")
        event = AuditEvent.objects.get(action="youth.add_contact")
        self.assertEqual(event.detail["new"]["name"], "Dana Ruiz")

    def test_it_ends_a_contact_and_keeps_it_as_past(self):
        self.login("social_worker")
        self.add()
        contact = self.youth_cw_a.contacts.get()
        self.client.post(self.url(), {"end": contact.pk})
        contact.refresh_from_db()
        self.assertIsNotNone(contact.ended_at)
        page = self.client.get(self.url())
        self.assertContains(page, "Past contacts")
        self.assertTrue(AuditEvent.objects.filter(action="youth.end_contact").exists())

    def test_it_refuses_a_bad_email_and_saves_nothing(self):
        self.login("social_worker")
        response = self.add(email="not an address")
        self.assertContains(response, "error-summary")
        self.assertFalse(self.youth_cw_a.contacts.exists())

    def test_a_team_member_may_read_but_not_change_contacts(self):
        self.login("social_worker")
        self.add()
        self.login("clinician")
        page = self.client.get(self.url())
        self.assertContains(page, "Dana Ruiz")
        self.assertNotContains(page, "Add contact")
        self.assertEqual(self.add(name="Someone").status_code, 403)
        self.assertEqual(self.youth_cw_a.contacts.count(), 1)
        self.assertTrue(AuditEvent.objects.filter(action="youth.view_contacts").exists())

    def test_a_caregivers_details_are_shown_only_to_those_who_may_know_where_the_youth_lives(self):
        self.login("social_worker")
        self.add(kind="caregiver", name="Ana Vega", phone="555-0199")
        self.add()
        self.login("clinician")
        page = self.client.get(self.url())
        self.assertContains(page, "Dana Ruiz")
        self.assertNotContains(page, "Ana Vega")
        self.assertNotContains(page, "555-0199")
        profile = self.client.get(reverse("youth:detail", kwargs={"youth_id": self.youth_cw_a.pk}))
        self.assertNotContains(profile, "Ana Vega")
