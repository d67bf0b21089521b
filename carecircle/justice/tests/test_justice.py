from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.audit.models import AuditEvent
from carecircle.justice import actions
from carecircle.justice.models import ContactReason, Diversion
from carecircle.test import BaseTestCase, build_sharing_world


class JusticeTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_sharing_world({k: getattr(cls, k) for k in dir(cls) if k.endswith("_a")})

    def record(self, what, record_class="probation", **values):
        return actions.record_justice_item(
            actor=self.probation_officer_a,
            youth=self.youth_prob_a,
            agency=self.agencies_a[AgencyType.PROBATION],
            record_class=record_class,
            what=what,
            **values,
        )

    def test_there_is_no_prostitution_reason_for_a_contact(self):
        self.assertFalse(
            [value for value in ContactReason.values if "prostitut" in value or "solicit" in value]
        )
        with self.assertRaises(ValidationError):
            self.record(
                "contact",
                contacted_on=date(2026, 5, 1),
                law_enforcement_agency="City police",
                reason="prostitution",
            )

    def test_a_diversion_goes_from_offer_to_completion_with_its_outcome(self):
        diversion = self.record("diversion", offered_on=date(2026, 5, 1), program="Youth court")
        with self.assertRaisesMessage(ValidationError, "does not follow"):
            actions.move_diversion(
                actor=self.probation_officer_a,
                diversion=diversion,
                status="completed",
                on=date(2026, 5, 2),
            )
        actions.move_diversion(
            actor=self.probation_officer_a,
            diversion=diversion,
            status="accepted",
            on=date(2026, 5, 2),
        )
        with self.assertRaisesMessage(ValidationError, "how the diversion ended"):
            actions.move_diversion(
                actor=self.probation_officer_a,
                diversion=diversion,
                status="completed",
                on=date(2026, 6, 1),
            )
        actions.move_diversion(
            actor=self.probation_officer_a,
            diversion=diversion,
            status="completed",
            on=date(2026, 6, 1),
            outcome="Completed 20 hours of service; petition not filed.",
        )
        self.assertEqual(Diversion.objects.get().status, "completed")
        self.assertEqual(AuditEvent.objects.filter(action="justice.diversion_move").count(), 2)

    def test_a_future_date_and_a_release_before_detention_are_refused(self):
        tomorrow = timezone.localdate() + timedelta(days=2)
        with self.assertRaisesMessage(ValidationError, "future"):
            self.record("hearing", held_on=tomorrow, kind="review")
        with self.assertRaisesMessage(ValidationError, "before the detention"):
            self.record(
                "detention", started_on=date(2026, 5, 3), ended_on=date(2026, 5, 1), facility="Hall"
            )

    def test_each_record_is_shared_by_its_class(self):
        self.record(
            "petition",
            record_class="probation",
            kind="602",
            filed_on=date(2026, 5, 1),
            status="filed",
        )
        url = reverse("justice:overview", kwargs={"youth_id": self.youth_prob_a.pk})
        self.login("court_liaison")  # on the ward's MDT
        self.assertContains(self.client.get(url), "Delinquency (WIC §602)")
        self.login("counselor")  # on the MDT too
        self.assertContains(self.client.get(url), "Delinquency (WIC §602)")
        self.login("survivor_mentor")  # does not know the ward
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_form_records_a_contact_and_refuses_bad_input(self):
        self.login("probation_officer")
        url = reverse(
            "justice:record", kwargs={"youth_id": self.youth_prob_a.pk, "kind": "contact"}
        )
        bad = self.client.post(url, {"agency": self.agencies_a[AgencyType.PROBATION].pk})
        self.assertContains(bad, "error-summary")
        good = self.client.post(
            url,
            {
                "agency": self.agencies_a[AgencyType.PROBATION].pk,
                "record_class": "probation",
                "contacted_on": "2026-05-01",
                "law_enforcement_agency": "City police",
                "reason": "victim",
            },
        )
        self.assertRedirects(
            good, reverse("justice:overview", kwargs={"youth_id": self.youth_prob_a.pk})
        )
        self.assertEqual(
            self.client.get(
                reverse(
                    "justice:record", kwargs={"youth_id": self.youth_prob_a.pk, "kind": "nothing"}
                )
            ).status_code,
            404,
        )


class DemoJusticeTest(TestCase):
    def test_the_demo_records_contacts_and_diversions(self):
        from carecircle.demo.builder import build_demo
        from carecircle.justice.models import JusticeContact

        build_demo(counties=1, youth_per_county=12, seed=5, password="a-demo-password-for-tests")
        self.assertTrue(JusticeContact.objects.filter(reason="victim").exists())
        self.assertTrue(Diversion.objects.exclude(status="offered").exists())
