from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase


class SessionTimeoutTest(BaseTestCase):
    def test_it_signs_out_a_session_idle_for_31_minutes(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.login("coordinator")
            self.assertEqual(self.client.get(reverse("youth:caseload")).status_code, 200)
            clock.shift(timedelta(minutes=31))
            response = self.client.get(reverse("youth:caseload"))
            self.assertRedirects(
                response,
                reverse("account_login") + "?next=%2Fyouth%2F",
                fetch_redirect_response=False,
            )
            self.assertNotIn("_auth_user_id", self.client.session)
            event = AuditEvent.objects.get(action="auth.session_expired")
            self.assertEqual(event.detail, {"reason": "idle"})

    def test_it_keeps_a_session_active_within_30_minutes(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.login("coordinator")
            for _ in range(3):
                clock.shift(timedelta(minutes=29))
                self.assertEqual(self.client.get(reverse("youth:caseload")).status_code, 200)

    def test_it_signs_out_a_session_12_hours_old_however_active(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.login("coordinator")
            for _ in range(24):  # 24 x 29 min = 11 h 36 min
                clock.shift(timedelta(minutes=29))
                self.assertEqual(self.client.get(reverse("youth:caseload")).status_code, 200)
            clock.shift(timedelta(minutes=25))  # 12 h 1 min after sign-in
            response = self.client.get(reverse("youth:caseload"))
            self.assertEqual(response.status_code, 302)
            self.assertNotIn("_auth_user_id", self.client.session)
            event = AuditEvent.objects.get(action="auth.session_expired")
            self.assertEqual(event.detail, {"reason": "absolute"})

    def test_it_tells_htmx_requests_where_to_go(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.login("coordinator")
            clock.shift(timedelta(minutes=31))
            response = self.client.get(reverse("youth:caseload"), headers={"HX-Request": "true"})
            self.assertEqual(response.status_code, 204)
            self.assertTrue(response["HX-Redirect"].startswith(reverse("account_login")))
