"""The API's write endpoints: each records through the page's action, with the page's
checks, and bad input changes nothing."""

from datetime import date, timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.clocks.models import MissingEpisode, Obligation, ObligationKind
from carecircle.clocks.testing import run_queued_tasks
from carecircle.lib.dates import county_today
from carecircle.meetings.actions import schedule_meeting
from carecircle.meetings.models import ActionItem
from carecircle.referrals.actions import add_provider, propose_referral
from carecircle.screening.models import Screening
from carecircle.sharing.actions import add_team_member, break_glass
from carecircle.sharing.models import Consent
from carecircle.test import BaseTestCase


def moment(hours_ago: float) -> str:
    return (timezone.now() - timedelta(hours=hours_ago)).isoformat()


class WriteTests(BaseTestCase):
    def post(self, name: str, data: dict | None = None, **kwargs):
        return self.client.post(
            reverse(f"api:{name}", kwargs=kwargs), data or {}, content_type="application/json"
        )

    @property
    def cw(self):
        return self.agencies_a[AgencyType.CHILD_WELFARE]

    def scored_screening(self) -> dict:
        instruments = self.client.get(reverse("api:instruments")).json()
        scored = next(i for i in instruments if i["scored"])
        answers = {item["key"]: item["options"][-1]["key"] for item in scored["items"]}
        return {
            "agency": self.cw.pk,
            "record_class": "general",
            "instrument": scored["key"],
            "version": scored["version"],
            "context": "intake",
            "screened_on": "2026-01-10",
            "answers": answers,
        }

    def record_clear_concern(self) -> None:
        made = self.post("screenings", self.scored_screening(), youth_id=self.youth_cw_a.pk)
        self.assertEqual(made.json()["level"], "clear_concern")

    def test_a_scored_screening_is_scored_and_a_clear_concern_opens_the_referral_task(self):
        self.login("social_worker")
        body = self.scored_screening()
        stale = self.post("screenings", {**body, "version": 999}, youth_id=self.youth_cw_a.pk)
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(stale.json()["version"], body["version"])
        self.assertFalse(Screening.objects.exists())
        made = self.post("screenings", body, youth_id=self.youth_cw_a.pk)
        self.assertEqual(made.status_code, 201, made.content)
        self.assertEqual(made.json()["level"], "clear_concern")
        self.assertTrue(
            Obligation.objects.open()
            .filter(youth=self.youth_cw_a, kind=ObligationKind.MDT_REFERRAL)
            .exists()
        )
        self.assertTrue(AuditEvent.objects.filter(action="screening.record").exists())

    def test_a_result_only_screening_refuses_answers(self):
        self.login("social_worker")
        body = {
            "agency": self.cw.pk,
            "record_class": "general",
            "instrument": "external-result",
            "version": 1,
            "context": "intake",
            "screened_on": "2026-01-10",
            "answers": {"q": "a"},
            "tool_name": "CSE-IT",
            "level": "possible_concern",
        }
        refused = self.post("screenings", body, youth_id=self.youth_cw_a.pk)
        self.assertEqual(refused.status_code, 400)
        self.assertIn("result", refused.json()["errors"][0]["detail"])
        del body["answers"]
        made = self.post("screenings", body, youth_id=self.youth_cw_a.pk)
        self.assertEqual(made.status_code, 201, made.content)

    def test_a_missing_episode_runs_its_course_through_the_api(self):
        self.login("social_worker")
        youth = self.youth_cw_a
        body = {
            "agency": self.cw.pk,
            "record_class": "general",
            "last_seen_at": "2026-11-27T22:00:00",
            "reported_by": "Resource parent",
        }
        naive = self.post("missing_episodes", body, youth_id=youth.pk)
        self.assertEqual(naive.status_code, 400)
        self.assertEqual(naive.json()["errors"][0]["attr"], "last_seen_at")
        self.assertFalse(MissingEpisode.objects.exists())
        made = self.post("missing_episodes", {**body, "last_seen_at": moment(5)}, youth_id=youth.pk)
        self.assertEqual(made.status_code, 201, made.content)
        episode = MissingEpisode.objects.get()
        self.assertEqual(episode.obligations.count(), 4)
        ids = {"youth_id": youth.pk, "episode_id": episode.pk}
        report = {"kind": "law_enforcement", "made_at": moment(4), "recipient": "Police"}
        self.assertEqual(self.post("episode_report", report, **ids).status_code, 400)
        done = self.post("episode_report", {**report, "reference": "NCIC-1"}, **ids)
        self.assertEqual(done.status_code, 201, done.content)
        self.assertEqual(
            episode.obligations.filter(satisfied_at__isnull=False).get().kind,
            ObligationKind.MISSING_LAW_ENFORCEMENT,
        )
        back = {"returned_at": moment(2), "how_found": "returned"}
        self.assertEqual(self.post("episode_return", back, **ids).status_code, 201)
        debrief = {"debriefed_at": moment(1), "why_left": "An argument.", "while_away": "Slept."}
        self.assertEqual(self.post("episode_debrief", debrief, **ids).status_code, 201)
        early = self.post("episode_close", **ids)
        self.assertEqual(early.status_code, 400)
        self.assertIn("re-screen", early.json()["errors"][0]["detail"])
        # The clinician opens the record in an emergency: sees the episode, may not change it.
        break_glass(actor=self.clinician_a, youth=youth, reason="Youth disclosed an overdose risk.")
        self.client.force_login(self.clinician_a)
        seen = self.client.get(reverse("api:missing_episodes", kwargs={"youth_id": youth.pk}))
        self.assertEqual(len(seen.json()["results"]), 1)
        self.assertEqual(self.post("episode_return", back, **ids).status_code, 403)

    def test_a_task_closes_with_its_evidence_and_only_a_kind_closed_that_way(self):
        self.login("social_worker")
        self.post(
            "missing_episodes",
            {
                "agency": self.cw.pk,
                "record_class": "general",
                "last_seen_at": moment(3),
                "reported_by": "Resource parent",
            },
            youth_id=self.youth_cw_a.pk,
        )
        own_record = Obligation.objects.filter(kind=ObligationKind.MISSING_NCMEC).get()
        evidence = {"done_on": "2026-11-01", "detail": "Done"}
        self.assertEqual(
            self.post("task_done", evidence, obligation_id=own_record.pk).status_code, 403
        )
        self.login("coordinator")
        self.record_clear_concern()
        task = Obligation.objects.get(kind=ObligationKind.MDT_REFERRAL)
        future = {"done_on": (date.today() + timedelta(days=3)).isoformat(), "detail": "Clinic"}
        self.assertEqual(self.post("task_done", future, obligation_id=task.pk).status_code, 400)
        done = self.post("task_done", evidence, obligation_id=task.pk)
        self.assertEqual(done.status_code, 200, done.content)
        task.refresh_from_db()
        self.assertEqual(task.evidence["detail"], "Done")

    def test_meetings_and_action_items(self):
        ward = self.youth_prob_a
        probation = self.agencies_a[AgencyType.PROBATION]
        add_team_member(
            actor=self.coordinator_a, youth=ward, user=self.probation_officer_a, agency=probation
        )
        meeting_body = {
            "tier": "ongoing",
            "starts_at": moment(-24),
            "place": "Family Justice Center",
        }
        self.login("probation_officer")
        self.assertEqual(self.post("meetings", meeting_body, youth_id=ward.pk).status_code, 403)
        self.login("coordinator")
        made = self.post("meetings", meeting_body, youth_id=ward.pk)
        self.assertEqual(made.status_code, 201, made.content)
        run_queued_tasks()  # the invitations
        self.assertTrue(mail.outbox)
        ids = {"youth_id": ward.pk, "meeting_id": made.json()["id"]}
        self.login("probation_officer")
        item = {
            "agency": probation.pk,
            "record_class": "general",
            "owner": self.counselor_a.pk,  # not on this youth's MDT
            "description": "Enrol in the summer programme",
            "due_on": "2026-12-15",
        }
        self.assertEqual(self.post("action_items", item, **ids).status_code, 400)
        made_item = self.post("action_items", {**item, "owner": self.probation_officer_a.pk}, **ids)
        self.assertEqual(made_item.status_code, 201, made_item.content)
        action = ActionItem.objects.get()
        self.assertTrue(
            Obligation.objects.open().filter(responsible_user=self.probation_officer_a).exists()
        )
        listed = self.client.get(reverse("api:action_items", kwargs=ids)).json()
        self.assertEqual([i["id"] for i in listed["results"]], [str(action.pk)])
        done = self.post("action_item_done", {"outcome": "Enrolled"}, item_id=action.pk, **ids)
        self.assertEqual(done.status_code, 200, done.content)
        self.assertEqual(done.json()["status"], "done")

    def test_a_referral_is_sent_only_under_a_consent(self):
        provider = add_provider(
            actor=self.coordinator_a,
            county=self.county_a,
            name="Seaside Counseling",
            domains=["safety"],
        )
        self.login("social_worker")
        made = self.post(
            "referrals",
            {"agency": self.cw.pk, "record_class": "general", "provider": provider.pk},
            youth_id=self.youth_cw_a.pk,
        )
        self.assertEqual(made.status_code, 201, made.content)
        ids = {"youth_id": self.youth_cw_a.pk, "referral_id": made.json()["id"]}
        today = county_today(self.county_a.time_zone).isoformat()
        send = {"status": "sent", "on": today, "shared_information": "Name and needs"}
        refused = self.post("referral_step", send, **ids)
        self.assertEqual(refused.status_code, 400)
        consent = self.record_consent_through_the_api()
        sent = self.post("referral_step", {**send, "consent": consent["id"]}, **ids)
        self.assertEqual(sent.status_code, 200, sent.content)
        self.assertEqual(sent.json()["status"], "sent")
        self.assertTrue(AuditEvent.objects.filter(action="referral.send", disclosure=True).exists())

    def record_consent_through_the_api(self, signers: str | None = None) -> dict:
        response = self.client.post(
            reverse("api:consents", kwargs={"youth_id": self.youth_cw_a.pk}),
            {
                "purpose": "care_coordination",
                "classes": ["general"],
                "disclosing_agency": self.cw.pk,
                "recipient_agencies": [self.agencies_a[AgencyType.MENTAL_HEALTH].pk],
                "signers": signers
                or '[{"signer_type": "parent_guardian", "name": "Rosa Delgado", '
                '"signed_on": "2026-10-30"}]',
                "effective_at": moment(24),
                "expires_at": moment(-24 * 90),
                "signed_form": SimpleUploadedFile("roi.pdf", b"%PDF-1.4 signed release"),
            },
        )
        return {"status": response.status_code, **response.json()}

    def test_a_consent_is_recorded_with_its_form_and_revoked(self):
        self.login("social_worker")
        bad = self.record_consent_through_the_api(signers="not json")
        self.assertEqual(bad["status"], 400)
        self.assertFalse(Consent.objects.exists())
        made = self.record_consent_through_the_api()
        self.assertEqual(made["status"], 201, made)
        self.assertEqual(made["classes"], ["general"])
        url = reverse(
            "api:consent_revoke", kwargs={"youth_id": self.youth_cw_a.pk, "consent_id": made["id"]}
        )
        revoked = self.client.post(url, {"note": "Parent phoned"}, content_type="application/json")
        self.assertEqual(revoked.status_code, 200, revoked.content)
        self.assertIsNotNone(revoked.json()["revoked_at"])

    def test_another_county_learns_nothing_and_changes_nothing(self):
        self.login("coordinator", "b")
        youth = self.youth_cw_a
        episode = {
            "agency": 1,
            "record_class": "general",
            "last_seen_at": moment(1),
            "reported_by": "x",
        }
        for name in ("screenings", "missing_episodes", "meetings", "referrals"):
            with self.subTest(name=name):
                self.assertEqual(self.post(name, episode, youth_id=youth.pk).status_code, 404)
        self.assertFalse(MissingEpisode.objects.exists())
        meeting = schedule_meeting(
            actor=self.coordinator_a,
            youth=youth,
            tier="ongoing",
            starts_at=timezone.now(),
            place="Family Justice Center",
        )
        ids = {"youth_id": youth.pk, "meeting_id": meeting.pk}
        self.assertEqual(self.post("action_items", {}, **ids).status_code, 404)
        referral = propose_referral(
            actor=self.social_worker_a,
            youth=youth,
            agency=self.cw,
            record_class="general",
            provider=add_provider(
                actor=self.coordinator_a, county=self.county_a, name="P", domains=["safety"]
            ),
        )
        step = self.post("referral_step", {}, youth_id=youth.pk, referral_id=referral.pk)
        self.assertEqual(step.status_code, 404)
