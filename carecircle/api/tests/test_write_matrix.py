"""The write matrix: every API write endpoint by every persona → the answer.

An empty body is sent, so nothing changes: 400 means the persona got as far as the
input (they may write here), 403 that their role may not, 404 that they may not know
the record, 401 that nobody signed in. Where a page records the same thing, the answer
is derived from that page's row of the authorisation matrix (200 there is 400 here), so
the API cannot let in anyone the page keeps out; the other rows are written out.
"""

from datetime import date

from django.urls import reverse

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.clocks.models import Obligation, ObligationKind
from carecircle.tests.matrix import (
    CASES,
    LOGIN,
    PERSONAS,
    SEE_WARD,
    MatrixWorld,
    on_youth,
)
from carecircle.youth.actions import record_identification

MULTIPART = {"api:consents", "api:imports"}
PAGE_ROWS = {name: expected for name, _subject, expected in CASES}


def like_page(page: str) -> dict[str, object]:
    """A page's answers as the API gives them: its form opens → the input is checked."""
    translate = {200: 400, LOGIN: 401}
    return {p: translate.get(answer, answer) for p, answer in PAGE_ROWS[page].items()}


def writes(*personas: str, refused=()) -> dict[str, object]:
    """``personas`` reach the input (400), ``refused`` see the record but may not (403);
    everyone else learns nothing of it (404)."""
    expected = on_youth(anonymous=401)
    expected.update(dict.fromkeys(refused, 403))
    expected.update(dict.fromkeys(personas, 400))
    return expected


EPISODE_CHANGERS = ["coordinator", "social_worker", "supervisor"]
# (url name, what the path names, method, expected answer per persona)
WRITES: list[tuple[str, str, str, dict[str, object]]] = [
    ("api:youth", "dependent", "patch", like_page("youth:edit")),
    ("api:identifications", "dependent", "post", like_page("youth:identification_new")),
    ("api:screenings", "dependent", "post", like_page("screening:new")),
    ("api:missing_episodes", "dependent", "post", like_page("missing:new")),
    ("api:meetings", "ward", "post", like_page("meetings:new")),
    ("api:referrals", "dependent", "post", like_page("referrals:plan")),
    ("api:consents", "dependent", "post", like_page("sharing:consent_new")),
    # The episode's agency (child welfare), the coordinator and supervisors change it; the
    # clinician sees it through emergency access and may not.
    *[
        (f"api:{step}", "episode", "post", writes(*EPISODE_CHANGERS, refused=["clinician"]))
        for step in ("episode_report", "episode_return", "episode_debrief", "episode_close")
    ],
    # A law enforcement report task of the identification child welfare recorded:
    # whose task it is, the coordinator and supervisors close it.
    (
        "api:task_done",
        "evidence_task",
        "post",
        writes("coordinator", "social_worker", "supervisor", refused=["clinician"]),
    ),
    # Everyone on the ward's case may add an action item to the meeting.
    ("api:action_items", "meeting", "post", writes(*SEE_WARD)),
    # The probation officer's own item: they and the coordinator close it.
    (
        "api:action_item_done",
        "action_item",
        "post",
        writes(
            "coordinator",
            "probation_officer",
            refused=[p for p in SEE_WARD if p not in ("coordinator", "probation_officer")],
        ),
    ),
    # Child welfare's referral: the referring agency and the coordinator move it.
    (
        "api:referral_step",
        "referral",
        "post",
        writes("coordinator", "social_worker", "supervisor", refused=["clinician"]),
    ),
    # Those the consent is shown to: the releasing agency (child welfare).
    ("api:consent_revoke", "consent", "post", writes("coordinator", "social_worker", "supervisor")),
    # Imports: the roles that add youth, as on the import page; a file is its uploader's.
    ("api:imports", None, "post", like_page("imports:list")),
    ("api:import_commit", "import", "post", like_page("imports:detail")),
]


class WriteMatrixTest(MatrixWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        record_identification(
            actor=cls.social_worker_a,
            youth=cls.youth_cw_a,
            agency=cls.agencies_a[AgencyType.CHILD_WELFARE],
            record_class="general",
            identified_on=date(2026, 11, 1),
            source="hotline",
            identified_by="Social worker",
            category="before_care",
            certainty="confirmed",
        )
        cls.evidence_task = Obligation.objects.get(
            youth=cls.youth_cw_a, kind=ObligationKind.LAW_ENFORCEMENT_REPORT
        )

    def url_for(self, name: str, subject: str | None) -> str:
        if subject == "evidence_task":
            return reverse(name, kwargs={"obligation_id": self.evidence_task.pk})
        return super().url_for(name, subject)

    def test_every_write_endpoint_is_in_the_write_matrix(self):
        schema = self.client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
        methods = {"post", "put", "patch", "delete"}
        written = sum(1 for ops in schema["paths"].values() for m in ops if m in methods)
        declared = {(name, method) for name, _subject, method, _expected in WRITES}
        self.assertEqual(written, len(declared) + len(UNLISTED), sorted(declared))

    def test_every_persona_gets_the_declared_answer_and_nothing_changes(self):
        open_tasks = Obligation.objects.open().count()
        for persona in PERSONAS:
            self.sign_in_as(persona)
            for name, subject, method, expected in WRITES:
                url = self.url_for(name, subject)
                with self.subTest(persona=persona, url=name):
                    if name in MULTIPART:
                        response = self.client.post(url, {})
                    else:
                        response = getattr(self.client, method)(
                            url, {}, content_type="application/json"
                        )
                    self.assertEqual(response.status_code, expected[persona])
        self.assertEqual(Obligation.objects.open().count(), open_tasks)
        self.assertFalse(
            AuditEvent.objects.filter(
                action__in=["missing_episode.report", "obligation.satisfy", "consent.revoke"]
            ).exists()
        )


# Writes that are not about one record: adding a youth (its role row is the caseload's,
# tested in test_youth), search before create (changes nothing) and the imports.
UNLISTED = {("api:youth_list", "post"), ("api:youth_search", "post")}
