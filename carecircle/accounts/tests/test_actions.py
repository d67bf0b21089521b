from django.core.exceptions import ValidationError

from carecircle.accounts import actions
from carecircle.accounts.models import User
from carecircle.accounts.roles import AgencyType, Role
from carecircle.audit.models import AuditEvent
from carecircle.test import BaseTestCase


class CreateUserTest(BaseTestCase):
    def test_it_creates_county_staff_and_records_it(self):
        user = actions.create_user(
            actor=self.county_admin_a,
            username="new.worker",
            password="a sufficiently long passphrase",
            county=self.county_a,
        )
        self.assertTrue(user.check_password("a sufficiently long passphrase"))
        event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
        self.assertEqual(event.actor_id, self.county_admin_a.pk)

    def test_it_refuses_a_password_shorter_than_15_characters(self):
        with self.assertRaises(ValidationError):
            actions.create_user(
                actor=None, username="short.pw", password="fourteen-chars", county=self.county_a
            )
        self.assertFalse(User.objects.filter(username="short.pw").exists())

    def test_it_refuses_a_person_in_both_a_county_and_the_state(self):
        with self.assertRaises(ValidationError):
            actions.create_user(
                actor=None,
                username="both",
                password=None,
                county=self.county_a,
                state_role="state_analyst",
            )

    def test_it_refuses_a_person_in_neither(self):
        with self.assertRaises(ValidationError):
            actions.create_user(actor=None, username="neither", password=None)


class AddMembershipTest(BaseTestCase):
    def test_it_lets_a_person_hold_roles_in_several_agencies(self):
        clinician = self.clinician_a
        actions.add_membership(
            actor=None,
            user=clinician,
            agency=self.agencies_a[AgencyType.SUBSTANCE_USE],
            role=Role.COUNSELOR,
        )
        self.assertEqual(clinician.memberships.count(), 2)

    def test_it_refuses_an_agency_of_another_county(self):
        with self.assertRaises(ValidationError):
            actions.add_membership(
                actor=None,
                user=self.clinician_a,
                agency=self.agencies_b[AgencyType.MENTAL_HEALTH],
                role=Role.CLINICIAN,
            )
        self.assertEqual(self.clinician_a.memberships.count(), 1)
