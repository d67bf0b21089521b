"""The county administrator adds people and changes their roles: each change audited,
after a recent password, within the county only, and never to themselves."""

import time

from django.urls import reverse

from carecircle.accounts.models import Alert, Membership, User, UserSession
from carecircle.accounts.roles import AgencyType, Role
from carecircle.accounts.testing import signed_in_client
from carecircle.accounts.tests.loopback import county_person
from carecircle.audit.models import AuditEvent
from carecircle.sharing import policy
from carecircle.test import PASSWORD, BaseTestCase, record_sign_in

NEW = reverse("county_person_new")
FIRST_PASSWORD = "a long first password for dana"


def roles_url(user: User) -> str:
    return reverse("county_person_roles", kwargs={"user_id": user.pk})


def end_url(membership: Membership) -> str:
    return reverse(
        "county_person_role_end",
        kwargs={"user_id": membership.user_id, "membership_id": membership.pk},
    )


class NewPersonTest(BaseTestCase):
    def data(self, **changes) -> dict:
        return {
            "first_name": "Dana",
            "last_name": "Ortiz",
            "username": "dana.ortiz",
            "email": "dana.ortiz@fernhollow.example",
            "password": FIRST_PASSWORD,
            "agency": self.agencies_a[AgencyType.PROBATION].pk,
            "role": Role.PROBATION_OFFICER,
            **changes,
        }

    def test_the_administrator_adds_a_person_with_a_first_role(self):
        self.login("county_admin")
        self.assertContains(self.client.get(reverse("county_people")), NEW)
        response = self.client.post(NEW, self.data())
        self.assertRedirects(response, reverse("county_people"))
        person = User.objects.get(username="dana.ortiz")
        self.assertEqual(person.county, self.county_a)
        self.assertTrue(person.check_password(FIRST_PASSWORD))
        self.assertTrue(policy.has_role(person, Role.PROBATION_OFFICER))
        actions = list(
            AuditEvent.objects.filter(actor_id=self.county_admin_a.pk)
            .order_by("pk")
            .values_list("action", flat=True)
        )
        self.assertEqual(actions[-2:], ["user.create", "membership.create"])
        self.assertNotIn(FIRST_PASSWORD, str(AuditEvent.objects.values_list("detail")))

    def test_without_a_password_they_sign_in_only_through_the_county_provider(self):
        self.login("county_admin")
        self.client.post(NEW, self.data(password=""))
        self.assertFalse(User.objects.get(username="dana.ortiz").has_usable_password())

    def test_bad_input_is_refused_and_changes_nothing(self):
        self.login("county_admin")
        before = User.objects.count()
        for changes, message in (
            ({"username": "dana ortiz"}, "letters, digits, dots"),
            ({"username": self.social_worker_b.username}, "already in use"),
            ({"password": "short"}, "at least 15 characters"),
            ({"agency": self.agencies_b[AgencyType.PROBATION].pk}, "Select a valid choice"),
            ({"role": "emperor"}, "Select a valid choice"),
            ({"first_name": ""}, "This field is required"),
        ):
            with self.subTest(changes=changes):
                self.assertContains(self.client.post(NEW, self.data(**changes)), message)
        self.assertEqual(User.objects.count(), before)

    def test_an_email_already_in_the_county_is_refused(self):
        User.objects.filter(pk=self.social_worker_a.pk).update(email="sw@fernhollow.example")
        self.login("county_admin")
        response = self.client.post(NEW, self.data(email="SW@fernhollow.example"))
        self.assertContains(response, "Another account of the county has this e-mail address")
        self.assertFalse(User.objects.filter(username="dana.ortiz").exists())

    def test_only_the_county_administrator_and_after_a_recent_password(self):
        for role in ("coordinator", "supervisor", "auditor"):
            with self.subTest(role=role):
                self.login(role)
                self.assertEqual(self.client.post(NEW, self.data()).status_code, 403)
        admin = self.login("county_admin")
        record_sign_in(self.client, admin, at=time.time() - 20 * 60)
        asked = self.client.post(NEW, self.data())
        self.assertTrue(asked["Location"].startswith(reverse("account_reauthenticate")))
        self.assertFalse(User.objects.filter(username="dana.ortiz").exists())
        self.client.post(asked["Location"], {"password": PASSWORD})
        self.assertTrue(User.objects.filter(username="dana.ortiz").exists())


