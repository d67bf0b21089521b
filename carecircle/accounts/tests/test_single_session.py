from django.test import override_settings
from django.urls import reverse

from carecircle.accounts.models import UserSession
from carecircle.accounts.testing import signed_in_client
from carecircle.audit.models import AuditEvent
from carecircle.test import PASSWORD, BaseTestCase

ELSEWHERE = "You were signed out because your account signed in on another computer or browser."


class SingleSessionTest(BaseTestCase):
    def test_signing_in_on_a_second_computer_signs_the_first_out_and_says_why(self):
        username = self.social_worker_a.username
        first = signed_in_client(username, PASSWORD)
        self.assertEqual(first.get(reverse("youth:caseload")).status_code, 200)
        second = signed_in_client(username, PASSWORD)

        response = first.get(reverse("youth:caseload"))
        self.assertRedirects(
            response,
            reverse("account_login") + "?next=%2Fyouth%2F",
            fetch_redirect_response=False,
        )
        page = first.get(response["Location"])
        self.assertContains(page, "Sign in to Care Circle")
        self.assertContains(page, ELSEWHERE)
        self.assertNotIn("_auth_user_id", first.session)
        self.assertEqual(second.get(reverse("youth:caseload")).status_code, 200)
        self.assertEqual(UserSession.objects.filter(user=self.social_worker_a).count(), 1)
        event = AuditEvent.objects.get(action="auth.sessions_replaced")
        self.assertEqual(event.actor_id, self.social_worker_a.pk)
        self.assertEqual(event.detail, {"sessions_ended": 1})

    def test_it_tells_htmx_requests_where_to_go(self):
        first = signed_in_client(self.social_worker_a.username, PASSWORD)
        signed_in_client(self.social_worker_a.username, PASSWORD)
        response = first.get(reverse("youth:caseload"), headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 204)
        self.assertTrue(response["HX-Redirect"].startswith(reverse("account_login")))

    def test_it_leaves_other_people_signed_in(self):
        colleague = signed_in_client(self.coordinator_a.username, PASSWORD)
        signed_in_client(self.social_worker_a.username, PASSWORD)
        signed_in_client(self.social_worker_a.username, PASSWORD)
        self.assertEqual(colleague.get(reverse("youth:caseload")).status_code, 200)

    def test_a_first_sign_in_is_not_recorded_as_replacing_anything(self):
        signed_in_client(self.social_worker_a.username, PASSWORD)
        self.assertFalse(AuditEvent.objects.filter(action="auth.sessions_replaced").exists())

    @override_settings(CARECIRCLE_SINGLE_SESSION=False)
    def test_it_can_be_turned_off(self):
        first = signed_in_client(self.social_worker_a.username, PASSWORD)
        second = signed_in_client(self.social_worker_a.username, PASSWORD)
        self.assertEqual(first.get(reverse("youth:caseload")).status_code, 200)
        self.assertEqual(second.get(reverse("youth:caseload")).status_code, 200)


class SessionOwnerTest(BaseTestCase):
    def test_a_session_knows_its_person_and_an_anonymous_one_does_not(self):
        browser = signed_in_client(self.social_worker_a.username, PASSWORD)
        session = UserSession.objects.get(session_key=browser.session.session_key)
        self.assertEqual(session.user_id, self.social_worker_a.pk)
        self.client.post(reverse("use_notice"), {"next": ""})
        anonymous = UserSession.objects.get(session_key=self.client.session.session_key)
        self.assertIsNone(anonymous.user_id)

    def test_the_new_key_after_a_password_change_is_still_theirs(self):
        browser = signed_in_client(self.social_worker_a.username, PASSWORD)
        before = browser.session.session_key
        new_password = "a brand new passphrase for the test"
        response = browser.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
        )
        self.assertEqual(response.status_code, 302)
        after = browser.session.session_key
        self.assertNotEqual(before, after)
        self.assertEqual(
            UserSession.objects.get(session_key=after).user_id, self.social_worker_a.pk
        )
        self.client.force_login(self.county_admin_a)
        self.client.post(
            reverse("county_person_sign_out", kwargs={"user_id": self.social_worker_a.pk})
        )
        self.assertEqual(browser.get(reverse("youth:caseload")).status_code, 302)
