from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.models import EndedSession, User, UserSession
from carecircle.accounts.roles import Role
from carecircle.accounts.testing import fail_sign_ins, signed_in_client
from carecircle.api.actions import issue_token
from carecircle.api.models import Scope
from carecircle.audit.models import AuditEvent
from carecircle.test import PASSWORD, BaseTestCase

ACTIONS = [
    "county_person_disable",
    "county_person_enable",
    "county_person_unlock",
    "county_person_sign_out",
]
ADMIN_SIGNED_OUT = "Your county administrator signed you out."
# The session and the viewer, their memberships and county; the people with their
# sessions in use, their memberships, the lockouts; the header's county and alert
# count; saving the session (three, with its savepoint).
PEOPLE_PAGE_QUERIES = 12


def action_url(name: str, user: User) -> str:
    return reverse(name, kwargs={"user_id": user.pk})


class PeopleTestCase(BaseTestCase):
    def assert_sent_to_sign_in(self, client, message: str | None = None) -> None:
        response = client.get(reverse("youth:caseload"), follow=True)
        self.assertEqual(response.redirect_chain[0][1], 302)
        self.assertTrue(response.redirect_chain[0][0].startswith(reverse("account_login")))
        self.assertContains(response, "Sign in to Care Circle")
        if message:
            self.assertContains(response, message)
        self.assertNotIn("_auth_user_id", client.session)


class PeoplePageTest(PeopleTestCase):
    def test_it_lists_the_countys_people_with_roles_state_and_last_sign_in(self):
        signed_in_client(self.social_worker_a.username, PASSWORD)
        self.login("county_admin")
        response = self.client.get(reverse("county_people"))
        self.assertEqual(response.status_code, 200)
        people = {person.username: person for person in response.context["people"]}
        self.assertEqual(
            set(people),
            set(User.objects.filter(county=self.county_a).values_list("username", flat=True)),
        )
        self.assertNotIn(self.social_worker_b.username, people)
        self.assertContains(response, self.social_worker_a.username)
        self.assertContains(response, "Social worker, Fernhollow Children and Family Services")
        worker = people[self.social_worker_a.username]
        self.assertEqual(worker.sessions_in_use, 1)
        self.assertIsNotNone(worker.last_login)
        self.assertIsNone(people[self.clinician_a.username].last_login)
        self.assertContains(response, "Never")
        self.assertContains(response, "Yes, 1 session")
        self.assertContains(response, "This is you.")

    def test_it_shows_who_is_locked_out(self):
        fail_sign_ins(self.probation_officer_a.username, 5)
        self.login("county_admin")
        response = self.client.get(reverse("county_people"))
        locked = {p.username for p in response.context["people"] if p.is_locked}
        self.assertEqual(locked, {self.probation_officer_a.username})
        self.assertContains(response, "Locked")
        self.assertContains(response, action_url("county_person_unlock", self.probation_officer_a))

    def test_it_counts_a_session_idle_for_more_than_30_minutes_as_not_in_use(self):
        signed_in_client(self.social_worker_a.username, PASSWORD)
        UserSession.objects.filter(user=self.social_worker_a).update(
            expire_date=timezone.now() + timedelta(hours=11, minutes=29)
        )
        self.login("county_admin")
        response = self.client.get(reverse("county_people"))
        worker = next(p for p in response.context["people"] if p.pk == self.social_worker_a.pk)
        self.assertEqual(worker.sessions_in_use, 0)

    def test_it_costs_the_same_queries_however_many_people(self):
        self.login("county_admin")
        with self.assertNumQueries(PEOPLE_PAGE_QUERIES):
            self.client.get(reverse("county_people"))
        fail_sign_ins(self.clinician_a.username, 5)
        signed_in_client(self.coordinator_a.username, PASSWORD)
        self.login("county_admin")
        with self.assertNumQueries(PEOPLE_PAGE_QUERIES):
            self.client.get(reverse("county_people"))

    def test_it_is_linked_from_the_county_set_up_page(self):
        self.login("county_admin")
        self.assertContains(self.client.get(reverse("county_settings")), reverse("county_people"))


