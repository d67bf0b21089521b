"""A sealed youth (WIC 781, 786) is absent from every page, list, search, export and API
answer, for every persona but the role that carries out sealing orders.

The matrix world's ward is sealed by the court liaison. Then every URL of the
authorisation matrix is fetched as each county-A persona, the other county's
coordinator and the state:
- an address that names the sealed youth answers exactly as the same address naming a
  youth that never existed (so nobody learns that a sealed record is there);
- every other address answers as the matrix declares, and nothing in it — page, JSON,
  CSV or XLSX — carries the youth's name or key;
- the court liaison still gets the declared answer everywhere.
"""

import io
from datetime import date
from uuid import uuid4

from django.urls import reverse
from openpyxl import load_workbook

from carecircle.accounts.roles import Role
from carecircle.clocks.testing import run_queued_tasks
from carecircle.reports import periods
from carecircle.reports.actions import request_export
from carecircle.sealing.actions import seal_youth
from carecircle.tests.matrix import (
    ANON,
    B_COORDINATOR,
    CASES,
    LOGIN,
    STATE,
    MatrixWorld,
)

EXCEPTION_ROLE = "court_liaison"  # the default of CARECIRCLE_SEALED_RECORD_ROLES


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # an XLSX workbook: read every cell
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return content.decode("utf-8", errors="replace")


class SealedYouthMatrixTest(MatrixWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sealed = cls.youth_prob_a
        seal_youth(
            actor=cls.court_liaison_a,
            youth=cls.sealed,
            statute="wic_786",
            ordered_on=date(2026, 3, 1),
            destroy_on=date(2031, 3, 1),
            court_case_number="JV-2024-0117",
        )
        # Sealing withdraws the county's report files built before it; a new one is built.
        cls.export = request_export(
            actor=cls.coordinator_a, period=periods.year(2026), file_format="csv"
        )
        run_queued_tasks()
        cls.markers = [
            str(cls.sealed.pk),
            f"{cls.sealed.first_name} {cls.sealed.last_name}",
            f"{cls.sealed.last_name}, {cls.sealed.first_name}",
        ]

    def answer(self, url: str):
        response = self.client.get(url)
        if response.status_code == 302:
            return (302, response["Location"].split("?")[0]), response
        return (response.status_code, None), response

    def assert_declared(self, status, expected) -> None:
        if expected == LOGIN:
            self.assertEqual(status, (302, reverse("account_login")))
        else:
            self.assertEqual(status[0], expected)

    def check_persona(self, persona: str) -> None:
        self.sign_in_as(persona)
        sealed_key = str(self.sealed.pk)
        for name, subject, expected in CASES:
            url = self.url_for(name, subject)
            with self.subTest(persona=persona, url=name, subject=subject):
                status, response = self.answer(url)
                if persona == EXCEPTION_ROLE:
                    self.assert_declared(status, expected[persona])
                    continue
                if sealed_key in url:
                    twin = url.replace(sealed_key, str(uuid4()))
                    twin_status, _ = self.answer(twin)
                    self.assertEqual(status, twin_status, "the sealed youth's address")
                    continue
                self.assert_declared(status, expected[persona])
                if status[0] == 200:
                    text = body_text(response)
                    for marker in self.markers:
                        self.assertNotIn(marker, text)

    def test_county_a_case_roles_see_nothing_of_it(self):
        for role in ("coordinator", "social_worker", "probation_officer", "clinician"):
            self.check_persona(role)

    def test_the_rest_of_county_a_sees_nothing_of_it(self):
        others = ("counselor", "public_health_nurse", "victim_advocate", "survivor_mentor")
        for role in (*others, "supervisor", "county_admin", "auditor"):
            self.check_persona(role)

    def test_the_court_liaison_still_sees_it(self):
        self.check_persona(EXCEPTION_ROLE)
        self.client.force_login(self.court_liaison_a)
        page = self.client.get(f"/youth/{self.sealed.pk}/")
        self.assertContains(page, "A court sealed this record")
        register = self.client.get("/sealing/")
        self.assertContains(register, self.sealed.first_name)

    def test_anonymous_the_state_and_the_other_county_see_nothing_of_it(self):
        for persona in (ANON, STATE, B_COORDINATOR):
            self.check_persona(persona)

    def test_every_county_a_role_is_checked(self):
        checked = {
            "coordinator", "social_worker", "probation_officer", "clinician", "counselor",
            "public_health_nurse", "victim_advocate", "survivor_mentor", "supervisor",
            "county_admin", "auditor", EXCEPTION_ROLE,
        }  # fmt: skip
        self.assertEqual(checked, set(Role.values))
