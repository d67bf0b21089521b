from django.core.exceptions import ValidationError
from django.urls import reverse

from carecircle.accounts.passwords import MaximumLengthValidator
from carecircle.test import PASSWORD, BaseTestCase


class PasswordRulesTest(BaseTestCase):
    """Each rule of SECURITY.md, through the password change page."""

    current = PASSWORD

    def change_to(self, password: str):
        self.login("social_worker")
        return self.client.post(
            reverse("account_change_password"),
            {"oldpassword": self.current, "password1": password, "password2": password},
        )

    def assert_accepted(self, password: str) -> None:
        response = self.change_to(password)
        errors = response.context["form"].errors if response.status_code == 200 else None
        self.assertEqual(response.status_code, 302, errors)
        self.social_worker_a.refresh_from_db()
        self.assertTrue(self.social_worker_a.check_password(password))
        self.current = password

    def assert_refused(self, password: str, message: str) -> None:
        response = self.change_to(password)
        self.assertEqual(response.status_code, 200)
        self.assertIn(message, " ".join(response.context["form"].errors["password1"]))
        self.social_worker_a.refresh_from_db()
        self.assertTrue(self.social_worker_a.check_password(self.current))

    def test_it_needs_at_least_15_characters(self):
        self.assert_refused("fourteen chars", "at least 15 characters")
        self.assert_accepted("fifteen chars!!")

    def test_it_takes_passphrases_of_64_and_128_characters(self):
        self.assert_accepted("tide pools at low water " * 2 + "and the gulls ov")
        self.assertEqual(len("tide pools at low water " * 2 + "and the gulls ov"), 64)
        self.assert_accepted("w" * 60 + " the harbour lights come on one by one " + "e" * 29)

    def test_it_refuses_more_than_128_characters_plainly(self):
        self.assert_refused("x" * 129, "This password is too long. Use at most 128 characters.")

    def test_it_has_no_composition_rules(self):
        self.assert_accepted("only lowercase letters and spaces here")
        self.assert_accepted("597302846153920")

    def test_it_refuses_a_common_password_from_the_bundled_list(self):
        self.assert_refused("qwerty123456789", "This password is too common.")
        self.assert_refused("QWERTY123456789", "This password is too common.")

    def test_the_maximum_cannot_be_set_below_64(self):
        with self.assertRaises(ValueError):
            MaximumLengthValidator(max_length=63)
        with self.assertRaises(ValidationError):
            MaximumLengthValidator(max_length=64).validate("p" * 65)
        MaximumLengthValidator(max_length=64).validate("p" * 64)