class DisableTest(PeopleTestCase):
    @override_settings(CARECIRCLE_SINGLE_SESSION=False)
    def test_it_ends_every_session_and_stops_every_token_at_once(self):
        worker = self.social_worker_a
        office = signed_in_client(worker.username, PASSWORD)
        laptop = signed_in_client(worker.username, PASSWORD)
        token = issue_token(
            actor=worker,
            user=worker,
            name="Case system",
            scopes=[Scope.YOUTH_READ],
            expires_at=timezone.now() + timedelta(days=30),
        )
        api = reverse("api:youth_list")
        bearer = {"HTTP_AUTHORIZATION": f"Bearer {token.text}"}
        self.assertEqual(office.get(reverse("youth:caseload")).status_code, 200)
        self.assertEqual(laptop.get(reverse("youth:caseload")).status_code, 200)
        self.assertEqual(self.client.get(api, **bearer).status_code, 200)
        self.assertEqual(UserSession.objects.filter(user=worker).count(), 2)

        self.login("county_admin")
        response = self.client.post(action_url("county_person_disable", worker), follow=True)
        self.assertContains(response, "is disabled: signed out everywhere")

        worker.refresh_from_db()
        self.assertFalse(worker.is_active)
        self.assertFalse(UserSession.objects.filter(user=worker).exists())
        self.assert_sent_to_sign_in(office, ADMIN_SIGNED_OUT)
        self.assert_sent_to_sign_in(laptop, ADMIN_SIGNED_OUT)
        self.client.logout()
        self.assertEqual(self.client.get(api, **bearer).status_code, 401)
        event = AuditEvent.objects.get(action="user.disable")
        self.assertEqual(event.actor_id, self.county_admin_a.pk)
        self.assertEqual(event.county_id, self.county_a.pk)
        self.assertEqual(
            event.detail,
            {
                "username": worker.username,
                "old": {"is_active": True},
                "new": {"is_active": False},
                "sessions_ended": 2,
            },
        )

    def test_a_disabled_person_cannot_sign_in(self):
        self.login("county_admin")
        self.client.post(action_url("county_person_disable", self.clinician_a))
        self.client.logout()
        with self.assertRaises(AssertionError):
            signed_in_client(self.clinician_a.username, PASSWORD)

    def test_it_leaves_other_peoples_sessions_alone(self):
        colleague = signed_in_client(self.coordinator_a.username, PASSWORD)
        self.login("county_admin")
        self.client.post(action_url("county_person_disable", self.social_worker_a))
        self.assertEqual(colleague.get(reverse("youth:caseload")).status_code, 200)

    def test_an_administrator_cannot_disable_themselves(self):
        admin = self.login("county_admin")
        response = self.client.post(action_url("county_person_disable", admin), follow=True)
        self.assertContains(response, "You cannot disable your own account.")
        admin.refresh_from_db()
        self.assertTrue(admin.is_active)
        self.assertFalse(AuditEvent.objects.filter(action="user.disable").exists())

    def test_enabling_lets_the_person_sign_in_again(self):
        self.login("county_admin")
        self.client.post(action_url("county_person_disable", self.clinician_a))
        response = self.client.post(
            action_url("county_person_enable", self.clinician_a), follow=True
        )
        self.assertContains(response, "can sign in again")
        signed_in_client(self.clinician_a.username, PASSWORD)
        event = AuditEvent.objects.get(action="user.enable")
        self.assertEqual(event.detail["old"], {"is_active": False})
        self.assertEqual(event.detail["new"], {"is_active": True})


class SignOutEverywhereTest(PeopleTestCase):
    def test_it_signs_the_person_out_without_disabling_them(self):
        worker = signed_in_client(self.social_worker_a.username, PASSWORD)
        self.login("county_admin")
        response = self.client.post(
            action_url("county_person_sign_out", self.social_worker_a), follow=True
        )
        self.assertContains(response, "is signed out everywhere (1 session ended)")
        self.assert_sent_to_sign_in(worker, ADMIN_SIGNED_OUT)
        self.social_worker_a.refresh_from_db()
        self.assertTrue(self.social_worker_a.is_active)
        signed_in_client(self.social_worker_a.username, PASSWORD)
        event = AuditEvent.objects.get(action="user.sessions_end")
        self.assertEqual(event.actor_id, self.county_admin_a.pk)
        self.assertEqual(
            event.detail, {"username": self.social_worker_a.username, "sessions_ended": 1}
        )

    def test_the_message_is_shown_once_and_keeps_only_a_digest(self):
        worker = signed_in_client(self.social_worker_a.username, PASSWORD)
        key = worker.session.session_key
        self.login("county_admin")
        self.client.post(action_url("county_person_sign_out", self.social_worker_a))
        self.assertFalse(EndedSession.objects.filter(key_digest=key).exists())
        self.assertEqual(EndedSession.objects.count(), 1)
        self.assert_sent_to_sign_in(worker, ADMIN_SIGNED_OUT)
        self.assertEqual(EndedSession.objects.count(), 0)
        response = worker.get(reverse("youth:caseload"), follow=True)
        self.assertNotContains(response, ADMIN_SIGNED_OUT)


