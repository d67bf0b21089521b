from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.records.models import Document
from carecircle.test import BaseTestCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class DocumentUploadTest(BaseTestCase):
    def post(self, upload, **extra):
        self.login("social_worker")
        data = {
            "agency": self.agencies_a[AgencyType.CHILD_WELFARE].pk,
            "record_class": "child_welfare",
            "title": "Placement agreement",
            "upload": upload,
        }
        data.update(extra)
        return self.client.post(
            reverse("records:document_new", kwargs={"youth_id": self.youth_cw_a.pk}), data
        )

    def files_on_disk(self) -> list[Path]:
        return [p for p in Path(settings.PRIVATE_FILES_ROOT).rglob("*") if p.is_file()]

    def test_it_stores_the_file_outside_the_web_root_and_records_its_hash(self):
        before = len(self.files_on_disk())
        response = self.post(SimpleUploadedFile("agreement.png", PNG))
        document = Document.objects.get()
        self.assertEqual(response.status_code, 302)
        self.assertEqual(document.content_type, "image/png")
        self.assertEqual(len(document.sha256), 64)
        path = Path(document.file.path)
        self.assertTrue(path.is_relative_to(Path(settings.PRIVATE_FILES_ROOT)))
        self.assertFalse(path.is_relative_to(Path(settings.STATIC_ROOT)))
        self.assertEqual(len(self.files_on_disk()), before + 1)

    def test_it_refuses_a_file_whose_content_is_not_an_accepted_kind(self):
        before = len(self.files_on_disk())
        response = self.post(SimpleUploadedFile("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00"))
        self.assertContains(response, "accepts PDF, PNG, JPEG or plain text")
        self.assertFalse(Document.objects.exists())
        self.assertEqual(len(self.files_on_disk()), before)

    @override_settings(MAX_UPLOAD_BYTES=1024)
    def test_it_refuses_a_file_that_is_too_large(self):
        response = self.post(SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 2048))
        self.assertContains(response, "the largest accepted is 1.0")
        self.assertFalse(Document.objects.exists())

    def test_it_serves_the_file_only_through_the_policy(self):
        self.post(SimpleUploadedFile("agreement.png", PNG))
        document = Document.objects.get()
        url = reverse(
            "records:document_file", kwargs={"youth_id": self.youth_cw_a.pk, "item_id": document.pk}
        )
        self.login("probation_officer")
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login("social_worker")
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "no-store")
