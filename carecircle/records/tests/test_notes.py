from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.records.models import Note
from carecircle.test import BaseTestCase


class NoteNewTest(BaseTestCase):
    def url(self) -> str:
        return reverse("records:note_new", kwargs={"youth_id": self.youth_cw_a.pk})

    def test_it_saves_a_note_with_its_class_source_and_basis(self):
        author = self.login("clinician")
        response = self.client.post(
            self.url(),
            {
                "agency": self.agencies_a[AgencyType.MENTAL_HEALTH].pk,
                "record_class": "mental_health",
                "subject": "Intake assessment",
                "body": "Met with Marisol at the placement.",
            },
        )
        note = Note.objects.get()
        self.assertRedirects(
            response,
            reverse("records:note", kwargs={"youth_id": self.youth_cw_a.pk, "item_id": note.pk}),
        )
        self.assertEqual(
            (note.record_class, note.source_agency, note.author, note.legal_basis),
            (
                "mental_health",
                self.agencies_a[AgencyType.MENTAL_HEALTH],
                author,
                "WIC 5328, 5328.04; HIPAA; CMIA",
            ),
        )
        self.assertTrue(
            AuditEvent.objects.filter(action="note.create", object_id=str(note.pk)).exists()
        )

    def test_it_refuses_a_class_the_agency_does_not_keep(self):
        self.login("clinician")
        response = self.client.post(
            self.url(),
            {
                "agency": self.agencies_a[AgencyType.MENTAL_HEALTH].pk,
                "record_class": "substance_use",
                "subject": "x",
                "body": "y",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "error-summary")
        self.assertFalse(Note.objects.exists())

    def test_it_refuses_an_agency_the_author_does_not_work_for(self):
        self.login("clinician")
        response = self.client.post(
            self.url(),
            {
                "agency": self.agencies_a[AgencyType.CHILD_WELFARE].pk,
                "record_class": "general",
                "subject": "x",
                "body": "y",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Note.objects.exists())
