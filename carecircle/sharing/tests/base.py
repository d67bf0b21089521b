from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.sharing.actions import SignerInput, record_consent
from carecircle.test import BaseTestCase, build_sharing_world


class SharingTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        world = build_sharing_world({k: getattr(cls, k) for k in dir(cls) if k.endswith("_a")})
        cls.notes = world["notes"]
        cls.court_document = world["court_document"]

    def note_url(self, note, view: str = "records:note") -> str:
        return reverse(view, kwargs={"youth_id": note.youth_id, "item_id": note.pk})

    def profile_url(self, youth) -> str:
        return reverse("youth:detail", kwargs={"youth_id": youth.pk})

    def part_2_consent(self, *, to_agency=AgencyType.PROBATION, days: int = 30, **overrides):
        now = timezone.now()
        arguments = {
            "actor": self.counselor_a,
            "youth": self.youth_prob_a,
            "purpose": "mdt",
            "classes": ["substance_use"],
            "signers": [
                SignerInput("youth", "Jaylen Whitfield", date(2026, 11, 1)),
                SignerInput("parent_guardian", "Dana Whitfield", date(2026, 11, 1)),
            ],
            "effective_at": now - timedelta(minutes=1),
            "expires_at": now + timedelta(days=days),
            "signed_form": SimpleUploadedFile("part2-consent.pdf", b"%PDF-1.4 signed"),
            "recipient_agencies": [self.agencies_a[to_agency]],
            "disclosing_agency": self.agencies_a[AgencyType.SUBSTANCE_USE],
            "information_description": "Attendance and progress in outpatient treatment.",
            "told_of_right_to_revoke": True,
        }
        arguments.update(overrides)
        return record_consent(**arguments)
