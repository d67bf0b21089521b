"""Sensitive actions after a while: confirm the password first, then the action is
carried out as it was sent."""

import time

from django.urls import reverse

from carecircle.sharing.models import BreakGlassGrant
from carecircle.test import PASSWORD, BaseTestCase, record_sign_in

REASON = "Youth disclosed an overdose risk at the shelter tonight."


class ReauthenticationTest(BaseTestCase):
    def sign_in_long_ago(self, minutes: int = 20):
        user = self.login("clinician")
        record_sign_in(self.client, user, at=time.time() - minutes * 60)
        return user

    def test_emergency_access_after_a_while_asks_for_the_password_then_goes_ahead(self):
        self.sign_in_long_ago()
        url = reverse("sharing:break_glass", kwargs={"youth_id": self.youth_cw_a.pk})
        asked = self.client.post(url, {"reason": REASON})
        self.assertEqual(asked.status_code, 302)
        self.assertTrue(asked["Location"].startswith(reverse("account_reauthenticate")))
        self.assertFalse(BreakGlassGrant.objects.exists())
        wrong = self.client.post(asked["Location"], {"password": "not the password"})
        self.assertEqual(wrong.status_code, 200)
        self.assertFalse(BreakGlassGrant.objects.exists())
        self.client.post(asked["Location"], {"password": PASSWORD})
        self.assertEqual(BreakGlassGrant.objects.get().reason, REASON)

    def test_an_export_after_a_while_asks_first_and_a_recent_sign_in_does_not(self):
        self.sign_in_long_ago()
        export = reverse("youth:caseload_export")
        asked = self.client.get(export)
        self.assertEqual(
            asked["Location"], f"{reverse('account_reauthenticate')}?next=%2Fyouth%2Fexport.csv"
        )
        self.sign_in_long_ago(minutes=5)
        self.assertEqual(self.client.get(export).status_code, 200)
