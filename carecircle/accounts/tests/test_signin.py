from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.models import UserSession
from carecircle.audit.models import AuditEvent
from carecircle.demo.builder.mfa import demo_code
from carecircle.test import PASSWORD, BaseTestCase


class SignInTestCase(BaseTestCase):
    def accept_notice(self) -> None:
        self.client.post(reverse("use_notice"), {"next": ""})

    def sign_in(self, username: str, password: str):
        """The password, then (for a right password) the authenticator's code."""
        response = self.client.post(
            reverse("account_login"), {"login": username, "password": password}
        )
        if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
            response = self.client.post(reverse("mfa_authenticate"), {"code": demo_code(username)})
        return response


class UseNoticeTest(SignInTestCase):
    def test_it_shows_the_notice_before_the_sign_in_form(self):
        response = self.client.get(reverse("account_login") + "?next=/youth/")
        self.assertRedirects(response, reverse("use_notice") + "?next=%2Fyouth%2F")
        page = self.client.get(response["Location"])
        self.assertContains(page, "Authorised use only")

    def test_it_shows_the_form_once_the_notice_is_accepted(self):
        response = self.client.post(reverse("use_notice"), {"next": "/youth/"})
        self.assertRedirects(
            response, reverse("account_login") + "?next=%2Fyouth%2F", fetch_redirect_response=False
        )
        self.assertContains(self.client.get(reverse("account_login")), 'name="password"')

    def test_it_ignores_a_next_address_on_another_site(self):
        response = self.client.post(reverse("use_notice"), {"next": "https://evil.example/"})
        self.assertEqual(response["Location"], reverse("account_login"))

    def test_it_refuses_a_sign_in_posted_without_the_notice(self):
        response = self.sign_in(self.coordinator_a.username, PASSWORD)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("use_notice")))
        self.assertNotIn("_auth_user_id", self.client.session)


class SignInTest(SignInTestCase):
    def test_it_signs_in_and_records_it(self):
        self.accept_notice()
        response = self.sign_in(self.coordinator_a.username, PASSWORD)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.coordinator_a.pk)
        event = AuditEvent.objects.filter(action="auth.sign_in").latest("id")
        self.assertEqual(event.actor_id, self.coordinator_a.pk)
        self.assertEqual(event.outcome, "success")
        self.assertEqual(event.county_id, self.county_a.pk)
        self.assertEqual(event.source_address, "127.0.0.1")

    def test_it_records_a_failed_sign_in(self):
        self.accept_notice()
        response = self.sign_in(self.coordinator_a.username, "not-the-password")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "error-summary")
        event = AuditEvent.objects.filter(action="auth.sign_in").latest("id")
        self.assertEqual(event.outcome, "failure")
        self.assertEqual(event.actor_username, self.coordinator_a.username)
        self.assertIsNone(event.actor_id)

    def test_it_answers_unknown_and_known_usernames_alike(self):
        self.accept_notice()
        known = self.sign_in(self.coordinator_a.username, "not-the-password")
        unknown = self.sign_in("nobody.anywhere", "not-the-password")
        self.assertEqual(known.status_code, unknown.status_code)
        self.assertEqual(
            known.context["form"].non_field_errors(), unknown.context["form"].non_field_errors()
        )

    def test_it_stores_passwords_with_argon2(self):
        self.assertTrue(self.coordinator_a.password.startswith("argon2"))

    def test_it_gives_a_new_session_key_at_sign_in(self):
        self.accept_notice()
        before = self.client.session.session_key
        self.sign_in(self.coordinator_a.username, PASSWORD)
        self.assertNotEqual(self.client.session.session_key, before)


class LockoutTest(SignInTestCase):
    def test_it_locks_the_account_after_five_failures_for_ten_minutes(self):
        username = self.probation_officer_a.username
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.accept_notice()
            for _ in range(4):
                self.assertEqual(self.sign_in(username, "wrong-password-guess").status_code, 200)
            # The fifth failure locks the account, and says so at once.
            self.assertEqual(self.sign_in(username, "wrong-password-guess").status_code, 429)
            refused = self.sign_in(username, PASSWORD)
            self.assertEqual(refused.status_code, 429)
            self.assertContains(refused, "cannot sign in for 10 minutes", status_code=429)
            self.assertNotIn("_auth_user_id", self.client.session)

            clock.shift(timedelta(minutes=9))
            self.assertEqual(self.sign_in(username, PASSWORD).status_code, 429)

            clock.shift(timedelta(minutes=1, seconds=1))
            accepted = self.sign_in(username, PASSWORD)
            self.assertRedirects(accepted, reverse("home"), fetch_redirect_response=False)
            self.assertEqual(int(self.client.session["_auth_user_id"]), self.probation_officer_a.pk)

    def test_it_locks_an_unknown_username_the_same_way(self):
        self.accept_notice()
        for _ in range(5):
            self.sign_in("nobody.anywhere", "wrong-password-guess")
        self.assertEqual(self.sign_in("nobody.anywhere", "wrong-password-guess").status_code, 429)

    def test_it_does_not_lock_other_accounts(self):
        self.accept_notice()
        for _ in range(5):
            self.sign_in(self.probation_officer_a.username, "wrong-password-guess")
        response = self.sign_in(self.clinician_a.username, PASSWORD)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)


class SignOutTest(SignInTestCase):
    def test_it_ends_the_session_on_the_server(self):
        self.accept_notice()
        self.sign_in(self.coordinator_a.username, PASSWORD)
        old_key = self.client.session.session_key
        self.assertTrue(UserSession.objects.filter(session_key=old_key).exists())
        response = self.client.post(reverse("account_logout"))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(UserSession.objects.filter(session_key=old_key).exists())
        # Replaying the old cookie does not bring the session back.
        self.client.cookies["sessionid"] = old_key
        self.assertEqual(self.client.get(reverse("youth:caseload")).status_code, 302)
        self.assertTrue(
            AuditEvent.objects.filter(
                action="auth.sign_out", actor_id=self.coordinator_a.pk
            ).exists()
        )

    def test_it_does_not_sign_out_on_get(self):
        self.login("coordinator")
        self.client.get(reverse("account_logout"))
        self.assertIn("_auth_user_id", self.client.session)
