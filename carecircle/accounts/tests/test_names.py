"""How a person is named on a page, from their record or from its columns alone."""

from django.test import SimpleTestCase

from carecircle.accounts.models import User


class NameTest(SimpleTestCase):
    def test_the_full_name_else_the_username(self):
        cases = [
            (("Dana", "Reyes", "dreyes"), "Dana Reyes"),
            (("Dana", "", "dreyes"), "Dana"),
            (("", "Reyes", "dreyes"), "Reyes"),
            (("", "", "dreyes"), "dreyes"),
        ]
        for (first, last, username), shown in cases:
            with self.subTest(shown=shown):
                self.assertEqual(User.name_from(first, last, username), shown)
                person = User(first_name=first, last_name=last, username=username)
                self.assertEqual(person.display_name, shown)