class RolesTest(BaseTestCase):
    def test_a_role_given_and_ended_takes_effect_at_the_next_request(self):
        worker = self.social_worker_a
        self.login("county_admin")
        agency = self.agencies_a[AgencyType.CHILD_WELFARE]
        response = self.client.post(
            roles_url(worker), {"agency": agency.pk, "role": Role.SUPERVISOR}
        )
        self.assertRedirects(response, roles_url(worker))
        supervisor = Membership.objects.get(user=worker, role=Role.SUPERVISOR)
        self.assertTrue(policy.has_role(User.objects.get(pk=worker.pk), Role.SUPERVISOR))

        page = self.client.post(end_url(supervisor), follow=True)
        self.assertContains(page, "is no longer Supervisor")
        self.assertContains(page, "Ended")
        self.assertFalse(policy.has_role(User.objects.get(pk=worker.pk), Role.SUPERVISOR))
        # Given back: the same membership, active again.
        self.client.post(roles_url(worker), {"agency": agency.pk, "role": Role.SUPERVISOR})
        supervisor.refresh_from_db()
        self.assertTrue(supervisor.active)
        self.assertEqual(
            list(
                AuditEvent.objects.filter(action__startswith="membership.")
                .order_by("pk")
                .values_list("action", flat=True)
            )[-3:],
            ["membership.create", "membership.end", "membership.restore"],
        )

    def test_a_role_held_already_or_in_another_county_is_refused(self):
        worker = self.social_worker_a
        membership = worker.memberships.get()
        self.login("county_admin")
        held = self.client.post(
            roles_url(worker), {"agency": membership.agency_id, "role": membership.role}
        )
        self.assertContains(held, "already hold this role")
        other = self.client.post(
            roles_url(worker),
            {"agency": self.agencies_b[AgencyType.PROBATION].pk, "role": Role.SUPERVISOR},
        )
        self.assertContains(other, "Select a valid choice")
        self.assertEqual(worker.memberships.count(), 1)

    def test_an_administrator_neither_gives_themselves_a_role_nor_ends_their_own_post(self):
        admin = self.login("county_admin")
        page = self.client.get(roles_url(admin))
        self.assertContains(page, "You cannot give yourself a role")
        given = self.client.post(
            roles_url(admin),
            {"agency": self.agencies_a[AgencyType.CHILD_WELFARE].pk, "role": Role.COORDINATOR},
        )
        self.assertContains(given, "You cannot give yourself a role")
        own = admin.memberships.get(role=Role.COUNTY_ADMIN)
        ended = self.client.post(end_url(own), follow=True)
        self.assertContains(ended, "cannot end your own county administrator role")
        own.refresh_from_db()
        self.assertTrue(own.active)
        self.assertFalse(admin.memberships.filter(role=Role.COORDINATOR).exists())

    def test_another_countys_person_or_membership_is_not_found(self):
        self.login("county_admin")
        self.assertEqual(self.client.get(roles_url(self.social_worker_b)).status_code, 404)
        theirs = self.social_worker_b.memberships.get()
        wrong_person = reverse(
            "county_person_role_end",
            kwargs={"user_id": self.social_worker_a.pk, "membership_id": theirs.pk},
        )
        self.assertEqual(self.client.post(wrong_person).status_code, 404)
        self.assertEqual(self.client.post(end_url(theirs)).status_code, 404)
        theirs.refresh_from_db()
        self.assertTrue(theirs.active)

    def test_ending_a_role_after_a_while_asks_for_the_password_first(self):
        membership = self.social_worker_a.memberships.get()
        admin = self.login("county_admin")
        record_sign_in(self.client, admin, at=time.time() - 20 * 60)
        asked = self.client.post(end_url(membership))
        self.assertTrue(asked["Location"].startswith(reverse("account_reauthenticate")))
        membership.refresh_from_db()
        self.assertTrue(membership.active)


class NewPasswordTest(BaseTestCase):
    NEW_PASSWORD = "a fresh password told by phone"

    def url(self, user: User) -> str:
        return reverse("county_person_password", kwargs={"user_id": user.pk})

    def test_a_person_who_forgot_theirs_gets_a_new_one_and_is_signed_out(self):
        worker = self.social_worker_a
        laptop = signed_in_client(worker.username, PASSWORD)
        self.login("county_admin")
        self.assertContains(self.client.get(reverse("county_people")), self.url(worker))
        response = self.client.post(self.url(worker), {"password": self.NEW_PASSWORD})
        self.assertRedirects(response, reverse("county_people"))
        worker.refresh_from_db()
        self.assertTrue(worker.check_password(self.NEW_PASSWORD))
        self.assertFalse(UserSession.objects.filter(user=worker).exists())
        self.assertEqual(laptop.get(reverse("youth:caseload")).status_code, 302)
        event = AuditEvent.objects.get(action="user.password_set")
        self.assertEqual(event.detail, {"username": worker.username, "sessions_ended": 1})
        self.assertIn("set a new password", Alert.objects.filter(user=worker).latest("pk").message)
        self.assertNotIn(self.NEW_PASSWORD, str(AuditEvent.objects.values_list("detail")))

    def test_a_weak_one_oneself_or_another_county_is_refused(self):
        worker = self.social_worker_a
        self.login("county_admin")
        short = self.client.post(self.url(worker), {"password": "short"})
        self.assertContains(short, "at least 15 characters")
        own = self.client.post(self.url(self.county_admin_a), {"password": self.NEW_PASSWORD})
        self.assertContains(own, "use Change password")
        other = self.client.post(self.url(self.social_worker_b), {"password": self.NEW_PASSWORD})
        self.assertEqual(other.status_code, 404)
        single_sign_on_only = county_person(self.county_a, self.agencies_a[AgencyType.PROBATION])
        refused = self.client.post(self.url(single_sign_on_only), {"password": self.NEW_PASSWORD})
        self.assertContains(refused, "signs in only with the county")
        self.assertFalse(User.objects.get(pk=single_sign_on_only.pk).has_usable_password())
        for person in (worker, self.county_admin_a, self.social_worker_b):
            person.refresh_from_db()
            self.assertTrue(person.check_password(PASSWORD))
        self.assertFalse(AuditEvent.objects.filter(action="user.password_set").exists())
        self.login("supervisor")
        self.assertEqual(self.client.get(self.url(worker)).status_code, 403)
