from django.urls import reverse

from carecircle.audit.models import AuditEvent
from carecircle.sharing.tests.base import SharingTestCase


class CourtFileTest(SharingTestCase):
    def url(self, name: str) -> str:
        return reverse(
            name, kwargs={"youth_id": self.youth_prob_a.pk, "item_id": self.court_document.pk}
        )

    def test_it_can_be_viewed_but_not_downloaded_without_a_court_order(self):
        self.login("probation_officer")
        self.assertEqual(self.client.get(self.url("records:document")).status_code, 200)
        shown = self.client.get(self.url("records:document_file"))
        self.assertEqual(shown.status_code, 200)
        self.assertEqual(shown["Content-Disposition"], "inline")
        self.assertEqual(b"".join(shown.streaming_content)[:5], b"%PDF-")
        refused = self.client.get(self.url("records:document_download"))
        self.assertEqual(refused.status_code, 403)
        self.assertContains(refused, "court order", status_code=403)
        denied = AuditEvent.objects.filter(action="document.download").latest("id")
        self.assertEqual(denied.outcome, "denied")

    def test_a_court_note_cannot_be_printed_or_exported_without_an_order(self):
        note = self.notes["juvenile_court"]
        self.login("probation_officer")
        self.assertEqual(self.client.get(self.note_url(note)).status_code, 200)
        self.assertEqual(
            self.client.get(self.note_url(note, "records:note_print")).status_code, 403
        )
        self.assertEqual(
            self.client.get(self.note_url(note, "records:note_export")).status_code, 403
        )

    def test_a_recorded_court_order_allows_download(self):
        self.login("court_liaison")
        response = self.client.post(
            reverse(
                "records:court_order",
                kwargs={
                    "youth_id": self.youth_prob_a.pk,
                    "kind": "documents",
                    "item_id": self.court_document.pk,
                },
            ),
            {"reference": "JV-2026-0142, order of 2026-11-02"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(AuditEvent.objects.filter(action="document.court_order").exists())
        self.login("probation_officer")
        download = self.client.get(self.url("records:document_download"))
        self.assertEqual(download.status_code, 200)
        self.assertIn("attachment", download["Content-Disposition"])

    def test_only_court_roles_record_an_order(self):
        self.login("probation_officer")
        response = self.client.post(
            reverse(
                "records:court_order",
                kwargs={
                    "youth_id": self.youth_prob_a.pk,
                    "kind": "documents",
                    "item_id": self.court_document.pk,
                },
            ),
            {"reference": "made up"},
        )
        self.assertEqual(response.status_code, 403)
        self.court_document.refresh_from_db()
        self.assertEqual(self.court_document.court_order_reference, "")
