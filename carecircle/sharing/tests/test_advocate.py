from datetime import date

from carecircle.accounts.roles import AgencyType, Role
from carecircle.sharing.actions import SignerInput
from carecircle.sharing.tests.base import SharingTestCase


class AdvocateNoteTest(SharingTestCase):
    def setUp(self) -> None:
        self.note = self.notes["victim_advocate"]

    def test_nobody_outside_the_advocates_agency_sees_it_without_authorisation(self):
        for county in ("a", "b"):
            for role in Role.values:
                user = self.login(role, county)
                expected = 200 if user == self.victim_advocate_a else 404
                with self.subTest(role=role, county=county):
                    self.assertEqual(
                        self.client.get(self.note_url(self.note)).status_code, expected
                    )
        self.client.force_login(self.state_analyst)
        self.assertEqual(self.client.get(self.note_url(self.note)).status_code, 404)

    def test_the_youths_written_authorisation_opens_it_to_whom_it_names(self):
        self.part_2_consent(
            actor=self.victim_advocate_a,
            classes=["victim_advocate"],
            signers=[
                SignerInput("youth", "Jaylen Whitfield", date(2026, 11, 1)),
                SignerInput(
                    "parent_guardian", "Dana Whitfield", date(2026, 11, 1), non_abusing=True
                ),
            ],
            disclosing_agency=self.agencies_a[AgencyType.VICTIM_ADVOCATE],
            to_agency=AgencyType.PROBATION,
        )
        self.login("probation_officer")
        self.assertEqual(self.client.get(self.note_url(self.note)).status_code, 200)
        self.login("counselor")
        self.assertEqual(self.client.get(self.note_url(self.note)).status_code, 404)