class UnlockTest(PeopleTestCase):
    def test_it_lets_a_locked_out_person_sign_in_again(self):
        officer = self.probation_officer_a
        browser = fail_sign_ins(officer.username, 5)
        refused = browser.post(
            reverse("account_login"), {"login": officer.username, "password": PASSWORD}
        )
        self.assertEqual(refused.status_code, 429)

        self.login("county_admin")
        response = self.client.post(action_url("county_person_unlock", officer), follow=True)
        self.assertContains(response, "is unlocked")
        accepted = browser.post(
            reverse("account_login"), {"login": officer.username, "password": PASSWORD}
        )
        # The password is accepted again: on to the second step.
        self.assertRedirects(accepted, reverse("mfa_authenticate"), fetch_redirect_response=False)
        event = AuditEvent.objects.get(action="user.unlock")
        self.assertEqual(event.actor_id, self.county_admin_a.pk)
        self.assertTrue(event.detail["was_locked"])
        self.assertGreaterEqual(event.detail["attempts_cleared"], 1)

    def test_it_unlocks_every_spelling_of_the_username(self):
        officer = self.probation_officer_a
        fail_sign_ins(officer.username.upper(), 5)
        self.login("county_admin")
        self.assertContains(self.client.get(reverse("county_people")), "Locked")
        self.client.post(action_url("county_person_unlock", officer))
        signed_in_client(officer.username.upper(), PASSWORD)


class WhoMayTest(PeopleTestCase):
    def test_another_countys_administrator_finds_nobody(self):
        self.login("county_admin", "b")
        worker = self.social_worker_a
        signed_in_client(worker.username, PASSWORD)
        for name in ACTIONS:
            with self.subTest(name=name):
                self.assertEqual(self.client.post(action_url(name, worker)).status_code, 404)
        worker.refresh_from_db()
        self.assertTrue(worker.is_active)
        self.assertTrue(UserSession.objects.filter(user=worker).exists())
        people = self.client.get(reverse("county_people")).context["people"]
        self.assertNotIn(worker.pk, {p.pk for p in people})

    def test_nobody_else_may_act(self):
        worker = self.social_worker_a
        for role in Role.values:
            if role == Role.COUNTY_ADMIN:
                continue
            self.login(role)
            with self.subTest(role=role):
                self.assertEqual(self.client.get(reverse("county_people")).status_code, 403)
                for name in ACTIONS:
                    self.assertEqual(self.client.post(action_url(name, worker)).status_code, 403)
        self.client.force_login(self.state_analyst)
        for name in ACTIONS:
            self.assertEqual(self.client.post(action_url(name, worker)).status_code, 403)
        self.client.logout()
        for name in ACTIONS:
            response = self.client.post(action_url(name, worker))
            self.assertTrue(response["Location"].startswith(reverse("account_login")))
        worker.refresh_from_db()
        self.assertTrue(worker.is_active)
        self.assertFalse(
            AuditEvent.objects.filter(action__startswith="user.")
            .exclude(action="user.create")
            .exists()
        )

    def test_actions_need_a_post_with_the_csrf_token(self):
        from django.test import Client

        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.county_admin_a)
        response = browser.post(action_url("county_person_disable", self.social_worker_a))
        self.assertEqual(response.status_code, 403)
        self.social_worker_a.refresh_from_db()
        self.assertTrue(self.social_worker_a.is_active)
        self.assertEqual(
            self.client.get(action_url("county_person_disable", self.social_worker_a)).status_code,
            405,
        )
