import csv
import io

from django.urls import reverse

from carecircle.sharing.tests.base import SharingTestCase


class AccessReportTest(SharingTestCase):
    def test_it_lists_who_opened_the_record_and_who_saw_it_in_a_list(self):
        self.login("probation_officer")
        self.client.get(reverse("youth:caseload"))
        self.client.get(self.note_url(self.notes["probation"]))
        self.login("clinician")
        self.client.get(self.profile_url(self.youth_prob_a))
        self.login("auditor")
        report = self.client.get(
            reverse("sharing:access_report", kwargs={"youth_id": self.youth_prob_a.pk})
        )
        events = {(e.actor_username, e.action) for e in report.context["page"].object_list}
        self.assertIn((self.probation_officer_a.username, "youth.list"), events)
        self.assertIn((self.probation_officer_a.username, "note.view"), events)
        self.assertIn((self.clinician_a.username, "youth.view"), events)

    def test_the_accounting_of_disclosures_lists_disclosures_only(self):
        self.part_2_consent()
        self.login("probation_officer")
        self.client.get(self.note_url(self.notes["substance_use"]))
        self.login("counselor")
        self.client.get(self.note_url(self.notes["substance_use"]))  # own agency: not a disclosure
        self.login("coordinator")
        response = self.client.get(
            reverse("sharing:disclosures_csv", kwargs={"youth_id": self.youth_prob_a.pk})
        )
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(rows[0][:3], ["Date and time", "Recipient", "Recipient's agency"])
        recipients = [row[1] for row in rows[1:]]
        self.assertEqual(recipients, [self.probation_officer_a.username])
        self.assertEqual(rows[1][5], "consent")
        self.assertEqual(rows[1][2], "Fernhollow Probation Department")

    def test_it_neutralises_spreadsheet_formulas(self):
        from carecircle.lib.spreadsheets import safe_cell as _safe_cell

        self.assertEqual(_safe_cell('=HYPERLINK("x")'), '\'=HYPERLINK("x")')
        self.assertEqual(_safe_cell("@SUM(A1)"), "'@SUM(A1)")
        self.assertEqual(_safe_cell("plain"), "plain")
